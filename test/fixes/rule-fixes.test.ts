// Every fix of every rule, over the rule's invalid fixtures:
// - snapshot: the text each fix produces, as a unified diff, in
//   test/fixes/fixtures/<rule>.snap (UPDATE_SNAPSHOTS=1 rewrites);
// - convergence: after the fix the file parses with no new syntax errors,
//   the finding is gone, and no other rule newly fires, except the
//   follow-ups listed below on purpose;
// - fix-all twice: a second run over the fixed text changes nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { rules } from '../../server/src/rules/registry';
import { checkRuleFixes, compareSnapshot, invalidFixtures, type FollowUp } from './fix-harness';

/**
 * Findings a fix may raise on purpose, by rule and fix title prefix: the
 * plain JDBC rewrite leaves an at-least-once foreachBatch, which the
 * idempotency rule then points out (the idempotent variant must not);
 * removing a cache makes the static side re-read every batch, which the
 * re-read rule reports.
 */
const followUps: readonly FollowUp[] = [
  { rule: 'jdbc-streaming-sink-or-source', title: 'Write each micro-batch with the batch JDBC writer', raises: 'WP811' },
  // Without the cache the static side is read again each batch: the point of the fix, which the re-read rule reports as info.
  { rule: 'cached-static-side-in-stream-join', title: 'Remove', raises: 'WP507' },
  // Update mode runs the aggregation without a watermark: its state then grows without bound, which that rule reports as a warning.
  { rule: 'append-aggregation-without-watermark', title: 'Use outputMode("update")', raises: 'WP206' },
  // The micro-batch written with the batch writer is at-least-once, which the idempotency rule points out (with its own fix).
  { rule: 'batch-writestream', title: 'Write the micro-batch with', raises: 'WP811' },
  // show() becomes a console query: the debug-sink rule and the checkpoint rule (a warning for console) then speak, as the doc says.
  { rule: 'stream-batch-action', title: 'Start a console query', raises: 'WP804' },
  { rule: 'stream-batch-action', title: 'Start a console query', raises: 'WP701' },
  // The semi join is a stream-static join: the static side is read every batch, which the re-read rule reports as info.
  { rule: 'streaming-intersect', title: 'Keep the rows of', raises: 'WP507' },
];

const withFixes = rules.filter((rule) => rule.meta.fixSafety !== null);

for (const { meta } of withFixes) {
  test(`${meta.id} (${meta.code}) fixes`, async () => {
    const files = invalidFixtures(meta.id);
    assert.ok(files.length > 0, `${meta.id} has no invalid fixture`);
    const { rendered, offered } = await checkRuleFixes(meta, files, 'python', followUps);
    assert.ok(offered > 0, `${meta.id} declares fix safety ${meta.fixSafety} but its fixtures get no fix`);
    const difference = compareSnapshot(path.join(__dirname, 'fixtures', `${meta.id}.snap`), `${rendered.join('\n')}\n`);
    assert.equal(difference, null, difference ?? '');
  });
}
