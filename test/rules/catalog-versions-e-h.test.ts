// Version switches of the catalog rules of sections E-H (joins, stateful
// functions, checkpoints, sinks and triggers): the same code judged for two
// Spark versions gives two verdicts, and each finding names its version.
// Also: switching Spark's own checks off silences none of the rules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SparkVersion } from '../../server/src/analysis/types';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import { check } from './check';

const preamble = `from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))
clicks = spark.readStream.format("kafka").option("subscribe", "clicks").load().select(F.col("key").alias("ad"), F.col("timestamp").alias("clicked"))
dim = spark.read.format("delta").load("/dims")


def step(key, batches, state):
    yield from batches

`;

interface Seen {
  readonly message: string;
  readonly severity: string;
  readonly version: string | null;
}

async function findings(rule: string, body: string, sparkVersion: SparkVersion): Promise<readonly Seen[]> {
  const report = await check(rule, 'job.py', preamble + body, { sparkVersion });
  assert.deepEqual(report.result.ruleErrors, []);
  return report.result.findings.map((finding) => ({
    message: finding.message,
    severity: finding.severity,
    version: finding.sparkVersion === null ? null : finding.sparkVersion.join('.'),
  }));
}

test('stream-stream-join-non-append: the 2.3 wording names inner joins, 2.4+ any join, and the finding names its version', async () => {
  const body = 'events.join(clicks, F.expr("device = ad")).writeStream.outputMode("update").format("kafka").option("checkpointLocation", "/chk/j").start()\n';
  const old = await findings('stream-stream-join-non-append', body, [2, 3, 0]);
  assert.equal(old.length, 1);
  assert.match(old[0]!.message, /on Spark 2\.3\.0 start\(\) fails with "Inner join between two streaming DataFrames\/Datasets is not supported in Update output mode/);
  const current = await findings('stream-stream-join-non-append', body, [3, 5, 1]);
  assert.match(current[0]!.message, /on Spark 3\.5\.1 start\(\) fails with "Join between two streaming DataFrames\/Datasets is not supported in Update output mode, only in Append output mode"/);
  assert.equal(current[0]!.version, '3.5.1');
});

test('unsupported-stream-static-outer-join: full outer has the pre-3.1 wording before 3.1', async () => {
  const body = 'events.join(dim, "device", "full").writeStream.format("kafka").option("checkpointLocation", "/chk/f").start()\n';
  const old = await findings('unsupported-stream-static-outer-join', body, [3, 0, 3]);
  assert.match(old[0]!.message, /"Full outer joins with streaming DataFrames\/Datasets are not supported"/);
  const current = await findings('unsupported-stream-static-outer-join', body, [3, 1, 0]);
  assert.match(current[0]!.message, /"FullOuter joins with streaming DataFrames\/Datasets on the left and a static DataFrame\/Dataset on the right is not supported"/);
});

test('map-groups-with-state-mode: an aggregation in the query is an error before 3.4 only', async () => {
  const body =
    'events.groupBy("device").mapGroupsWithState("NoTimeout").groupBy("device").count().writeStream.outputMode("update").format("kafka").option("checkpointLocation", "/chk/m").start()\n';
  const old = await findings('map-groups-with-state-mode', body, [3, 3, 0]);
  assert.equal(old.length, 1);
  assert.match(old[0]!.message, /"mapGroupsWithState is not supported with aggregation on a streaming DataFrame\/Dataset"/);
  assert.deepEqual(await findings('map-groups-with-state-mode', body, [3, 4, 0]), []);
});

test('applyInPandasWithState rules stay quiet before 3.4, where the API does not exist', async () => {
  const body =
    'events.groupBy("device").applyInPandasWithState(step, "device string", "n long", "update", "NoTimeout").writeStream.format("kafka").option("checkpointLocation", "/chk/s").start()\n';
  assert.deepEqual(await findings('state-func-mode-mismatch', body, [3, 3, 2]), []);
  const current = await findings('state-func-mode-mismatch', body, [3, 4, 0]);
  assert.equal(current.length, 1);
  // No outputMode on the writer: the query is in Append mode.
  assert.match(current[0]!.message, /"applyInPandasWithState in update mode is not supported with Append output mode on a streaming DataFrame\/Dataset"/);
  assert.equal(current[0]!.version, '3.4.0');
});

test('state-func-with-aggregation: flatMapGroupsWithState in append mode after an aggregation is an error before 3.4 only', async () => {
  const body =
    'events.groupBy("device").count().groupBy("device").flatMapGroupsWithState(OutputMode.Append(), GroupStateTimeout.NoTimeout()).writeStream.format("kafka").option("checkpointLocation", "/chk/a").start()\n';
  const old = await findings('state-func-with-aggregation', body, [3, 3, 0]);
  assert.equal(old.length, 1);
  assert.match(old[0]!.message, /"flatMapGroupsWithState in append mode is not supported after aggregation on a streaming DataFrame\/Dataset"/);
  assert.deepEqual(await findings('state-func-with-aggregation', body, [3, 4, 0]), []);
});

test('tws-requires-rocksdb: only from Spark 4.0', async () => {
  const body =
    'events.groupBy("device").transformWithStateInPandas(Processor(), "device string", "append", "None").writeStream.format("kafka").option("checkpointLocation", "/chk/t").start()\n';
  assert.deepEqual(await findings('tws-requires-rocksdb', body, [3, 5, 0]), []);
  const current = await findings('tws-requires-rocksdb', body, [4, 0, 1]);
  assert.equal(current.length, 1);
  assert.equal(current[0]!.version, '4.0.1');
});

test('file-sink-non-append: the 3.x text before 4.0, the error class from 4.0', async () => {
  const body = 'events.groupBy("device").count().writeStream.outputMode("complete").format("parquet").option("checkpointLocation", "/chk/p").start("/out/p")\n';
  const old = await findings('file-sink-non-append', body, [3, 5, 0]);
  assert.match(old[0]!.message, /"Data source parquet does not support Complete output mode\."/);
  const current = await findings('file-sink-non-append', body, [4, 0, 0]);
  assert.match(current[0]!.message, /STREAMING_OUTPUT_MODE\.UNSUPPORTED_DATASOURCE/);
});

test('invalid-output-mode: the legacy text before 4.0, the error class from 4.0', async () => {
  const body = 'events.writeStream.outputMode("upsert").format("kafka").option("checkpointLocation", "/chk/o").start()\n';
  assert.match((await findings('invalid-output-mode', body, [3, 3, 0]))[0]!.message, /"Unknown output mode upsert\. Accepted output modes are 'append', 'complete', 'update'"/);
  assert.match((await findings('invalid-output-mode', body, [4, 0, 0]))[0]!.message, /STREAMING_OUTPUT_MODE\.INVALID/);
});

test('deprecated-trigger-once: quiet before 3.4, a warning from 3.4', async () => {
  const body = 'events.writeStream.trigger(once=True).format("kafka").option("checkpointLocation", "/chk/o").start()\n';
  assert.deepEqual(await findings('deprecated-trigger-once', body, [3, 3, 4]), []);
  const current = await findings('deprecated-trigger-once', body, [3, 4, 0]);
  assert.equal(current.length, 1);
  assert.equal(current[0]!.severity, 'warning');
  assert.match(current[0]!.message, /on Spark 3\.4\.0/);
});

test('async-progress-misuse: quiet before 3.4, where the option does not exist', async () => {
  const body = 'events.writeStream.format("delta").option("asyncProgressTrackingEnabled", "true").option("checkpointLocation", "/chk/a").start("/out/a")\n';
  assert.deepEqual(await findings('async-progress-misuse', body, [3, 3, 0]), []);
  assert.equal((await findings('async-progress-misuse', body, [3, 4, 0])).length, 1);
});

test('real-time-mode-constraints: before 4.1 the trigger itself; from 4.1 each broken constraint, and none for a stateless Kafka query in Update mode', async () => {
  const bad = 'events.groupBy("device").count().writeStream.trigger(realTime="1 second").foreachBatch(write).start()\n';
  const old = await findings('real-time-mode-constraints', bad, [4, 0, 0]);
  assert.match(old[0]!.message, /Real-time trigger before Spark 4\.1/);
  const current = await findings('real-time-mode-constraints', bad, [4, 1, 0]);
  assert.equal(current.length, 1);
  const message = current[0]!.message;
  for (const part of [
    'OUTPUT_MODE_NOT_SUPPORTED',
    'INVALID_STREAMING_REAL_TIME_MODE_TRIGGER_INTERVAL',
    'no checkpoint location',
    'SINK_NOT_SUPPORTED (foreachBatch)',
    'OPERATOR_OR_SINK_NOT_IN_ALLOWLIST (aggregate)',
  ]) {
    assert.ok(message.includes(part), `${part} in ${message}`);
  }
  const good =
    'events.writeStream.outputMode("update").trigger(realTime="5 minutes").format("kafka").option("topic", "out").option("checkpointLocation", "/chk/r").start()\n';
  assert.deepEqual(await findings('real-time-mode-constraints', good, [4, 1, 0]), []);
  const unbroadcast =
    'events.join(dim, "device").writeStream.outputMode("update").trigger(realTime="5 minutes").format("kafka").option("checkpointLocation", "/chk/r").start()\n';
  assert.match((await findings('real-time-mode-constraints', unbroadcast, [4, 1, 0]))[0]!.message, /stream-static join without broadcast/);
  const broadcast =
    'events.join(F.broadcast(dim), "device").writeStream.outputMode("update").trigger(realTime="5 minutes").format("kafka").option("checkpointLocation", "/chk/r").start()\n';
  assert.deepEqual(await findings('real-time-mode-constraints', broadcast, [4, 1, 0]), []);
});

test("switching Spark's checks off is reported and silences none of the other rules", async () => {
  const text = `${preamble}spark.conf.set("spark.sql.streaming.unsupportedOperationCheck", "false")
spark.conf.set("spark.sql.streaming.statefulOperator.checkCorrectness.enabled", "false")
events.join(clicks, F.expr("device = ad"), "left_outer").writeStream.outputMode("update").format("kafka").option("checkpointLocation", "/chk/x").start()
`;
  const result = await analyzeFile('job.py', text, defaultSettings);
  const rules = new Set(result.findings.map((finding) => finding.rule));
  for (const rule of [
    'unsupported-operation-check-disabled',
    'correctness-check-disabled',
    'stream-stream-join-non-append',
    'stream-stream-outer-join-without-watermark',
  ]) {
    assert.ok(rules.has(rule), `${rule} missing from ${[...rules].join(', ')}`);
  }
});

test('chained-stateful-operators: an outer join before another stateful operator fails on 3.3, not on 3.5 in Append mode', async () => {
  const body = `joined = events.withWatermark("timestamp", "1 hour").join(
    clicks.withWatermark("clicked", "1 hour"), F.expr("device = ad AND clicked BETWEEN timestamp AND timestamp + interval 1 hour"), "left_outer")
joined.dropDuplicates(["device", "timestamp"]).writeStream.format("kafka").option("checkpointLocation", "/chk/o").start()
`;
  const old = await findings('chained-stateful-operators', body, [3, 3, 0]);
  assert.equal(old.length, 1);
  assert.match(old[0]!.message, /after a stream-stream LeftOuter join: on Spark 3\.3\.0 start\(\) fails with "Detected pattern of possible 'correctness' issue/);
  assert.deepEqual(await findings('chained-stateful-operators', body, [3, 5, 0]), []);
});

test('chained-stateful-operators: a time-interval join before an aggregation fails on 3.4 only', async () => {
  const body = `joined = events.withWatermark("timestamp", "1 hour").join(
    clicks.withWatermark("clicked", "1 hour"), F.expr("device = ad AND clicked BETWEEN timestamp AND timestamp + interval 1 hour"))
joined.groupBy(F.window("timestamp", "1 hour")).count().writeStream.format("kafka").option("checkpointLocation", "/chk/t").start()
`;
  assert.equal((await findings('chained-stateful-operators', body, [3, 4, 1])).length, 1);
  assert.deepEqual(await findings('chained-stateful-operators', body, [3, 5, 0]), []);
  assert.deepEqual(await findings('chained-stateful-operators', body, [3, 0, 0]), []);
});

test('chained-stateful-operators: an event-time timeout before another stateful operator fails from 3.5, not in 3.4', async () => {
  const body = `sessions = events.withWatermark("timestamp", "1 hour").groupBy("device").applyInPandasWithState(step, "device string", "n long", "append", "EventTimeTimeout")
sessions.dropDuplicates(["device"]).writeStream.format("kafka").option("checkpointLocation", "/chk/e").start()
`;
  assert.deepEqual(await findings('chained-stateful-operators', body, [3, 4, 0]), []);
  assert.equal((await findings('chained-stateful-operators', body, [3, 5, 0])).length, 1);
});

test('a helper function called twice reports its writer once per place and message', async () => {
  const text = `${preamble}def sink(df, name, mode="append"):
    return (df.writeStream.outputMode(mode).trigger(once=True).format("parquet")
            .option("checkpointLocation", f"/chk/{name}").start(f"/out/{name}"))


sink(events.groupBy("device").count(), "a", "complete")
sink(events.groupBy("device").count(), "b", "complete")
`;
  const result = await analyzeFile('job.py', text, { ...defaultSettings, select: ['WP802', 'WP807'] });
  assert.deepEqual(result.findings.map((finding) => finding.code), ['WP802', 'WP807']);
});
