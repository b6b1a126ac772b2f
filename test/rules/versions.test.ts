// Rules whose verdict changed across Spark releases, checked at 3.3, 3.4 and
// 3.5 on the same code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, summarise } from './check';
import type { SparkVersion } from '../../server/src/analysis/types';

const v33: SparkVersion = [3, 3, 0];
const v34: SparkVersion = [3, 4, 0];
const v35: SparkVersion = [3, 5, 0];

const appendChain = `from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
per_minute = events.withWatermark("timestamp", "10 minutes").groupBy(F.window("timestamp", "1 minute")).count()
per_hour = per_minute.groupBy(F.window("window", "1 hour")).agg(F.sum("count").alias("n"))
per_hour.writeStream.outputMode("append").format("console").start()
`;

test('chained aggregations in Append mode with a watermark: an error on 3.3, allowed from 3.4', async () => {
  const old = await check('chained-streaming-aggregations', 'job.py', appendChain, { sparkVersion: v33 });
  assert.equal(old.reported.length, 1, summarise(old));
  const finding = old.result.findings[0];
  assert.match(finding?.message ?? '', /on Spark 3\.3\.0 start\(\) fails with "Multiple streaming aggregations are not supported with streaming DataFrames\/Datasets"/);
  assert.deepEqual(finding?.sparkVersion, v33);
  assert.equal(appendChain.slice(finding?.related[0]?.span.start, finding?.related[0]?.span.end), '.groupBy(F.window("timestamp", "1 minute"))');
  for (const version of [v34, v35]) {
    const report = await check('chained-streaming-aggregations', 'job.py', appendChain, { sparkVersion: version });
    assert.equal(report.reported.length, 0, summarise(report));
  }
});

test('chained aggregations in Update mode: multiple-aggregations error on 3.3, correctness check from 3.4', async () => {
  const update = appendChain.replace('outputMode("append")', 'outputMode("update")');
  const old = await check('chained-streaming-aggregations', 'job.py', update, { sparkVersion: v33 });
  assert.match(old.result.findings[0]?.message ?? '', /Multiple streaming aggregations/);
  for (const version of [v34, v35]) {
    const report = await check('chained-streaming-aggregations', 'job.py', update, { sparkVersion: version });
    assert.equal(report.reported.length, 1, summarise(report));
    assert.match(report.result.findings[0]?.message ?? '', /in Update mode: on Spark 3\.[45]\.0 .*correctness/);
  }
});

const windowFunction = `from pyspark.sql import SparkSession, Window, functions as F
spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
ranked = events.select("value", F.rank().over(Window.partitionBy("value").orderBy("timestamp")).alias("r"))
ranked.writeStream.format("console").start()
`;

test('window functions: the plain message up to 3.4, the NON_TIME_WINDOW error class from 3.5', async () => {
  for (const version of [v33, v34]) {
    const report = await check('streaming-window-function', 'job.py', windowFunction, { sparkVersion: version });
    assert.equal(report.reported.length, 1);
    assert.match(report.result.findings[0]?.message ?? '', /"Non-time-based windows are not supported on streaming DataFrames\/Datasets"/);
  }
  const report = await check('streaming-window-function', 'job.py', windowFunction, { sparkVersion: v35 });
  assert.match(
    report.result.findings[0]?.message ?? '',
    /on Spark 3\.5\.0 start\(\) fails with "\[NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING\] Window function is not supported in rank\(\) \(as column r\)/,
  );
});

test('S3 checkpoints: the abortable checkpoint manager is offered only from 3.4', async () => {
  const text = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
spark.readStream.format("rate").load().writeStream.format("console").option("checkpointLocation", "s3a://b/chk").start()
`;
  const old = await check('object-store-checkpoint-rename', 'job.py', text, { sparkVersion: v33 });
  assert.match(old.result.findings[0]?.message ?? '', /needs Spark 3\.4\+/);
  assert.doesNotMatch(old.result.findings[0]?.message ?? '', /set spark\.sql\.streaming\.checkpointFileManagerClass/);
  const current = await check('object-store-checkpoint-rename', 'job.py', text, { sparkVersion: v34 });
  assert.match(current.result.findings[0]?.message ?? '', /set spark\.sql\.streaming\.checkpointFileManagerClass to org\.apache\.spark\.internal\.io\.cloud\.AbortableStreamBasedCheckpointFileManager/);
});

test('a third stacked aggregation points at the first aggregation and at the one it stacks on', async () => {
  const text = `from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
a = events.groupBy("value").count()
b = a.groupBy("count").count()
c = b.groupBy("count").count()
c.writeStream.outputMode("complete").format("console").start()
`;
  const report = await check('chained-streaming-aggregations', 'job.py', text);
  const third = report.result.findings.find((finding) => text.slice(finding.span.start, finding.span.end) === '.groupBy("count")' && finding.span.start > text.indexOf('c = '));
  assert.deepEqual(
    third?.related.map((related) => `${related.message}: ${text.slice(related.span.start, related.span.end)}@${text.lastIndexOf('\n', related.span.start)}`),
    [
      `first streaming aggregation: .groupBy("value")@${text.lastIndexOf('\n', text.indexOf('a = '))}`,
      `the aggregation this one stacks on: .groupBy("count")@${text.lastIndexOf('\n', text.indexOf('b = '))}`,
    ],
  );
});
