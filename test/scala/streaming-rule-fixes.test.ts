// The Scala forms of the foreachBatch, join, pivot and action fixes, beyond
// what the fix coverage test checks (which snapshots their text in
// fixtures/rule-fixes/<rule>.snap): on each rule's Scala invalid fixtures,
// every fix offered leaves text the front end reads with no new problems,
// removes its finding (a template too, once its placeholders are filled in
// as the author would), and has a title that names no Python function.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorsOf, findingsOf, scalaFixCases } from './scala-fix-check';

const rules = [
  'foreach-batch-multiple-actions-without-persist',
  'foreach-batch-non-idempotent-write',
  'foreach-batch-uses-outer-stream',
  'partition-by-with-foreach',
  'stream-batch-action',
  'jdbc-streaming-sink-or-source',
  'stream-pivot-without-values',
  'stream-stream-outer-join-without-watermark',
  'cached-static-side-in-stream-join',
];

/** What the author fills a display-only template's placeholders with, by rule: the filled text must no longer raise the finding. */
const filled: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'stream-stream-outer-join-without-watermark': { '<left time>': 'impressionTime', '<right time>': 'clickTime', '<bound>': '1 hour' },
};

for (const rule of rules) {
  test(`${rule}: Scala fixes`, async () => {
    let offered = 0;
    for await (const { finding, fix, where, before, after, errorsBefore, findings } of scalaFixCases(rule)) {
      offered++;
      assert.doesNotMatch(fix.title, /\b[a-z]+_[a-z_]+\b|\bF\.|=True\b/, `${where}: the title spells Python`);
      assert.notEqual(after, before, `${where} changes nothing`);
      const errorsAfter = await errorsOf(after);
      assert.ok(errorsAfter.syntax <= errorsBefore.syntax, `${where} leaves a Scala syntax error:\n${after}`);
      assert.ok(errorsAfter.problems <= errorsBefore.problems, `${where} leaves a problem the front end reports:\n${after}`);
      const placeholders = fix.safety === 'display-only' ? (filled[rule] ?? {}) : {};
      const completed = after.replace(/<[a-z0-9 ]+>/g, (placeholder) => placeholders[placeholder] ?? placeholder);
      const remaining = (await findingsOf(completed, rule)).filter((other) => other.message === finding.message);
      const baseline = findings.filter((other) => other.message === finding.message);
      assert.ok(remaining.length < baseline.length, `${where} does not remove its finding:\n${completed}`);
    }
    assert.ok(offered > 0, `${rule} offers no fix on its Scala fixtures`);
  });
}
