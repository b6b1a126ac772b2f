// The "Disable <rule> for this statement / file" edits on Scala: a `//`
// comment above the statement that holds the finding (above the first line
// of a multi-line chain, with its indentation), or at the top of the file;
// never a Python `#`. Over every finding of every Scala rule fixture: the
// edited file parses as before and the finding is gone, while the rule's
// other findings stay.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/types';
import { applyEdits } from '../../server/src/fixes/apply-edits';
import { disableForFile, disableForStatement, scalaPlacement } from '../../server/src/fixes/suppression-edits';
import { LineIndex } from '../../server/src/model/span';
import { scalaParseText } from '../../server/src/scala/read-tree';
import { createParser } from '../../server/src/syntax/tree-sitter';
import { errorsOf } from './scala-fix-check';

const fixtures = path.join(__dirname, 'fixtures', 'rules');

async function findingsOf(text: string, rule: string): Promise<readonly Finding[]> {
  return (await analyzeFile('Job.scala', text, { ...defaultSettings, select: [rule] })).findings.filter((finding) => finding.rule === rule);
}

test('a Scala statement comment is // above the chain\'s first line, with its indentation; merged into one already there', async () => {
  const parser = await createParser('scala');
  const text = [
    'object Job {',
    '  def main(args: Array[String]): Unit = {',
    '    events.writeStream',
    '      .format("console")',
    '      .trigger(Trigger.Once())',
    '      .start()',
    '  }',
    '}',
    '',
  ].join('\n');
  const tree = parser.parse(scalaParseText(text))!;
  try {
    const placement = scalaPlacement(text, tree.rootNode);
    const edit = disableForStatement(text, text.indexOf('Trigger.Once'), 'WP807', placement);
    assert.ok(edit);
    const once = applyEdits(text, [edit]);
    assert.ok(once.includes('  def main(args: Array[String]): Unit = {\n    // whirlpool: ignore[WP807]\n    events.writeStream\n'), once);
    const tree2 = parser.parse(scalaParseText(once))!;
    try {
      const merged = disableForStatement(once, once.indexOf('.start()'), 'WP701', scalaPlacement(once, tree2.rootNode));
      assert.ok(merged);
      assert.ok(applyEdits(once, [merged]).includes('    // whirlpool: ignore[WP807, WP701]\n    events.writeStream\n'));
    } finally {
      tree2.delete();
    }
    // A def's header is a compound statement's own: no comment above covers only it, so the comment ends its line.
    const header = disableForStatement(text, text.indexOf('args'), 'WP001', placement);
    assert.ok(applyEdits(text, [header!]).includes('  def main(args: Array[String]): Unit = { // whirlpool: ignore[WP001]\n'));
    assert.equal(applyEdits(text, [disableForFile(text, 'WP807', placement)]).split('\n')[0], '// whirlpool: ignore-file[WP807]');
    const notebook = `// Databricks notebook source\n${text}`;
    assert.equal(applyEdits(notebook, [disableForFile(notebook, 'WP807', scalaPlacement(notebook, null))]).split('\n').slice(0, 2).join('\n'), '// Databricks notebook source\n// whirlpool: ignore-file[WP807]');
  } finally {
    tree.delete();
  }
});

test('CRLF files get CRLF suppression lines', async () => {
  const parser = await createParser('scala');
  const text = 'object Job {\r\n  events.writeStream.start()\r\n}\r\n';
  const tree = parser.parse(scalaParseText(text))!;
  try {
    const edit = disableForStatement(text, text.indexOf('start'), 'WP701', scalaPlacement(text, tree.rootNode));
    assert.equal(edit?.newText, '  // whirlpool: ignore[WP701]\r\n');
  } finally {
    tree.delete();
  }
});

test('on every Scala rule fixture, disabling a finding for its statement or its file removes it and nothing else', async () => {
  const parser = await createParser('scala');
  let statements = 0;
  const uncovered: string[] = [];
  for (const rule of readdirSync(fixtures, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
    for (const name of readdirSync(path.join(fixtures, rule)).filter((file) => file.startsWith('invalid') && file.endsWith('.scala')).sort()) {
      const text = readFileSync(path.join(fixtures, rule, name), 'utf8');
      const findings = await findingsOf(text, rule);
      const before = await errorsOf(text);
      const tree = parser.parse(scalaParseText(text))!;
      try {
        const placement = scalaPlacement(text, tree.rootNode);
        const lines = new LineIndex(text);
        for (const finding of findings) {
          const where = `${rule}/${name}:${lines.position(finding.span.start).line + 1}`;
          const edit = disableForStatement(text, finding.span.start, rule, placement);
          if (edit === null) {
            uncovered.push(where);
            continue;
          }
          if (!edit.newText.endsWith('\n')) uncovered.push(`${where} (end of line)`);
          statements++;
          const after = applyEdits(text, [edit]);
          assert.doesNotMatch(edit.newText, /#/, `${where}: a Python comment`);
          assert.deepEqual(await errorsOf(after), before, `${where}: the comment broke the file:\n${after}`);
          // The finding moved down by the inserted line (or stayed, when merged into a comment there): it is the one gone.
          const remaining = (await findingsOf(after, rule)).length;
          assert.ok(remaining < findings.length, `${where}: still reported after\n${edit.newText}`);
        }
        const whole = applyEdits(text, [disableForFile(text, rule, placement)]);
        assert.deepEqual(await findingsOf(whole, rule), [], `${rule}/${name}: the file comment leaves findings`);
      } finally {
        tree.delete();
      }
    }
  }
  console.log(`${statements} findings disabled for their statement; without a statement comment: ${uncovered.join(", ") || "none"}`);
  assert.ok(statements > 100, `only ${statements} findings could be disabled for their statement`);
  // Findings no comment above a statement can cover (in a def's or a loop's header) still have the file-level comment.
  assert.ok(uncovered.length <= statements / 20, `too many findings without a statement comment: ${uncovered.join(', ')}`);
});
