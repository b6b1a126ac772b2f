// What the Scala fix tests ask of a text: a rule's findings on it, read as a
// Scala job with the fix fixtures' settings, and how broken it is (syntax
// errors tree-sitter finds, problems the front end reports).

import { analyzeFile } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/types';
import { parseScala } from '../../server/src/scala/parse';
import { fixtureSettings } from '../fixes/fix-harness';

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
