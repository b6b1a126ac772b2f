// The simulator process plumbing, with stand-in workers: progress, the
// result, cancellation, and the one clear message when SQLite cannot load.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { runSimulation, type RunOptions } from '../../../client/src/simulate/run-simulation';
import type { SimulationRequest } from '../../../client/src/simulate/simulation-protocol';

const request: SimulationRequest = {
  file: '/work/job.py',
  text: '',
  line: 10,
  writerId: null,
  batches: 3,
  sinkSemantics: 'spark-faithful',
  sinkKind: null,
  crash: null,
  database: '/tmp/whirlpool-test.sqlite',
  workspaceFolder: '/work',
};

function options(worker: string, extra: Partial<RunOptions> = {}): RunOptions {
  return {
    workerPath: path.join(__dirname, 'fixtures', worker),
    nodePath: null,
    onProgress: () => undefined,
    signal: new AbortController().signal,
    ...extra,
  };
}

test('progress arrives per batch, then the result', async () => {
  const seen: number[] = [];
  const outcome = await runSimulation(request, options('progress-worker.js', { onProgress: (progress) => seen.push(progress.batchesDone) }));
  assert.equal(outcome.kind, 'result');
  assert.deepEqual(seen, [1, 2, 3]);
  if (outcome.kind === 'result') assert.equal(outcome.result.database, request.database);
});

test('a better-sqlite3 built for another Node becomes one message naming the setting', async () => {
  const outcome = await runSimulation(request, options('binding-worker.js'));
  assert.equal(outcome.kind, 'failed');
  if (outcome.kind !== 'failed') return;
  assert.equal(outcome.problem.kind, 'sqlite-binding');
  assert.match(outcome.problem.message, /whirlpool\.simulator\.nodePath/);
  assert.doesNotMatch(outcome.problem.message, /\n|at Object\./);
});

test('a Node path that does not exist says so', async () => {
  const outcome = await runSimulation(request, options('progress-worker.js', { nodePath: '/nonexistent/bin/node' }));
  assert.equal(outcome.kind, 'failed');
  if (outcome.kind === 'failed') assert.equal(outcome.problem.kind, 'node-not-found');
});

test('cancelling kills a simulation that would never end', async () => {
  const controller = new AbortController();
  let batches = 0;
  const outcome = await runSimulation(request, options('endless-worker.js', {
    signal: controller.signal,
    onProgress: () => {
      batches += 1;
      if (batches === 3) controller.abort();
    },
  }));
  assert.equal(outcome.kind, 'cancelled');
  assert.ok(batches >= 3);
});

test('a missing worker file is reported, not thrown', async () => {
  const outcome = await runSimulation(request, options('no-such-worker.js'));
  assert.equal(outcome.kind, 'failed');
  if (outcome.kind === 'failed') assert.equal(outcome.problem.kind, 'missing-worker');
});
