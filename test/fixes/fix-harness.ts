// Shared by the fix tests: the rule fixtures that have fixes (PySpark under
// test/rules/fixtures, Scala under test/scala/fixtures/rules), applying one
// fix, and comparing rendered text with a snapshot file (UPDATE_SNAPSHOTS=1
// rewrites it).

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import type { AnalysisSettings, Finding, Fix } from '../../server/src/analysis/types';
import { applyEdits } from '../../server/src/fixes/apply-edits';
import { fixToFixpoint } from '../../server/src/fixes/fix-loop';
import { unifiedDiff } from '../../server/src/fixes/unified-diff';
import { LineIndex } from '../../server/src/model/span';
import type { RuleMeta } from '../../server/src/rules/rule';
import type { Language } from '../../server/src/rules/spelling';
import { scalaParseText } from '../../server/src/scala/read-tree';
import { createParser, type Parser } from '../../server/src/syntax/tree-sitter';

export const ruleFixtures = path.join(__dirname, '..', 'rules', 'fixtures');
export const scalaRuleFixtures = path.join(__dirname, '..', 'scala', 'fixtures', 'rules');

/** Where a language's rule fixtures are, their extension, and the file name they are analysed as. */
export const fixtureLanguages: Readonly<Record<Language, { readonly directory: string; readonly extension: string; readonly file: string }>> = {
  python: { directory: ruleFixtures, extension: '.py', file: 'job.py' },
  scala: { directory: scalaRuleFixtures, extension: '.scala', file: 'Job.scala' },
};

/** The `invalid*.py` (or `invalid*.scala`) files of a rule's fixtures (nested folders included). */
export function invalidFixtures(rule: string, language: Language = 'python'): string[] {
  const { directory: root, extension } = fixtureLanguages[language];
  const directory = path.join(root, rule);
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.startsWith('invalid'))
    .flatMap((name) => filesUnder(path.join(directory, name)))
    .filter((file) => file.endsWith(extension));
}

/** Every file under a build-file rule's `invalid*` fixtures, whatever its name (requirements.txt, pom.xml, ...). */
export function invalidBuildFixtures(rule: string): string[] {
  const directory = path.join(ruleFixtures, rule);
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.startsWith('invalid') && !name.endsWith('.snap'))
    .flatMap((name) => filesUnder(path.join(directory, name)));
}

function filesUnder(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target)
    .sort()
    .flatMap((name) => filesUnder(path.join(target, name)));
}

export const fixtureSettings: AnalysisSettings = { ...defaultSettings, fix: { checkpointRoot: 'hdfs:///checkpoints', watermarkDelay: '10 minutes' } };

/**
 * The settings a fixture is fixed under: a file named `invalid-spark-4.1.py` (or `.scala`)
 * targets that Spark release, for fixes that exist only from it on (the rule
 * fixture test reads it at the default version, where its markers must hold too).
 */
export function fixtureSettingsFor(file: string): AnalysisSettings {
  const version = /-spark-(\d+)\.(\d+)\.(?:py|scala)$/.exec(path.basename(file));
  if (!version) return fixtureSettings;
  return { ...fixtureSettings, sparkVersion: [Number(version[1]), Number(version[2]), 0] };
}

export async function findingsOf(text: string, settings: AnalysisSettings = fixtureSettings, file = 'job.py'): Promise<readonly Finding[]> {
  return (await analyzeFile(file, text, settings)).findings;
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits());
}

const parsers = new Map<Language, Promise<Parser>>();

/** The number of syntax errors tree-sitter finds (ERROR and MISSING nodes); Scala is read as the front end reads it (`$"c"` columns). */
export async function syntaxErrors(text: string, language: Language = 'python'): Promise<number> {
  let parser = parsers.get(language);
  if (!parser) {
    parser = createParser(language);
    parsers.set(language, parser);
  }
  const tree = (await parser).parse(language === 'scala' ? scalaParseText(text) : text);
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

/** A finding a fix raises on purpose: a fix of `rule` whose title starts with `title` may make the rule coded `raises` fire. */
export interface FollowUp {
  readonly rule: string;
  readonly title: string;
  readonly raises: string;
}

/**
 * Findings a fix may raise on purpose, by rule and fix title prefix (PySpark
 * and Scala titles): the plain JDBC rewrite leaves an at-least-once
 * foreachBatch, which the idempotency rule then points out (the idempotent
 * variant must not); removing a cache makes the static side re-read every
 * batch, which the re-read rule reports.
 */
export const followUps: readonly FollowUp[] = [
  { rule: 'jdbc-streaming-sink-or-source', title: 'Write each micro-batch with the batch JDBC writer', raises: 'WP811' },
  // Without the cache the static side is read again each batch: the point of the fix, which the re-read rule reports as info.
  { rule: 'cached-static-side-in-stream-join', title: 'Remove', raises: 'WP507' },
  // Update mode runs the aggregation without a watermark: its state then grows without bound, which that rule reports as a warning.
  { rule: 'append-aggregation-without-watermark', title: 'Use outputMode("update")', raises: 'WP206' },
  { rule: 'append-aggregation-without-watermark', title: 'Use OutputMode.Update()', raises: 'WP206' },
  // The micro-batch written with the batch writer is at-least-once, which the idempotency rule points out (with its own fix).
  { rule: 'batch-writestream', title: 'Write the micro-batch with', raises: 'WP811' },
  // show() becomes a console query: the debug-sink rule and the checkpoint rule (a warning for console) then speak, as the doc says.
  { rule: 'stream-batch-action', title: 'Start a console query', raises: 'WP804' },
  { rule: 'stream-batch-action', title: 'Start a console query', raises: 'WP701' },
  // The semi join is a stream-static join: the static side is read every batch, which the re-read rule reports as info.
  { rule: 'streaming-intersect', title: 'Keep the rows of', raises: 'WP507' },
];

/**
 * Applies every fix of a rule over its invalid fixtures in `language` and
 * asserts that each converges: it stays within the rule's safety; unless
 * display-only, it changes the text, leaves no new syntax error, removes its
 * finding and makes no other rule newly fire beyond `followUps`; and fix-all
 * at each level reaches a fixpoint with no new syntax error. Returns the
 * fixes rendered as unified diffs, for a snapshot.
 */
export async function checkRuleFixes(
  meta: RuleMeta,
  files: readonly string[],
  language: Language,
  followUps: readonly FollowUp[],
  buildFiles = false,
): Promise<{ readonly rendered: readonly string[]; readonly offered: number }> {
  const rendered: string[] = [];
  let offered = 0;
  // A build file is analysed under its own name (requirements.txt, pom.xml, ...) and has no syntax tree to keep whole.
  const errorsOf = buildFiles ? async (): Promise<number> => 0 : syntaxErrors;
  for (const file of files) {
    const analysedAs = buildFiles ? path.basename(file) : fixtureLanguages[language].file;
    const name = path.relative(path.join(fixtureLanguages[language].directory, meta.id), file);
    const before = readFileSync(file, 'utf8');
    const settings = fixtureSettingsFor(file);
    const findings = await findingsOf(before, settings, analysedAs);
    const baseline = findingCounts(findings);
    const errorsBefore = await errorsOf(before, language);
    const lines = new LineIndex(before);
    for (const finding of findings.filter((candidate) => candidate.rule === meta.id)) {
      finding.fixes.forEach((fix) => assert.ok(fix.safety === meta.fixSafety || meta.fixSafety === 'unsafe' || fix.safety === 'safe' || fix.safety === 'display-only', `${fix.title}: safety ${fix.safety} beyond the rule's ${meta.fixSafety}`));
      for (const fix of finding.fixes) {
        offered++;
        const position = lines.position(finding.span.start);
        const after = applyFix(before, fix);
        rendered.push(`## ${name}:${position.line + 1}:${position.character + 1} [${fix.safety}] ${fix.title}\n${unifiedDiff(name, before, after, 2)}`);
        if (fix.safety === 'display-only') continue;
        const where = `${name}:${position.line + 1} "${fix.title}"`;
        assert.notEqual(after, before, `${where} changes nothing`);
        assert.ok((await errorsOf(after, language)) <= errorsBefore, `${where} leaves a syntax error:\n${after}`);
        const counts = findingCounts(await findingsOf(after, settings, analysedAs));
        const key = `${finding.code} ${finding.message}`;
        assert.ok((counts.get(key) ?? 0) < (baseline.get(key) ?? 0), `${where} does not remove its finding`);
        const allowed = followUps.filter((entry) => entry.rule === meta.id && fix.title.startsWith(entry.title)).map((entry) => entry.raises);
        const raised = [...counts].filter(([other, count]) => count > (baseline.get(other) ?? 0) && !allowed.includes(other.split(' ')[0] ?? ''));
        assert.deepEqual(raised.map(([other]) => other), [], `${where} makes another rule fire:\n${after}`);
      }
    }
    for (const level of ['safe', 'unsafe'] as const) {
      const once = await fixToFixpoint(before, (text) => findingsOf(text, settings, analysedAs), { level });
      const twice = await fixToFixpoint(once.text, (text) => findingsOf(text, settings, analysedAs), { level });
      assert.equal(twice.fixed, 0, `${name}: fix-all (${level}) still finds fixes after converging`);
      assert.equal(twice.text, once.text);
      assert.ok((await errorsOf(once.text, language)) <= errorsBefore, `${name}: fix-all (${level}) leaves a syntax error`);
    }
  }
  return { rendered, offered };
}
