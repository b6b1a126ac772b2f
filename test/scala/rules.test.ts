// The rules on Scala: every folder under fixtures/rules is a rule id with
// `invalid*.scala` files (exactly the marked findings, `//  ^^^ CODE` under
// the code) and `valid*.scala` near misses (nothing). The same `check()` as
// the PySpark fixtures, so a Scala miss reads as missing and a false positive
// as noisy; the rendered findings are snapshotted in `invalid.snap`.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { rules } from '../../server/src/rules/registry';
import { checkFile, compareSnapshot, readMarkers, summarise } from '../rules/check';

const fixtures = path.join(__dirname, 'fixtures', 'rules');
const folders = readdirSync(fixtures, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
/** Rules with no Scala form, each listed `- rule-id: reason` in NOT-APPLICABLE.md. */
const notApplicable = path.join(fixtures, 'NOT-APPLICABLE.md');

/** The talk's rules and the most common catalog rules: each must have Scala fixtures. */
const required = [
  'append-aggregation-without-watermark',
  'cached-static-side-in-stream-join',
  'chained-streaming-aggregations',
  'deprecated-trigger-once',
  'event-time-timeout-without-watermark',
  'jdbc-streaming-sink-or-source',
  'map-groups-with-state-mode',
  'missing-checkpoint-location',
  'object-store-checkpoint-rename',
  'stream-static-join-rereads-static-side',
  'stream-stream-inner-join-unbounded-state',
  'stream-stream-outer-join-without-watermark',
  'streaming-window-function',
];

test('the talk rules and the common catalog rules have Scala fixtures, and every folder names a rule', () => {
  const ids = new Set(rules.map((rule) => rule.meta.id));
  for (const folder of folders) assert.ok(ids.has(folder), `fixtures/rules/${folder} names no rule`);
  for (const id of required) assert.ok(folders.includes(id), `no Scala fixtures for ${id}`);
});

test('every rule NOT-APPLICABLE.md lists is a rule without Scala fixtures, with a reason', () => {
  if (!existsSync(notApplicable)) return;
  const ids = new Set(rules.map((rule) => rule.meta.id));
  const entries = readFileSync(notApplicable, 'utf8').split('\n').filter((line) => line.startsWith('- '));
  for (const entry of entries) {
    const match = /^- ([a-z0-9-]+): \S/.exec(entry);
    assert.ok(match, `NOT-APPLICABLE.md: "${entry}" is not "- rule-id: reason"`);
    const id = match[1] ?? '';
    assert.ok(ids.has(id), `NOT-APPLICABLE.md names no rule: ${id}`);
    assert.ok(!folders.includes(id), `${id} is listed as not applicable but has Scala fixtures`);
  }
});

/** PySpark spellings: the functions module as `F`, keyword arguments with Python constants, trigger keywords, the Python fixes' batch parameter. */
const pythonSpelling = /\bF\.\w+|\w=(?:True|False|None)\b|\b(?:processingTime|availableNow|continuous|once)=|\bprocessingTime\b|\bavailableNow\b|\bbatch_df\b/;

test('no rule message on a Scala file spells PySpark code', () => {
  const spelled: string[] = [];
  for (const folder of folders) {
    const snapshot = path.join(fixtures, folder, 'invalid.snap');
    if (!existsSync(snapshot)) continue;
    for (const line of readFileSync(snapshot, 'utf8').split('\n')) if (pythonSpelling.test(line)) spelled.push(`${folder}: ${line}`);
  }
  assert.deepEqual(spelled, []);
});

for (const rule of folders) {
  test(`${rule} on Scala`, async (context) => {
    const directory = path.join(fixtures, rule);
    const files = readdirSync(directory).filter((name) => name.endsWith('.scala')).sort();
    const invalid = files.filter((name) => name.startsWith('invalid'));
    const valid = files.filter((name) => name.startsWith('valid'));
    assert.ok(invalid.length > 0 && valid.length > 0, `${rule} needs invalid and valid Scala fixtures`);
    const rendered: string[] = [];
    let validated = 0;
    for (const name of invalid) {
      const report = await checkFile(rule, path.join(directory, name));
      assert.equal(report.result.model?.language, 'scala');
      assert.ok(report.validated.length > 0, `${name}: no marked finding`);
      assert.ok(report.noisy.length === 0 && report.missing.length === 0 && report.result.ruleErrors.length === 0, `${name}: ${summarise(report)}`);
      validated += report.validated.length;
      for (const line of report.reported) rendered.push(`${name}:${line}`);
    }
    for (const name of valid) {
      const file = path.join(directory, name);
      const report = await checkFile(rule, file);
      assert.equal(readMarkers(readFileSync(file, 'utf8')).length, 0, `${name}: a valid fixture has markers`);
      assert.ok(report.reported.length === 0 && report.result.ruleErrors.length === 0, `${name}: ${summarise(report)}`);
    }
    context.diagnostic(`validated ${validated}`);
    const difference = compareSnapshot(path.join(directory, 'invalid.snap'), rendered, rule);
    assert.equal(difference, null, difference ?? '');
  });
}
