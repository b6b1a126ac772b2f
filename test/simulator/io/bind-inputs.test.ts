import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PlanNode } from '../../../server/src/model/pipeline';
import { parsePython } from '../../../server/src/python/parse';
import { InputBinder, type InputSettings } from '../../../simulator/src/io/bind-inputs';
import { parseTimestampMicros } from '../../../simulator/src/io/timestamps';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

type SourceNode = Extract<PlanNode, { kind: 'source' }>;

async function binder(code: string, file: string | null, events: readonly string[] = []): Promise<{ binder: InputBinder; sources: SourceNode[]; statics: PlanNode[] }> {
  const { model } = await parsePython(code);
  const settings: InputSettings = { model, code, file, events, rowsPerBatch: 10, generatedRows: 50, staticRows: 40, seed: 42, epochUnit: 'seconds', clock: () => 0 };
  const sources = model.nodes.filter((node): node is SourceNode => node.kind === 'source' && node.streaming === 'streaming');
  const statics = model.nodes.filter((node) => node.kind === 'source' && node.streaming !== 'streaming');
  return { binder: new InputBinder(settings), sources, statics };
}

test('the bundled example finds its events beside it, and --events overrides them', async () => {
  const file = path.join(repoRoot, 'examples', 'clickstream_windowed_counts.py');
  const code = readFileSync(file, 'utf8');
  const found = await binder(code, file);
  const bound = found.binder.bindSource(found.sources[0] as SourceNode);
  assert.ok(bound, found.binder.problems.join('; '));
  assert.equal(bound.key, 'clicks');
  assert.match(found.binder.notes.join('\n'), /events for clicks: .*examples\/events\/clicks\.jsonl/);
  assert.deepEqual(bound.opened.readLimit, { kind: 'maxRows', rows: 10 });
  assert.equal(bound.opened.source.latestOffset(0, { kind: 'all' }), 602);
  assert.equal(bound.opened.source.corruptRecords(0, 602).length, 2);

  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-bind-'));
  try {
    const other = path.join(directory, 'few.jsonl');
    writeFileSync(other, '{"user_id":"u","page":"/","event_time":"2024-01-01T00:00:00Z"}\n');
    const explicit = await binder(code, file, [`/data/clicks=${other}`]);
    const source = explicit.binder.bindSource(explicit.sources[0] as SourceNode);
    assert.equal(source?.opened.source.latestOffset(0, { kind: 'all' }), 1);
    assert.deepEqual(explicit.binder.unusedBindings(), []);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('a directory bound to a file source reads files with maxFilesPerTrigger', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-bind-'));
  try {
    const events = path.join(directory, 'landing');
    mkdirSync(events);
    for (const name of ['a', 'b', 'c']) writeFileSync(path.join(events, `${name}.csv`), `id,amount\n${name}1,1.5\n${name}2,2\n`);
    const code = 'df = spark.readStream.schema("id STRING, amount DOUBLE").option("header", True).option("maxFilesPerTrigger", 2).csv("/landing")\ndf.writeStream.format("console").start()\n';
    const { binder: inputs, sources } = await binder(code, null, [`landing=${events}`]);
    const bound = inputs.bindSource(sources[0] as SourceNode);
    assert.ok(bound, inputs.problems.join('; '));
    assert.deepEqual(bound.opened.readLimit, { kind: 'maxFiles', files: 2 });
    const end = bound.opened.source.latestOffset(0, bound.opened.readLimit);
    assert.deepEqual(bound.opened.source.getBatch(0, end), [
      { id: 'a1', amount: 1.5 },
      { id: 'a2', amount: 2 },
      { id: 'b1', amount: 1.5 },
      { id: 'b2', amount: 2 },
    ]);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('a Kafka source gets generated JSON values in the from_json schema, with maxOffsetsPerTrigger', async () => {
  const code = [
    'from pyspark.sql import functions as F',
    'from pyspark.sql.types import StructType, StructField, StringType, TimestampType',
    'schema = StructType([StructField("sensor_id", StringType()), StructField("ts", TimestampType())])',
    'raw = spark.readStream.format("kafka").option("subscribe", "readings").option("maxOffsetsPerTrigger", 7).load()',
    'parsed = raw.select(F.from_json(F.col("value").cast("string"), schema).alias("r")).select("r.*")',
    'parsed.writeStream.format("console").start()',
  ].join('\n');
  const { binder: inputs, sources } = await binder(code, null);
  const bound = inputs.bindSource(sources[0] as SourceNode);
  assert.ok(bound, inputs.problems.join('; '));
  assert.equal(bound.key, 'readings');
  assert.deepEqual(bound.opened.readLimit, { kind: 'maxRows', rows: 7 });
  const rows = bound.opened.source.getBatch(0, 7);
  assert.equal(rows.length, 7);
  for (const row of rows) {
    const value = JSON.parse(String(row['value'])) as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['sensor_id', 'ts']);
    assert.match(String(value['ts']), /^\d{4}-\d\d-\d\dT/);
    assert.equal(row['topic'], 'readings');
  }
});

test('no schema at all: a clear message that suggests --events', async () => {
  const code = 'raw = spark.readStream.format("delta").table("bronze.events")\nraw.writeStream.format("console").start()\n';
  const { binder: inputs, sources } = await binder(code, null);
  assert.equal(inputs.bindSource(sources[0] as SourceNode), null);
  assert.match(inputs.problems.join('\n'), /declares no schema.*--events bronze\.events=PATH/);
});

test('a static DataFrame with a schema gets one generated row per key', async () => {
  const code = [
    'users = spark.read.schema("user_id STRING, country STRING").parquet("/dim/users")',
    'clicks = spark.readStream.schema("user_id STRING, ts TIMESTAMP").json("/clicks")',
    'clicks.join(users, "user_id").writeStream.format("console").start()',
  ].join('\n');
  const { binder: inputs, statics } = await binder(code, null);
  const bound = inputs.bindStatic(statics[0] as PlanNode);
  assert.ok(bound, inputs.problems.join('; '));
  const rows = bound.load();
  assert.equal(rows.length, 40);
  assert.deepEqual(rows.slice(0, 2).map((row) => row['user_id']), ['user-001', 'user-002']);
  assert.equal(new Set(rows.map((row) => row['user_id'])).size, 40);
});

test('a Kafka source nobody parses gets generic JSON events, keyed by user and stamped with event time', async () => {
  const code = [
    'clicks = spark.readStream.format("kafka").option("subscribe", "clicks").load().selectExpr("CAST(key AS STRING) AS user", "timestamp")',
    'clicks.writeStream.format("parquet").start("/out")',
  ].join('\n');
  const { binder: inputs, sources } = await binder(code, null);
  const bound = inputs.bindSource(sources[0] as SourceNode);
  assert.ok(bound, inputs.problems.join('; '));
  assert.match(inputs.notes.join('\n'), /no from_json\(\.\.\.\) parses the Kafka value.*--events clicks=PATH/);
  const rows = bound.opened.source.getBatch(0, 50);
  for (const row of rows) {
    const value = JSON.parse(String(row['value'])) as Record<string, unknown>;
    assert.equal(row['key'], value['user_id']);
    assert.equal(row['timestamp'], parseTimestampMicros(String(value['event_time'])));
  }
  assert.deepEqual(bound.opened.source.getBatch(10, 20), rows.slice(10, 20), 'records replay');
});
