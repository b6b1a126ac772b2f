// Fixes change the text as their title says and carry their safety;
// findings point at the second place that matters.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import type { Finding, TextEdit } from '../../server/src/analysis/types';

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  }
  return result;
}

function slice(text: string, finding: Finding | undefined, related = -1): string {
  const span = related < 0 ? finding?.span : finding?.related[related]?.span;
  return span ? text.slice(span.start, span.end) : '<none>';
}

const cached = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
devices = spark.read.format("delta").load("/dims/devices").cache()
events.join(devices, events.value == devices.id).writeStream.format("console").start()
`;

test('the cached static side fix removes the cache call, and is unsafe', async () => {
  const result = await analyzeFile('job.py', cached, { ...defaultSettings, select: ['WP506'] });
  const finding = result.findings[0];
  assert.equal(slice(cached, finding), '.join(devices, events.value == devices.id)');
  assert.equal(slice(cached, finding, 0), '.cache()');
  assert.equal(finding?.fixes.length, 1);
  const fix = finding?.fixes[0];
  assert.equal(fix?.safety, 'unsafe');
  assert.equal(
    applyEdits(cached, fix?.edits() ?? []),
    cached.replace('load("/dims/devices").cache()', 'load("/dims/devices")'),
  );
});

test('a separate cache() statement is reported but not removed by a fix', async () => {
  const text = cached.replace('.load("/dims/devices").cache()', '.load("/dims/devices")\ndevices.cache()');
  const result = await analyzeFile('job.py', text, { ...defaultSettings, select: ['WP506'] });
  assert.equal(result.findings.length, 1);
  assert.equal(slice(text, result.findings[0], 0), '.cache()');
  assert.deepEqual(result.findings[0]?.fixes, []);
});

test('the re-read static side points at each static source it reads', async () => {
  const text = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
orders = spark.readStream.format("kafka").option("subscribe", "orders").load()
customers = spark.read.format("jdbc").option("url", "jdbc:postgresql://crm/crm").option("query", "select * from customers").load()
regions = spark.read.parquet("/dims/regions")
static = customers.join(regions, "region_id")
orders.join(static, "customer_id").writeStream.format("console").start()
`;
  const result = await analyzeFile('job.py', text, { ...defaultSettings, select: ['WP507'] });
  assert.equal(result.findings.length, 1);
  const finding = result.findings[0];
  assert.equal(finding?.severity, 'warning');
  assert.match(finding?.message ?? '', /the JDBC source \(query "select \* from customers"\) is queried again on every trigger/);
  assert.deepEqual(
    finding?.related.map((related) => text.slice(related.span.start, related.span.end).split('.')[2]),
    ['format("jdbc")', 'parquet("/dims/regions")'],
  );
});

test('a Delta static side is reported as info; a broadcast file side is not reported', async () => {
  const text = `from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.getOrCreate()
orders = spark.readStream.format("kafka").option("subscribe", "orders").load()
devices = spark.read.format("delta").load("/dims/devices")
orders.join(devices, "device_id").writeStream.format("console").start()
orders.join(F.broadcast(spark.read.parquet("/dims/small")), "code").writeStream.format("console").start()
`;
  const result = await analyzeFile('job.py', text, { ...defaultSettings, select: ['WP507'] });
  assert.deepEqual(result.findings.map((finding) => `${finding.severity} ${slice(text, finding)}`), ['info .join(devices, "device_id")']);
});

test('the JDBC sink fix moves the JDBC options into a foreachBatch function, and the result runs', async () => {
  const text = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def start(df):
    query = (df.writeStream
             .format("jdbc")
             .option("url", "jdbc:postgresql://db/ops")
             .option("checkpointLocation", "/chk/events")
             .option("dbtable", "events")
             .start())
    return query
`;
  const result = await analyzeFile('job.py', text, { ...defaultSettings, select: ['WP801'] });
  const fix = result.findings[0]?.fixes[0];
  assert.equal(fix?.safety, 'unsafe');
  const fixed = applyEdits(text, fix?.edits() ?? []);
  assert.equal(
    fixed,
    `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def start(df):
    def write_jdbc_batch(batch_df, batch_id):
        # foreachBatch is at-least-once: make this write idempotent (upsert on a key, or skip batch ids already written)
        (batch_df.write.format("jdbc")
            .option("url", "jdbc:postgresql://db/ops")
            .option("dbtable", "events")
            .mode("append")
            .save())

    query = (df.writeStream
             .foreachBatch(write_jdbc_batch)
             .option("checkpointLocation", "/chk/events")
             .start())
    return query
`,
  );
  const after = await analyzeFile('job.py', fixed, defaultSettings);
  assert.deepEqual(after.model?.problems.filter((problem) => problem.kind === 'syntax'), []);
  // The generated function cannot know how to make the write idempotent: the
  // foreachBatch idempotency rule (WP811) rightly asks for it, nothing else fires.
  assert.deepEqual(after.findings.map((finding) => finding.code).filter((code) => code !== 'WP811'), []);
});

test('the JDBC sink fix is not offered where the rewrite could break the code', async () => {
  const text = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream \\
    .format("jdbc") \\
    .start()
queries = [events.writeStream.format("jdbc").start()]
`;
  const result = await analyzeFile('job.py', text, { ...defaultSettings, select: ['WP801'] });
  assert.equal(result.findings.length, 2);
  for (const finding of result.findings) assert.deepEqual(finding.fixes, []);
});

test('chained aggregations in Update mode with a watermarked window key get an unsafe fix to Append, which the rule then accepts', async () => {
  const text = `from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
per_minute = events.withWatermark("timestamp", "10 minutes").groupBy(F.window("timestamp", "1 minute")).count()
per_hour = per_minute.groupBy(F.window("window", "1 hour")).agg(F.sum("count").alias("n"))
per_hour.writeStream.outputMode('update').format("console").start()
`;
  const result = await analyzeFile('job.py', text, { ...defaultSettings, select: ['WP601'] });
  const fix = result.findings[0]?.fixes[0];
  assert.equal(fix?.safety, 'unsafe');
  const fixed = applyEdits(text, fix?.edits() ?? []);
  assert.equal(fixed, text.replace(".outputMode('update')", '.outputMode("append")'));
  assert.deepEqual((await analyzeFile('job.py', fixed, { ...defaultSettings, select: ['WP601'] })).findings, []);
  const withoutKey = text.replace('groupBy(F.window("window", "1 hour"))', 'groupBy("count")');
  const noFix = await analyzeFile('job.py', withoutKey, { ...defaultSettings, select: ['WP601'] });
  assert.equal(noFix.findings.length, 1);
  assert.deepEqual(noFix.findings[0]?.fixes, []);
});
