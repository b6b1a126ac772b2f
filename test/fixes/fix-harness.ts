// Shared by the fix tests: the rule fixtures that have fixes, applying one
// fix, and comparing rendered text with a snapshot file (UPDATE_SNAPSHOTS=1
// rewrites it).

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import type { AnalysisSettings, Finding, Fix } from '../../server/src/analysis/types';
import { applyEdits } from '../../server/src/fixes/apply-edits';
import { createParser, type Parser } from '../../server/src/syntax/tree-sitter';

export const ruleFixtures = path.join(__dirname, '..', 'rules', 'fixtures');

/** The `invalid*.py` files of a rule's fixtures (nested folders included). */
export function invalidFixtures(rule: string): string[] {
  const directory = path.join(ruleFixtures, rule);
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.startsWith('invalid'))
    .flatMap((name) => filesUnder(path.join(directory, name)))
    .filter((file) => file.endsWith('.py'));
}

function filesUnder(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target)
    .sort()
    .flatMap((name) => filesUnder(path.join(target, name)));
}

export const fixtureSettings: AnalysisSettings = { ...defaultSettings, fix: { checkpointRoot: 'hdfs:///checkpoints', watermarkDelay: '10 minutes' } };

/**
 * The settings a fixture is fixed under: a file named `invalid-spark-4.1.py`
 * targets that Spark release, for fixes that exist only from it on (the rule
 * fixture test reads it at the default version, where its markers must hold too).
 */
export function fixtureSettingsFor(file: string): AnalysisSettings {
  const version = /-spark-(\d+)\.(\d+)\.py$/.exec(path.basename(file));
  if (!version) return fixtureSettings;
  return { ...fixtureSettings, sparkVersion: [Number(version[1]), Number(version[2]), 0] };
}

export async function findingsOf(text: string, settings: AnalysisSettings = fixtureSettings, file = 'job.py'): Promise<readonly Finding[]> {
  return (await analyzeFile(file, text, settings)).findings;
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits());
}

let parser: Promise<Parser> | null = null;

/** The number of syntax errors tree-sitter finds (ERROR and MISSING nodes). */
export async function syntaxErrors(text: string): Promise<number> {
  parser ??= createParser('python');
  const tree = (await parser).parse(text);
  if (!tree) return Number.POSITIVE_INFINITY;
  let count = 0;
  const cursor = tree.walk();
  let done = false;
  while (!done) {
    const node = cursor.currentNode;
    if (node.type === 'ERROR' || node.isMissing) count++;
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
    }
  }
  tree.delete();
  return count;
}

/** Null when `actual` matches the snapshot file, else a message; rewrites the file under UPDATE_SNAPSHOTS=1. */
export function compareSnapshot(file: string, actual: string): string | null {
  if (process.env['UPDATE_SNAPSHOTS'] === '1' || !existsSync(file)) {
    if (process.env['UPDATE_SNAPSHOTS'] === '1') writeFileSync(file, actual);
    else return `${path.basename(file)} is missing: run with UPDATE_SNAPSHOTS=1`;
    return null;
  }
  const expected = readFileSync(file, 'utf8');
  if (expected === actual) return null;
  return `${path.basename(file)} differs (run with UPDATE_SNAPSHOTS=1 after checking):\n--- expected\n${expected}\n--- actual\n${actual}`;
}

/** `code:message` of each finding, counted. */
export function findingCounts(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const key = `${finding.code} ${finding.message}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
