// Every fix of every rule, over the rule's invalid fixtures:
// - snapshot: the text each fix produces, as a unified diff, in
//   test/fixes/fixtures/<rule>.snap (UPDATE_SNAPSHOTS=1 rewrites);
// - convergence: after the fix the file parses with no new syntax errors,
//   the finding is gone, and no other rule newly fires, except the
//   follow-ups listed below on purpose;
// - fix-all twice: a second run over the fixed text changes nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../server/src/rules/registry';
import { fixToFixpoint } from '../../server/src/fixes/fix-loop';
import { unifiedDiff } from '../../server/src/fixes/unified-diff';
import { LineIndex } from '../../server/src/model/span';
import { applyFix, compareSnapshot, findingCounts, findingsOf, fixtureSettingsFor, invalidFixtures, ruleFixtures, syntaxErrors } from './fix-harness';

/**
 * Findings a fix may raise on purpose, by rule and fix title prefix: the
 * plain JDBC rewrite leaves an at-least-once foreachBatch, which the
 * idempotency rule then points out (the idempotent variant must not);
 * removing a cache makes the static side re-read every batch, which the
 * re-read rule reports.
 */
const followUps: readonly { readonly rule: string; readonly title: string; readonly raises: string }[] = [
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
    const rendered: string[] = [];
    let offered = 0;
    for (const file of files) {
      const name = path.relative(path.join(ruleFixtures, meta.id), file);
      const before = readFileSync(file, 'utf8');
      const settings = fixtureSettingsFor(file);
      const findings = await findingsOf(before, settings);
      const baseline = findingCounts(findings);
      const errorsBefore = await syntaxErrors(before);
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
          assert.ok((await syntaxErrors(after)) <= errorsBefore, `${where} leaves a syntax error:\n${after}`);
          const counts = findingCounts(await findingsOf(after, settings));
          const key = `${finding.code} ${finding.message}`;
          assert.ok((counts.get(key) ?? 0) < (baseline.get(key) ?? 0), `${where} does not remove its finding`);
          const allowed = followUps.filter((entry) => entry.rule === meta.id && fix.title.startsWith(entry.title)).map((entry) => entry.raises);
          const raised = [...counts].filter(([other, count]) => count > (baseline.get(other) ?? 0) && !allowed.includes(other.split(' ')[0] ?? ''));
          assert.deepEqual(raised.map(([other]) => other), [], `${where} makes another rule fire:\n${after}`);
        }
      }
      for (const level of ['safe', 'unsafe'] as const) {
        const once = await fixToFixpoint(before, (text) => findingsOf(text, settings), { level });
        const twice = await fixToFixpoint(once.text, (text) => findingsOf(text, settings), { level });
        assert.equal(twice.fixed, 0, `${name}: fix-all (${level}) still finds fixes after converging`);
        assert.equal(twice.text, once.text);
        assert.ok((await syntaxErrors(once.text)) <= errorsBefore, `${name}: fix-all (${level}) leaves a syntax error`);
      }
    }
    assert.ok(offered > 0, `${meta.id} declares fix safety ${meta.fixSafety} but its fixtures get no fix`);
    const difference = compareSnapshot(path.join(__dirname, 'fixtures', `${meta.id}.snap`), `${rendered.join('\n')}\n`);
    assert.equal(difference, null, difference ?? '');
  });
}
