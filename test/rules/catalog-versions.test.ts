// Version switches of the catalog rules whose verdict depends on the target
// Spark version: the same code, judged for two versions, gives two verdicts,
// and each finding says which version it is for.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SparkVersion } from '../../server/src/analysis/types';
import { check } from './check';

const preamble = `from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
devices = spark.read.parquet("/dims/devices")
`;

async function findings(rule: string, body: string, sparkVersion: SparkVersion): Promise<readonly { message: string; severity: string; version: string | null }[]> {
  const report = await check(rule, 'job.py', preamble + body, { sparkVersion });
  assert.deepEqual(report.result.ruleErrors, []);
  return report.result.findings.map((finding) => ({
    message: finding.message,
    severity: finding.severity,
    version: finding.sparkVersion === null ? null : finding.sparkVersion.join('.'),
  }));
}

const chainedDedup = `counts = events.withWatermark("timestamp", "1 minute").groupBy(F.window("timestamp", "1 minute")).count()
counts.dropDuplicates(["window"]).writeStream.format("delta").option("checkpointLocation", "/chk/c").start("/out/c")
`;

test('dedup-after-aggregation: an error before 3.4 even in Append mode, allowed in Append mode from 3.4', async () => {
  const old = await findings('dedup-after-aggregation', chainedDedup, [3, 3, 2]);
  assert.equal(old.length, 1);
  assert.match(old[0]!.message, /on Spark 3\.3\.2 start\(\) fails with "dropDuplicates is not supported after aggregation on a streaming DataFrame\/Dataset"/);
  assert.equal(old[0]!.version, '3.3.2');
  assert.deepEqual(await findings('dedup-after-aggregation', chainedDedup, [3, 4, 0]), []);
});

test('streaming-limit-update: any streaming limit fails before 2.4; from 2.4 Append mode is a lifetime-limit warning', async () => {
  const body = 'events.limit(5).writeStream.format("delta").option("checkpointLocation", "/chk/l").start("/out/l")\n';
  const old = await findings('streaming-limit-update', body, [2, 3, 4]);
  assert.equal(old.length, 1);
  assert.equal(old[0]!.severity, 'error');
  assert.match(old[0]!.message, /"Limits are not supported on streaming DataFrames\/Datasets"/);
  const current = await findings('streaming-limit-update', body, [3, 5, 0]);
  assert.equal(current.length, 1);
  assert.equal(current[0]!.severity, 'warning');
  assert.equal(current[0]!.version, '3.5.0');
});

test('max-watermark-policy: the setting does not exist before 2.4', async () => {
  const body = 'spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", "max")\n';
  assert.deepEqual(await findings('max-watermark-policy', body, [2, 3, 0]), []);
  const current = await findings('max-watermark-policy', body, [2, 4, 0]);
  assert.equal(current.length, 1);
  assert.equal(current[0]!.version, '2.4.0');
});

test('dropDuplicatesWithinWatermark rules name the Spark message from 3.5 and the missing method before', async () => {
  const streaming = 'unique = events.dropDuplicatesWithinWatermark(["value"])\n';
  const before = await findings('dedup-within-watermark-without-watermark', streaming, [3, 4, 1]);
  assert.match(before[0]!.message, /on Spark 3\.4\.1 the method does not exist/);
  const after = await findings('dedup-within-watermark-without-watermark', streaming, [3, 5, 0]);
  assert.match(after[0]!.message, /on Spark 3\.5\.0 start\(\) fails with "dropDuplicatesWithinWatermark is not supported on streaming DataFrames\/DataSets without watermark"/);
  const batch = 'latest = devices.dropDuplicatesWithinWatermark(["id"])\n';
  assert.match((await findings('batch-drop-duplicates-within-watermark', batch, [3, 4, 0]))[0]!.message, /the method does not exist/);
  assert.match((await findings('batch-drop-duplicates-within-watermark', batch, [3, 5, 0]))[0]!.message, /it fails with "dropDuplicatesWithinWatermark is not supported with batch DataFrames\/DataSets"/);
});

test('unbounded-dedup-state: suggests dropDuplicatesWithinWatermark only from 3.5', async () => {
  const body = 'unique = events.dropDuplicates(["value"])\n';
  const before = await findings('unbounded-dedup-state', body, [3, 4, 0]);
  assert.match(before[0]!.message, /include the event-time column in the subset/);
  assert.doesNotMatch(before[0]!.message, /use withWatermark\("<event time>", "<delay>"\)\.dropDuplicatesWithinWatermark/);
  const after = await findings('unbounded-dedup-state', body, [3, 5, 0]);
  assert.match(after[0]!.message, /\.dropDuplicatesWithinWatermark\(\[\.\.\.\]\)/);
});

test('update-with-session-window says which version the verdict is for', async () => {
  const body = `sessions = events.withWatermark("timestamp", "10 minutes").groupBy(F.session_window("timestamp", "5 minutes"), "value").count()
sessions.writeStream.outputMode("update").format("delta").option("checkpointLocation", "/chk/s").start("/out/s")
`;
  const result = await findings('update-with-session-window', body, [3, 2, 0]);
  assert.equal(result.length, 1);
  assert.equal(result[0]!.version, '3.2.0');
  assert.match(result[0]!.message, /on Spark 3\.2\.0/);
});
