// The simulation plumbing: the real `whirlpool simulate` and reader on an
// example job, and stand-in scripts for cancellation and for the one clear
// message when the SQLite binding cannot load. Needs `npm run build`.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { compareRuns } from '../../../client/src/results/compare-runs';
import { runSimulation, type RunOptions } from '../../../client/src/simulate/run-simulation';
import type { SimulationRequest } from '../../../client/src/simulate/simulation-request';

const root = path.resolve(__dirname, '..', '..', '..');
const cliPath = path.join(root, 'out', 'cli.js');
const readerPath = path.join(root, 'out', 'simulation-reader.js');
const folder = mkdtempSync(path.join(os.tmpdir(), 'whirlpool-simulate-'));

function request(extra: Partial<SimulationRequest> = {}): SimulationRequest {
  return {
    file: path.join(root, 'examples', 'clickstream_windowed_counts.py'),
    line: 27,
    queryNumber: 1,
    queryName: null,
    batches: 3,
    sinkSemantics: 'spark-faithful',
    crash: null,
    database: path.join(folder, `${extra.crash ? 'crashed' : 'clean'}.sqlite`),
    workspaceFolder: path.join(root, 'examples'),
    ...extra,
  };
}

function options(extra: Partial<RunOptions> = {}): RunOptions {
  return { cliPath, readerPath, nodePath: null, onProgress: () => undefined, signal: new AbortController().signal, ...extra };
}

const stand = (name: string): string => path.join(__dirname, 'fixtures', name);

test('the example job runs: progress per batch, and the result matches the database', async () => {
  const seen: number[] = [];
  const outcome = await runSimulation(request(), options({ onProgress: (progress) => seen.push(progress.batchId) }));
  assert.equal(outcome.kind, 'result', outcome.kind === 'failed' ? outcome.problem.message : '');
  if (outcome.kind !== 'result') return;
  const result = outcome.result;
  assert.ok(seen.length >= 3, `only ${seen.length} progress lines`);
  assert.ok(existsSync(result.database!));
  const db = new Database(result.database!, { readonly: true });
  try {
    const sinkCount = (db.prepare('SELECT COUNT(*) AS n FROM sink_rows').get() as { n: number }).n;
    assert.equal(result.batches.reduce((sum, batch) => sum + batch.rows.length, 0), sinkCount);
    const inputs = db.prepare('SELECT batch_id AS batchId, num_input_rows AS n FROM progress ORDER BY id').all() as { batchId: number; n: number }[];
    assert.deepEqual(result.batches.map((batch) => [batch.batchId, batch.inputRows]), inputs.map((row) => [row.batchId, row.n]));
    const corrupt = (db.prepare('SELECT COUNT(*) AS n FROM corrupt_records').get() as { n: number }).n;
    assert.equal(result.corruptRecords.length, corrupt);
  } finally {
    db.close();
  }
  assert.deepEqual(result.columns, ['window', 'page', 'views', 'visitors']);
  assert.equal(result.query.sink, 'delta');
  assert.ok(result.checkpoint.every((entry) => entry.committed));
  // Timestamps (microseconds in the database) read as ISO text.
  const window = result.batches.flatMap((batch) => batch.rows)[0]?.['window'] as { start?: unknown } | undefined;
  assert.match(String(window?.start), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // The watermark never passes the largest event time seen.
  for (const batch of result.batches) {
    if (batch.watermarkMs !== null && batch.maxEventTimeMs !== null) assert.ok(batch.watermarkMs <= batch.maxEventTimeMs);
  }

  const crashed = await runSimulation(request({ crash: { phase: 'after-sink-before-commit', batchId: 1 } }), options());
  assert.equal(crashed.kind, 'result', crashed.kind === 'failed' ? crashed.problem.message : '');
  if (crashed.kind !== 'result') return;
  assert.deepEqual(crashed.result.crash, { phase: 'after-sink-before-commit', batchId: 1 });
  assert.equal(crashed.result.batches.find((batch) => batch.batchId === 1)?.replayed, true);
  // The memory sink skips a batch id it already holds: the crash duplicates and loses nothing.
  const comparison = compareRuns(result, crashed.result);
  assert.equal(result.query.sinkKind, 'memory');
  assert.deepEqual([comparison.duplicated, comparison.lost], [0, 0]);
});

test('a better-sqlite3 built for another Node becomes one message naming the setting', async () => {
  const outcome = await runSimulation(request(), options({ cliPath: stand('binding-cli.js') }));
  assert.equal(outcome.kind, 'failed');
  if (outcome.kind !== 'failed') return;
  assert.equal(outcome.problem.kind, 'sqlite-binding');
  assert.match(outcome.problem.message, /whirlpool\.simulator\.nodePath/);
  assert.doesNotMatch(outcome.problem.message, /\n|at Object\./);
});

test('a Node path that does not exist says so', async () => {
  const outcome = await runSimulation(request(), options({ nodePath: '/nonexistent/bin/node' }));
  assert.equal(outcome.kind, 'failed');
  if (outcome.kind === 'failed') assert.equal(outcome.problem.kind, 'node-not-found');
});

test('cancelling stops a simulation that would never end', async () => {
  const controller = new AbortController();
  let batches = 0;
  const outcome = await runSimulation(request(), options({
    cliPath: stand('endless-cli.js'),
    signal: controller.signal,
    onProgress: () => {
      batches += 1;
      if (batches === 3) controller.abort();
    },
  }));
  assert.equal(outcome.kind, 'cancelled');
  assert.equal(batches, 3);
});

test('a missing simulator is reported, not thrown', async () => {
  const outcome = await runSimulation(request(), options({ cliPath: stand('no-such-cli.js') }));
  assert.equal(outcome.kind, 'failed');
  if (outcome.kind === 'failed') assert.equal(outcome.problem.kind, 'missing-worker');
});
