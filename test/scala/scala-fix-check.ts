// What the Scala fix tests ask of a text: a rule's findings on it, read as a
// Scala job with the fix fixtures' settings, and how broken it is (syntax
// errors tree-sitter finds, problems the front end reports).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeFile } from '../../server/src/analysis/analyze';
import type { Finding, Fix } from '../../server/src/analysis/types';
import { LineIndex } from '../../server/src/model/span';
import { parseScala } from '../../server/src/scala/parse';
import { applyFix, fixtureSettings } from '../fixes/fix-harness';

export async function findingsOf(text: string, rule: string): Promise<readonly Finding[]> {
  return (await analyzeFile('Job.scala', text, { ...fixtureSettings, select: [rule] })).findings.filter((finding) => finding.rule === rule);
}

/** Syntax errors tree-sitter finds, and the problems the front end reports. */
export async function errorsOf(text: string): Promise<{ readonly syntax: number; readonly problems: number }> {
  const { tree, model } = await parseScala(text);
  try {
    let syntax = 0;
    const stack = [tree.rootNode];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.isError || node.isMissing) syntax++;
      for (const child of node.children) if (child && (child.hasError || child.isMissing)) stack.push(child);
    }
    return { syntax, problems: model.problems.length };
  } finally {
    tree.delete();
  }
}

/** One fix of a rule applied to one of its Scala invalid fixtures. */
export interface ScalaFixCase {
  readonly finding: Finding;
  readonly fix: Fix;
  /** `file:line "title"`, for messages. */
  readonly where: string;
  readonly before: string;
  readonly after: string;
  readonly errorsBefore: { readonly syntax: number; readonly problems: number };
  /** The rule's findings on the fixture before the fix. */
  readonly findings: readonly Finding[];
}

/** Every fix of every finding of `rule` on its Scala invalid fixtures (test/scala/fixtures/rules/<rule>/invalid*.scala), applied. */
export async function* scalaFixCases(rule: string): AsyncGenerator<ScalaFixCase> {
  const directory = path.join(__dirname, 'fixtures', 'rules', rule);
  for (const name of readdirSync(directory).filter((file) => file.startsWith('invalid') && file.endsWith('.scala')).sort()) {
    const before = readFileSync(path.join(directory, name), 'utf8');
    const errorsBefore = await errorsOf(before);
    const findings = await findingsOf(before, rule);
    const lines = new LineIndex(before);
    for (const finding of findings) {
      for (const fix of finding.fixes) {
        const where = `${name}:${lines.position(finding.span.start).line + 1} "${fix.title}"`;
        yield { finding, fix, where, before, after: applyFix(before, fix), errorsBefore, findings };
      }
    }
  }
}
