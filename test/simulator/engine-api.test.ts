// The engine API the CLI and the editor use: progress in Spark's shape (and
// as JSON lines), read limits, version-dependent semantics and refusals,
// from_json over Kafka-style values, and the read API over the file.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { SparkVersion } from '../../server/src/analysis/types';
import { parsePython } from '../../server/src/python/parse';
import type { StreamingQueryProgress } from '../../simulator/src/engine/progress';
import { SimulationReader } from '../../simulator/src/engine/read-api';
import { SimulationError } from '../../simulator/src/engine/simulation-error';
import { openSimulation, type SimulationOptions } from '../../simulator/src/engine/simulation';
import { InlineSource } from '../../simulator/src/io/inline-source';
import { runScenario } from '../../simulator/src/scenario/run-scenario';

let directory = '';
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-engine-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const windowed = `from pyspark.sql import functions as F
agg = (spark.readStream.table("events")
       .withColumn("eventTime", F.timestamp_seconds("value"))
       .withWatermark("eventTime", "10 seconds")
       .groupBy(F.window("eventTime", "5 seconds").alias("window"))
       .agg(F.count("*").alias("count"))
       .select(F.col("window.start").cast("long").alias("start"), "count"))
q = agg.writeStream.outputMode("append").format("memory").queryName("windowed").start()
`;

async function open(pipeline: string, extra: Partial<SimulationOptions> = {}, schema = [{ name: 'value', type: 'bigint' }]) {
  const { model } = await parsePython(pipeline);
  const source = new InlineSource('events', schema);
  const simulation = openSimulation({ model, dbPath: path.join(directory, 'sim.sqlite'), sources: { events: source }, ...extra });
  return { simulation, source };
}

test('progress after every batch has the shape of StreamingQueryProgress and streams as JSON lines', async () => {
  const lines: string[] = [];
  let clock = Date.UTC(2024, 0, 1);
  const { simulation, source } = await open(windowed, { clock: () => clock, onProgress: (_p, json) => lines.push(json) });
  source.add([{ value: 10 }, { value: 12 }, { value: 14 }]);
  simulation.runUntilIdle();
  clock += 1000;
  source.add([{ value: 25 }]);
  simulation.runUntilIdle();
  const progress = lines.map((line) => JSON.parse(line) as StreamingQueryProgress);
  assert.deepEqual(
    progress.map((p) => [p.batchId, p.numInputRows, p.sink.numOutputRows]),
    [
      [0, 3, 0],
      [1, 0, 0],
      [2, 1, 0],
      [3, 0, 1],
    ],
  );
  const first = progress[0] as StreamingQueryProgress;
  assert.equal(first.name, 'windowed');
  assert.equal(first.timestamp, '2024-01-01T00:00:00.000Z');
  assert.deepEqual(first.eventTime, { avg: '1970-01-01T00:00:12.000Z', max: '1970-01-01T00:00:14.000Z', min: '1970-01-01T00:00:10.000Z', watermark: '1970-01-01T00:00:00.000Z' });
  assert.deepEqual(Object.keys(first.durationMs).sort(), ['addBatch', 'getBatch', 'latestOffset', 'queryPlanning', 'triggerExecution', 'walCommit']);
  assert.deepEqual(first.stateOperators, [{ operatorName: 'stateStoreSave', numRowsTotal: 1, numRowsUpdated: 1, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, customMetrics: {} }]);
  assert.deepEqual(
    first.sources.map((s) => [s.description, s.startOffset, s.endOffset, s.numInputRows]),
    [['table "events"', 0, 3, 3]],
  );
  assert.equal(progress[3]?.eventTime['watermark'], '1970-01-01T00:00:15.000Z');
  // The same JSON is in the file, with columns to plot
  const reader = new SimulationReader(simulation.db);
  assert.deepEqual(
    reader.batches().map((b) => [b.batchId, b.watermarkMs, b.stateRowsTotal]),
    [
      [0, 0, 1],
      [1, 4000, 1],
      [2, 4000, 2],
      [3, 15000, 1],
    ],
  );
  assert.deepEqual(reader.progress().map((p) => JSON.stringify(p.progress)), lines);
  assert.deepEqual(reader.sinkRows({ batchId: 3 }).map((r) => r.values), [[10, 3]]);
  assert.deepEqual(
    reader.commits().map((c) => [c.batchId, JSON.parse(c.content)]),
    [
      [0, { nextBatchWatermarkMs: 4000 }],
      [1, { nextBatchWatermarkMs: 4000 }],
      [2, { nextBatchWatermarkMs: 15000 }],
      [3, { nextBatchWatermarkMs: 15000 }],
    ],
  );
  simulation.stop();
});

test('a rows-per-batch limit splits the input over several batches, each with its offsets', async () => {
  const { simulation, source } = await open(
    `q = spark.readStream.table("events").writeStream.format("memory").queryName("o").start()\n`,
    { rowsPerBatch: 2 },
  );
  source.add([1, 2, 3, 4, 5].map((value) => ({ value })));
  assert.equal(simulation.runUntilIdle(), 3);
  const reader = new SimulationReader(simulation.db);
  assert.deepEqual(
    reader.offsets().map((o) => (JSON.parse(o.content) as { sources: Record<string, number> }).sources['events']),
    [2, 4, 5],
  );
  assert.deepEqual(reader.sinkRows({ batchId: 2 }).map((r) => r.values), [[5]]);
  simulation.stop();
});

const once = windowed.replace('.start()', '.trigger(once=True).start()');

async function lateButNotEvicted(version: SparkVersion): Promise<unknown[][]> {
  const { simulation, source } = await open(once, { sparkVersion: version });
  source.add([{ value: 15 }]);
  simulation.runTrigger();
  // Watermark now 5 s. Trigger.Once runs no no-data batch, so the next batch is a data batch:
  // late rows are judged by the previous batch's watermark (0) in Spark >= 3.4, by 5 s before.
  source.add([{ value: 3 }]);
  simulation.runTrigger();
  const rows = new SimulationReader(simulation.db).sinkRows().map((r) => [...r.values]);
  simulation.stop();
  return rows;
}

test('Spark >= 3.4 accepts a row behind the new watermark but not the previous one, then evicts and emits it in the same batch', async () => {
  assert.deepEqual(await lateButNotEvicted([3, 5, 0]), [[0, 1]]);
  rmSync(path.join(directory, 'sim.sqlite'));
  assert.deepEqual(await lateButNotEvicted([3, 3, 0]), [], 'before 3.4 both watermarks are the current one: the row is dropped');
});

test('chained stateful operators are refused before Spark 3.4 with a clear message', async () => {
  const chain = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'scenarios', '38-chain-window-agg-then-window-agg.json'), 'utf8')) as unknown;
  const old = await runScenario(chain, { sparkVersion: [3, 3, 2] });
  assert.equal(old.error?.kind, 'analysis');
  assert.match(old.error?.message ?? '', /Multiple streaming aggregations are not supported .*Spark 3\.3\.2.*>= 3\.4/);
  const current = await runScenario(chain, { sparkVersion: [3, 4, 0] });
  assert.equal(current.error, null);
});

test('dropDuplicatesWithinWatermark needs Spark 3.5', async () => {
  const scenario = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'scenarios', '22-dedup-within-watermark.json'), 'utf8')) as unknown;
  const result = await runScenario(scenario, { sparkVersion: [3, 4, 1] });
  assert.equal(result.error?.kind, 'unsupported');
  assert.match(result.error?.message ?? '', /line 5: dropDuplicatesWithinWatermark needs Spark >= 3\.5/);
});

test('from_json parses Kafka-style values and select("data.*") expands the struct', async () => {
  const { simulation, source } = await open(
    `from pyspark.sql import functions as F
parsed = (spark.readStream.table("events")
          .select(F.from_json(F.col("value").cast("string"), "id INT, ts TIMESTAMP, tags ARRAY<STRING>").alias("data"))
          .select("data.*"))
q = parsed.writeStream.format("memory").queryName("o").start()
`,
    {},
    [{ name: 'value', type: 'string' }],
  );
  source.add([{ value: '{"id": 7, "ts": "2024-01-01 00:00:05", "tags": ["a"]}' }, { value: 'not json' }]);
  simulation.runUntilIdle();
  const reader = new SimulationReader(simulation.db);
  assert.deepEqual(reader.sinkSchema().map((c) => `${c.name}:${c.type}`), ['id:int', 'ts:timestamp', 'tags:array']);
  assert.deepEqual(
    reader.sinkRows().map((r) => r.values),
    [
      [7, Date.UTC(2024, 0, 1, 0, 0, 5) * 1000, ['a']],
      [null, null, null],
    ],
  );
  simulation.stop();
});

test('a stopped simulation refuses to run and says how to restart', async () => {
  const { simulation } = await open(windowed);
  simulation.stop();
  assert.throws(() => simulation.runNextBatch(), (error: unknown) => error instanceof SimulationError && /open it again to restart from the checkpoint/.test(error.message));
});

test('corrupt input records are kept in their table and counted in the source progress', async () => {
  const { model } = await parsePython(`q = spark.readStream.table("events").writeStream.format("memory").queryName("o").start()\n`);
  const rows = [{ value: 1 }, { value: 2 }];
  const source = {
    name: 'events',
    schema: [{ name: 'value', type: 'int' }],
    latestOffset: () => 2,
    getBatch: (start: number, end: number) => rows.slice(start, end),
    corruptRecords: (start: number, end: number) =>
      start < 1 && end >= 1 ? [{ source: 'events', file: 'events.jsonl', line: 2, raw: '{"value": ', error: 'Unexpected end of JSON input' }] : [],
  };
  const simulation = openSimulation({ model, dbPath: path.join(directory, 'sim.sqlite'), sources: { events: source } });
  simulation.runUntilIdle();
  const reader = new SimulationReader(simulation.db);
  assert.deepEqual(reader.corruptRecords(), [{ batchId: 0, source: 'events', file: 'events.jsonl', line: 2, raw: '{"value": ', error: 'Unexpected end of JSON input' }]);
  assert.deepEqual(simulation.lastProgress?.sources[0]?.metrics, { numCorruptRecords: '1' });
  simulation.stop();
});

test('the multiple-watermark policy is fixed by the first run: a restart keeps it over the session conf; bad values are refused', async () => {
  const { model } = await parsePython(`from pyspark.sql import functions as F
a = spark.readStream.table("events_a").withColumn("t", F.timestamp_seconds("value")).withWatermark("t", "0 seconds")
b = spark.readStream.table("events_b").withColumn("t", F.timestamp_seconds("value")).withWatermark("t", "0 seconds")
q = a.union(b).writeStream.format("memory").queryName("o").start()
`);
  const schema = [{ name: 'value', type: 'bigint' }];
  const a = new InlineSource('a', schema);
  const b = new InlineSource('b', schema);
  const dbPath = path.join(directory, 'policy.sqlite');
  const first = openSimulation({ model, dbPath, sources: { events_a: a, events_b: b }, confs: { 'spark.sql.streaming.multipleWatermarkPolicy': 'max' } });
  a.add([{ value: 10 }]);
  b.add([{ value: 20 }]);
  first.runUntilIdle();
  assert.equal(first.watermarkMs, 20_000);
  first.stop();
  const second = openSimulation({ model, dbPath, sources: { events_a: a, events_b: b }, confs: { 'spark.sql.streaming.multipleWatermarkPolicy': 'min' } });
  a.add([{ value: 30 }]);
  b.add([{ value: 25 }]);
  second.runUntilIdle();
  assert.equal(second.watermarkMs, 30_000, 'max policy from the checkpoint');
  second.stop();
  assert.throws(
    () => openSimulation({ model, dbPath: path.join(directory, 'bad.sqlite'), sources: { events_a: a, events_b: b }, confs: { 'spark.sql.streaming.multipleWatermarkPolicy': 'median' } }),
    /Valid values are 'min' and 'max'/,
  );
});
