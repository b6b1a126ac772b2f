// The checkpoint store model: on S3 a checkpoint write is not atomic (no
// rename), so a crash while a state snapshot is written leaves a partial file
// under its final name and every restart fails to load it (SPARK-21696); on
// HDFS the same crash leaves only a temporary file and the restart is clean.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { parsePython } from '../../server/src/python/parse';
import type { CheckpointStore } from '../../simulator/src/engine/checkpoint';
import { SimulationReader } from '../../simulator/src/engine/read-api';
import { SimulationError } from '../../simulator/src/engine/simulation-error';
import { type CrashPhase, openSimulation, SimulatedCrash, type Simulation } from '../../simulator/src/engine/simulation';
import { InlineSource } from '../../simulator/src/io/inline-source';

const pipeline = `from pyspark.sql import functions as F
counts = spark.readStream.table("events").groupBy("value").agg(F.count("*").alias("count"))
q = counts.writeStream.outputMode("update").format("memory").queryName("out").start()
`;

let directory = '';
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-checkpoint-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

async function simulate(store: CheckpointStore, source: InlineSource, crashAt?: { phase: CrashPhase; batchId: number }, file = 'sim.sqlite'): Promise<Simulation> {
  const { model } = await parsePython(pipeline);
  return openSimulation({
    model,
    dbPath: path.join(directory, file),
    sources: { events: source },
    checkpointStore: store,
    snapshotInterval: 2,
    sinkKind: 'append-only',
    ...(crashAt !== undefined ? { crashAt } : {}),
  });
}

function events(): InlineSource {
  return new InlineSource('events', [{ name: 'value', type: 'int' }]);
}

/** Batch 0 and 1 run; after the commit of batch 1 the maintenance task writes snapshot 2, and the process dies mid-write. */
async function crashMidSnapshot(store: CheckpointStore, source: InlineSource): Promise<void> {
  const simulation = await simulate(store, source, { phase: 'mid-state-snapshot', batchId: 1 });
  source.add([{ value: 1 }, { value: 2 }]);
  assert.equal(simulation.runUntilIdle(), 1);
  source.add([{ value: 1 }]);
  assert.throws(() => simulation.runUntilIdle(), SimulatedCrash);
  assert.equal(simulation.isClosed, true);
}

test('s3: a crash mid state-snapshot write leaves a partial snapshot and the restart fails naming SPARK-21696', async () => {
  const source = events();
  await crashMidSnapshot('s3', source);
  await assert.rejects(
    () => simulate('s3', source),
    (error: unknown) =>
      error instanceof SimulationError &&
      error.kind === 'corrupt-checkpoint' &&
      /SPARK-21696/.test(error.message) &&
      /state\/0\/2\.snapshot/.test(error.message) &&
      /no atomic rename/.test(error.message),
  );
});

test('hdfs: the same crash leaves only a temporary file and the restart carries on with the right state', async () => {
  const source = events();
  await crashMidSnapshot('hdfs', source);
  const restarted = await simulate('hdfs', source);
  source.add([{ value: 1 }, { value: 3 }]);
  assert.equal(restarted.runUntilIdle(), 1);
  const reader = new SimulationReader(restarted.db);
  const lastBatch = reader.sinkRows({ batchId: 2 }).map((r) => r.values);
  // value 1 was counted in batches 0 and 1, so the state survived: count 3
  assert.deepEqual(
    lastBatch.sort((a, b) => Number(a[0]) - Number(b[0])),
    [
      [1, 3],
      [3, 1],
    ],
  );
  assert.equal(reader.db.prepare("SELECT 1 FROM state_files WHERE name = '0/2.snapshot'").get(), undefined, 'no partial snapshot under the final name');
  restarted.stop();
});

test('s3: a crash mid offsets write leaves a partial entry the restart cannot read; hdfs plans the batch again', async () => {
  for (const store of ['s3', 'hdfs'] as const) {
    const source = events();
    const file = `${store}.sqlite`;
    const simulation = await simulate(store, source, { phase: 'mid-offsets-write', batchId: 1 }, file);
    source.add([{ value: 1 }]);
    simulation.runUntilIdle();
    source.add([{ value: 2 }]);
    assert.throws(() => simulation.runUntilIdle(), SimulatedCrash);
    if (store === 's3') {
      await assert.rejects(() => simulate(store, source, undefined, file), /offsets log entry offsets\/1 is partial or corrupt/);
    } else {
      const restarted = await simulate(store, source, undefined, file);
      assert.equal(restarted.runUntilIdle(), 1);
      assert.deepEqual(new SimulationReader(restarted.db).sinkRows({ batchId: 1 }).map((r) => r.values), [[2, 1]]);
      restarted.stop();
    }
  }
});

test('two writers on one checkpoint: hdfs refuses the second commit of a batch, s3 lets both commit it', async () => {
  for (const store of ['hdfs', 's3'] as const) {
    const source = events();
    const file = `${store}-shared.sqlite`;
    const first = await simulate(store, source, undefined, file);
    const second = await simulate(store, source, undefined, file);
    source.add([{ value: 7 }]);
    assert.equal(first.runUntilIdle(), 1);
    if (store === 'hdfs') {
      assert.throws(() => second.runUntilIdle(), /Concurrent update to the offset log. Multiple streaming jobs detected for 0/);
    } else {
      assert.equal(second.runUntilIdle(), 1);
      const reader = new SimulationReader(first.db);
      assert.deepEqual(
        reader.sinkRows().map((r) => [r.batchId, ...r.values]),
        [
          [0, 7, 1],
          [0, 7, 1],
        ],
        'both writers wrote batch 0',
      );
      second.stop();
    }
    first.stop();
  }
});

test('old state files are pruned after each snapshot and a restart still finds its state', async () => {
  const { model } = await parsePython(pipeline);
  const source = events();
  const options = {
    model,
    dbPath: path.join(directory, 'pruned.sqlite'),
    sources: { events: source },
    snapshotInterval: 3,
    confs: { 'spark.sql.streaming.minBatchesToRetain': '2' },
  };
  const simulation = openSimulation(options);
  for (let batch = 0; batch < 10; batch++) {
    source.add([{ value: batch % 3 }]);
    simulation.runUntilIdle();
  }
  const versions = (simulation.db.prepare('SELECT version, kind FROM state_files ORDER BY version').all() as { version: number; kind: string }[]).map((f) => `${f.version}.${f.kind}`);
  // snapshot 9 was the last one; versions below 7 are gone
  assert.deepEqual(versions, ['7.delta', '8.delta', '9.delta', '9.snapshot', '10.delta']);
  simulation.stop();
  const restarted = openSimulation(options);
  source.add([{ value: 0 }]);
  restarted.runUntilIdle();
  // value 0 arrived in batches 0, 3, 6, 9 and now: count 5
  assert.deepEqual(new SimulationReader(restarted.db).sinkRows({ batchId: 10 }).map((r) => r.values), [[0, 5]]);
  restarted.stop();
});
