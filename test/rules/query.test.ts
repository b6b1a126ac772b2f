// The query layer answers lineage questions over a lowered model.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePython } from '../../server/src/python/parse';
import { createQuery } from '../../server/src/rules/query';

const text = `from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
clicks = spark.readStream.format("rate").load().withWatermark("timestamp", "5 minutes")
marked = events.withWatermark("timestamp", "10 minutes")
deduped = marked.dropDuplicates(["value", "timestamp"])
joined = deduped.join(clicks, "value")
counts = joined.groupBy(F.window(marked.timestamp, "1 minute")).count()
counts.writeStream.outputMode("update").format("console").start()
other = spark.read.parquet("/static")
other.write.parquet("/copy")
`;

test('lineage, stateful operators upstream, watermark columns, writers and output mode', async () => {
  const { model } = await parsePython(text);
  const query = createQuery(model);
  const counts = model.bindings['counts'];
  const other = model.bindings['other'];
  assert.ok(counts !== undefined && other !== undefined);
  const stateful = query.upstreamStateful(counts).map((node) => (node.kind === 'op' ? node.op.kind : node.kind));
  assert.deepEqual(stateful, ['dedup', 'join']);
  assert.deepEqual([...query.watermarkColumns(counts)], ['timestamp']);
  assert.deepEqual([...query.watermarkColumns(other)], []);
  assert.equal(query.sources(counts).length, 2);
  const writers = query.writersOf(counts);
  assert.equal(writers.length, 1);
  assert.equal(query.outputMode(writers[0]!), 'update');
  assert.deepEqual(query.writersOf(other), []);
  assert.ok(query.isStreaming(counts));
  assert.ok(query.isBatch(other));
  assert.ok(query.lineage(counts).has(model.bindings['events']!));
  assert.ok(!query.lineage(counts).has(other));
  const events = model.bindings['events']!;
  assert.ok(query.consumers(events).length >= 1);
});
