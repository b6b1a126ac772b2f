// The rule docs are the user's manual and are executed: every Example block
// raises its rule exactly once, every Use instead block raises nothing at all.
// The pages in docs/rules are generated from the rules and must be current.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import { rules } from '../../server/src/rules/registry';
import { docExamples, docHeadings, docSections, renderRuleIndex, renderRulePage } from '../../server/src/rules/rule-docs';
import { ruleDocUrl } from '../../server/src/rules/doc-url';
import { scalaDocFor } from '../../scripts/scala-rule-docs';

const docsDirectory = path.join(__dirname, '..', '..', 'docs', 'rules');

for (const { meta } of rules) {
  test(`${meta.id}: doc has the fixed headings and its examples run`, async () => {
    assert.deepEqual(
      docSections(meta.doc).map((section) => section.heading),
      [...docHeadings],
    );
    for (const section of docSections(meta.doc)) assert.notEqual(section.body, '', `${meta.id}: empty section ${section.heading}`);
    const examples = docExamples(meta.doc);
    assert.ok(examples.some((example) => example.section === 'Example'), `${meta.id}: no Example block`);
    assert.ok(examples.some((example) => example.section === 'Use instead'), `${meta.id}: no Use instead block`);
    for (const example of examples) {
      const result = await analyzeFile(example.file, example.code, defaultSettings);
      assert.deepEqual(result.ruleErrors, []);
      if (example.section === 'Example') {
        const own = result.findings.filter((finding) => finding.rule === meta.id);
        assert.equal(own.length, 1, `${meta.id}: an Example block must raise the rule once, got ${own.length}:\n${example.code}`);
      } else {
        assert.deepEqual(
          result.findings.map((finding) => `${finding.rule}: ${finding.message}`),
          [],
          `${meta.id}: a Use instead block must raise nothing:\n${example.code}`,
        );
      }
    }
  });
}

test('docs/rules pages are generated from the rules and current (npm run docs:rules)', () => {
  const wanted = new Map<string, string>([['README.md', renderRuleIndex(rules)]]);
  for (const { meta } of rules) wanted.set(`${meta.id}.md`, renderRulePage(meta, scalaDocFor(meta.id)));
  for (const [name, content] of wanted) {
    const file = path.join(docsDirectory, name);
    assert.ok(existsSync(file), `docs/rules/${name} is missing: run npm run docs:rules`);
    assert.equal(readFileSync(file, 'utf8'), content, `docs/rules/${name} is stale: run npm run docs:rules`);
  }
  const extra = readdirSync(docsDirectory).filter((name) => name.endsWith('.md') && !wanted.has(name));
  assert.deepEqual(extra, [], 'docs/rules has pages of no rule');
});

test('a rule doc url is its page, relative or under a base', () => {
  assert.equal(ruleDocUrl('streaming-window-function'), 'docs/rules/streaming-window-function.md');
  assert.equal(ruleDocUrl('streaming-window-function', 'https://example.org/whirlpool/docs/rules/'), 'https://example.org/whirlpool/docs/rules/streaming-window-function.md');
  for (const { meta } of rules) assert.ok(existsSync(path.join(__dirname, '..', '..', ruleDocUrl(meta.id))), meta.id);
});
