// Crash and restart at every phase of a micro-batch. With `atomic` sink
// semantics the sink ends up with exactly the rows of an uninterrupted run;
// with `spark-faithful` semantics and an append-only sink, a crash between the
// sink write and the commit makes the restarted query re-run that batch (same
// id, offsets, watermark), so its rows appear twice (Spark's at-least-once),
// and every other phase is clean. Batch ids after a restart may differ from
// the uninterrupted run: per-input watermarks are not recovered and, as in
// Spark, a restarted query runs no no-data batch before new data arrives.
// Every scenario runs, its own stops and restarts included (the injected crash
// comes on top of them); the derived ones check spark-faithful only at the
// phase that duplicates, to keep the suite short.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { crashPhases } from '../../simulator/src/engine/simulation';
import { compareRows, describeDiff } from '../../simulator/src/scenario/compare-rows';
import { runScenario, type ScenarioResult } from '../../simulator/src/scenario/run-scenario';
import { ownFixture, scenarioFiles } from './scenario-files';

type SinkEntry = ScenarioResult['sink'][number];

function assertSameRows(expected: readonly SinkEntry[], actual: readonly SinkEntry[], what: string): void {
  const diff = compareRows(
    expected.map(([, row]) => row),
    actual.map(([, row]) => row),
  );
  assert.ok(diff.equal, `${what}: ${describeDiff(diff, expected.length, actual.length)}`);
}

const derived = readdirSync(path.join(__dirname, 'fixtures', 'derived'))
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, json: ownFixture(`derived/${name}`) }));

const sinkChangingSteps = new Set(['deleteLatestCommit', 'deleteAllCommits']);

for (const file of [...scenarioFiles().map((f) => ({ ...f, upstream: true })), ...derived.map((f) => ({ ...f, upstream: false }))]) {
  const steps = (file.json as { steps?: Record<string, unknown>[] }).steps ?? [];
  // A scenario that deletes commits or clears the sink itself reshapes what a re-run leaves behind
  const reshapesSink = steps.some((step) => Object.keys(step).some((key) => sinkChangingSteps.has(key)) || (step['restart'] as { clearSink?: boolean } | undefined)?.clearSink === true);
  test(`crash and restart keep the sink of ${file.name}`, async () => {
    const baseline = await runScenario(file.json, { sinkKind: 'append-only' });
    assert.equal(baseline.error, null, baseline.error?.message);
    // Crash in the batch that wrote the most rows, so a lost or doubled write shows
    const perBatch = new Map<number, number>();
    for (const [batchId] of baseline.sink) perBatch.set(batchId, (perBatch.get(batchId) ?? 0) + 1);
    const target = [...perBatch.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    assert.ok(target !== undefined, 'the scenario writes rows');
    const [batchId] = target;
    const rerun = baseline.sink.filter(([id]) => id === batchId);
    const nextIndex = baseline.batches.findIndex((b) => b.batchId === batchId) + 1;
    // A no-data batch was due right after the crashed batch: a restarted query skips it (lastExecution is gone)
    const pendingNoData = baseline.batches[nextIndex]?.numInputRows === 0;
    for (const phase of crashPhases) {
      for (const semantics of ['atomic', 'spark-faithful'] as const) {
        if (semantics === 'spark-faithful' && (reshapesSink || (!file.upstream && phase !== 'after-sink-before-commit'))) continue;
        const crashed = await runScenario(file.json, { sinkKind: 'append-only', sinkSemantics: semantics, crashAt: { phase, batchId } });
        const what = `${semantics}, crash ${phase} of batch ${batchId}`;
        assert.equal(crashed.error, null, crashed.error?.message);
        assert.equal(crashed.crashes, 1, `${what}: the crash happened`);
        const duplicated = semantics === 'spark-faithful' && phase === 'after-sink-before-commit' ? rerun : [];
        if (phase === 'after-commit' && pendingNoData) {
          const after = crashed.batches.findIndex((b) => b.batchId === batchId) + 1;
          const next = crashed.batches[after];
          assert.ok(next === undefined || next.numInputRows > 0, `${what}: the restarted query ran the pending no-data batch ${JSON.stringify(next)}`);
          assertSameRows(
            baseline.sink.filter(([id]) => id <= batchId),
            crashed.sink.filter(([id]) => id <= batchId),
            `${what} (rows up to the crash)`,
          );
          continue;
        }
        assertSameRows([...baseline.sink, ...duplicated], crashed.sink, what);
      }
    }
  });
}

test('an idempotent (memory) sink skips the re-run batch: spark-faithful semantics, no duplicate', async () => {
  const scenario = scenarioFiles().find((f) => f.name.startsWith('47-'));
  assert.ok(scenario !== undefined);
  const baseline = await runScenario(scenario.json, { sinkKind: 'memory' });
  const crashed = await runScenario(scenario.json, { sinkKind: 'memory', sinkSemantics: 'spark-faithful', crashAt: { phase: 'after-sink-before-commit', batchId: 1 } });
  assert.equal(crashed.crashes, 1);
  assert.equal(crashed.error, null);
  assert.deepEqual(crashed.checks.filter((c) => !c.ok), [], 'every check of the scenario still passes');
  assertSameRows(baseline.sink, crashed.sink, 'memory sink after a crash between sink and commit');
  const appendOnly = await runScenario(scenario.json, { sinkKind: 'append-only', sinkSemantics: 'spark-faithful', crashAt: { phase: 'after-sink-before-commit', batchId: 1 } });
  assert.equal(appendOnly.sink.length, baseline.sink.length + baseline.sink.filter(([id]) => id === 1).length, 'the append-only sink has batch 1 twice');
});
