// The Scala forms of the stream rewrites (a batch side read as a stream for a
// union, a window function moved into foreachBatch, a watermark moved before
// its groupBy), over each rule's Scala invalid fixtures. The fixes reach the
// finding only when they pass the Scala fix check, so each rule must offer
// the ones named here; every fix parses as Scala with no new errors, is read
// by the front end with no new problems, and removes its finding unless it
// still holds a placeholder: the fix coverage test snapshots them and
// converges the unsafe ones, but skips display-only templates, and a
// template with nothing left to fill in must already be code that runs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorsOf, findingsOf, scalaFixCases } from './scala-fix-check';

/** Each rule with the fix titles its Scala fixtures must be offered. */
const expected: readonly { readonly rule: string; readonly titles: readonly RegExp[] }[] = [
  { rule: 'union-stream-batch', titles: [/^Read backfill with readStream/, /^Read late with readStream, with a \.schema/] },
  { rule: 'streaming-window-function', titles: [/^Apply the window function per micro-batch in a foreachBatch block/] },
  { rule: 'watermark-after-aggregation', titles: [/^Move \.withWatermark\("timestamp", \.\.\.\) before the groupBy$/] },
];

for (const { rule, titles } of expected) {
  test(`${rule}: Scala fixes are offered, parse as Scala and remove their finding`, async () => {
    const offered: string[] = [];
    for await (const { finding, fix, where, after, errorsBefore, findings } of scalaFixCases(rule)) {
      offered.push(fix.title);
      assert.doesNotMatch(`${fix.title}\n${after}`, /\bF\.\w+\(|\bbatch_df\b|\bdef \w+\(.*\):$/m, `${where} writes Python`);
      const errorsAfter = await errorsOf(after);
      assert.ok(errorsAfter.syntax <= errorsBefore.syntax, `${where} does not parse as Scala:\n${after}`);
      assert.ok(errorsAfter.problems <= errorsBefore.problems, `${where} leaves code the front end cannot read:\n${after}`);
      // A template whose placeholders the author must fill in is not code yet; one without any must already run.
      if (fix.safety === 'display-only' && /"<[^"]*>/.test(after)) continue;
      const remaining = (await findingsOf(after, rule)).filter((other) => other.message === finding.message);
      assert.ok(remaining.length < findings.filter((other) => other.message === finding.message).length, `${where} does not remove its finding:\n${after}`);
    }
    for (const title of titles) assert.ok(offered.some((candidate) => title.test(candidate)), `no Scala fix like ${title}; offered: ${offered.join(' | ')}`);
  });
}
