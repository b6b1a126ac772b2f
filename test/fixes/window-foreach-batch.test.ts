// The foreachBatch template of streaming-window-function is display-only, so
// the fix harness snapshots it without converging it. A template with no
// placeholder left must still be code that runs: applied, it parses, its
// finding is gone, the handler reads no outer stream, and the only new
// findings are the ones its doc names (a file sink written from foreachBatch
// is at-least-once, a query without a checkpoint should get one). That holds
// for both shapes: statements before the writer, and the window function
// chained straight into the writer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyFix, findingCounts, findingsOf, ruleFixtures, scalaRuleFixtures, syntaxErrors } from './fix-harness';

const fixture = path.join(ruleFixtures, 'streaming-window-function', 'invalid-foreach-batch.py');
const followUps = new Set(['WP811', 'WP701']);

/** Applies each WP303 template of `text` that has no placeholder and checks it parses, removes its finding and raises only the follow-ups; returns how many it checked. */
async function checkTemplates(text: string, language: 'python' | 'scala', expected: number): Promise<number> {
  const file = language === 'python' ? 'job.py' : 'Job.scala';
  const findings = await findingsOf(text, undefined, file);
  const baseline = findingCounts(findings);
  const templates = findings.filter((finding) => finding.code === 'WP303').flatMap((finding) => finding.fixes.map((fix) => ({ finding, fix })));
  assert.equal(templates.length, expected, `the writable shapes get a template, the others none (${templates.map(({ fix }) => fix.title).join('; ')})`);
  let checked = 0;
  for (const { finding, fix } of templates) {
    assert.equal(fix.safety, 'display-only');
    const after = applyFix(text, fix);
    if (after.includes('"<table>"')) continue;
    checked++;
    assert.equal(await syntaxErrors(after, language), 0, `${fix.title} leaves a syntax error:\n${after}`);
    const counts = findingCounts(await findingsOf(after, undefined, file));
    const key = `${finding.code} ${finding.message}`;
    assert.ok((counts.get(key) ?? 0) < (baseline.get(key) ?? 0), `${fix.title} leaves its finding:\n${after}`);
    const raised = [...counts].filter(([other, count]) => count > (baseline.get(other) ?? 0)).map(([other]) => other.split(' ')[0] ?? '');
    assert.deepEqual(raised.filter((code) => !followUps.has(code)), [], `${fix.title} raises more:\n${after}`);
  }
  return checked;
}

test('each foreachBatch template without a placeholder parses, removes its finding and raises only its documented follow-ups', async () => {
  assert.equal(await checkTemplates(readFileSync(fixture, 'utf8'), 'python', 5), 4, 'only the memory sink keeps a placeholder');
});

test('the chained shape: each template parses, removes its finding and raises only the follow-ups, in Python and in Scala (the Scala fix check keeps it)', async () => {
  const python = readFileSync(path.join(ruleFixtures, 'streaming-window-function', 'invalid-foreach-batch-chain.py'), 'utf8');
  assert.equal(await checkTemplates(python, 'python', 2), 2);
  const scala = readFileSync(path.join(scalaRuleFixtures, 'streaming-window-function', 'invalid-foreach-batch-chain.scala'), 'utf8');
  assert.equal(await checkTemplates(scala, 'scala', 2), 2);
});

test('the handler writes to the query sink through the batch writer, and the query keeps its checkpoint and trigger', async () => {
  const before = readFileSync(fixture, 'utf8');
  const fix = (await findingsOf(before)).find((finding) => finding.code === 'WP303')?.fixes[0];
  assert.ok(fix);
  const after = applyFix(before, fix);
  assert.ok(
    after.includes(
      [
        'def write_latest(batch_df, batch_id):',
        '    # foreachBatch hands this function one micro-batch at a time: the window function sees the rows of that batch only, never earlier ones',
        '    latest = batch_df.withColumn("rn", F.row_number().over(spec)).filter("rn = 1").drop("rn")',
        '    latest.write.format("delta").option("mergeSchema", "true").option("txnAppId", "write_latest").option("txnVersion", batch_id).mode("append").save("/out/latest")',
      ].join('\n'),
    ),
    after,
  );
  assert.ok(after.includes('\nevents.writeStream.foreachBatch(write_latest).option("checkpointLocation", "/chk/latest").trigger(processingTime="1 minute").start()\n'), after);
  assert.doesNotMatch(after, /^latest\.writeStream/m);
});

test('no template when the window DataFrame has a second reader (an f-string counts), follows an aggregation, or reads the stream again', async () => {
  const head = `from pyspark.sql import SparkSession, Window, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
spec = Window.partitionBy("value").orderBy("timestamp")
`;
  const shapes = [
    'ranked = events.withColumn("rn", F.row_number().over(spec))\nranked.writeStream.format("console").start()\nranked.printSchema()\n',
    'ranked = events.withColumn("rn", F.row_number().over(spec))\nranked.writeStream.format("console").start()\nshow(ranked)\n',
    'ranked = events.withColumn("rn", F.row_number().over(spec))\nranked.writeStream.format("console").start()\nprint(f"columns: {ranked.columns}")\n',
    'ranked = events.withColumn("n", F.count("value").over(Window.partitionBy(events.value)))\nranked.writeStream.format("console").start()\n',
    'ranked = events.withColumn("rn", F.row_number().over(spec))\nranked.writeStream.foreach(print).start()\n',
    'ranked = events.withColumn("rn", F.row_number().over(spec))\nranked.writeStream.format("delta").options(**settings).start("/out")\n',
  ];
  for (const shape of shapes) {
    const findings = (await findingsOf(head + shape)).filter((finding) => finding.code === 'WP303');
    assert.equal(findings.length, 1, shape);
    assert.deepEqual(findings[0]?.fixes.map((fix) => fix.title), [], shape);
  }
  // The control: the same statement and writer alone get one.
  const plain = 'ranked = events.withColumn("rn", F.row_number().over(spec))\nranked.writeStream.format("console").start()\n';
  assert.equal((await findingsOf(head + plain)).find((finding) => finding.code === 'WP303')?.fixes.length, 1);
});

test('inside a function the handler is a nested def with the function body\'s indentation, one blank line around it', async () => {
  const text = `from pyspark.sql import SparkSession, Window, functions as F


def main():
    spark = SparkSession.builder.getOrCreate()
    events = spark.readStream.format("rate").load()
    spec = Window.partitionBy("value").orderBy("timestamp")
    ranked = events.withColumn("rn", F.row_number().over(spec))
    ranked.writeStream.format("console").option("checkpointLocation", "/chk/r").start().awaitTermination()


main()
`;
  const fix = (await findingsOf(text)).find((finding) => finding.code === 'WP303')?.fixes[0];
  assert.ok(fix, 'the template is offered inside a function');
  const after = applyFix(text, fix);
  assert.ok(
    after.includes(`    spec = Window.partitionBy("value").orderBy("timestamp")

    def write_ranked(batch_df, batch_id):
        # foreachBatch hands this function one micro-batch at a time: the window function sees the rows of that batch only, never earlier ones
        ranked = batch_df.withColumn("rn", F.row_number().over(spec))
        ranked.show()

    events.writeStream.foreachBatch(write_ranked).option("checkpointLocation", "/chk/r").start().awaitTermination()
`),
    after,
  );
  assert.equal(await syntaxErrors(after), 0, after);
  assert.deepEqual((await findingsOf(after)).map((finding) => finding.code).filter((code) => code !== 'WP804'), []);
});

function codesOf(findings: readonly { readonly code: string }[]): string[] {
  return findings.map((finding) => finding.code).sort();
}

const chainHead = `from pyspark.sql import SparkSession, Window, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
w = Window.partitionBy("value").orderBy("timestamp")
`;

test('a chained window function runs on the batch DataFrame, and the query keeps its checkpoint, trigger, output mode and name', async () => {
  const text = `${chainHead}query = (events
         .select("value", "timestamp", F.lag("value").over(w).alias("prev"))
         .filter("prev is not null")
         .writeStream
         .format("delta")
         .outputMode("append")
         .queryName("Value Changes")
         .option("checkpointLocation", "/chk/changes")
         .trigger(processingTime="30 seconds")
         .start("/out/changes"))
query.awaitTermination()
`;
  const before = await findingsOf(text);
  const fix = before.find((finding) => finding.code === 'WP303')?.fixes[0];
  assert.ok(fix, 'the chained shape gets a template');
  const after = applyFix(text, fix);
  assert.equal(
    after,
    `${chainHead}

def write_value_changes(batch_df, batch_id):
    # foreachBatch hands this function one micro-batch at a time: the window function sees the rows of that batch only, never earlier ones
    (batch_df
     .select("value", "timestamp", F.lag("value").over(w).alias("prev"))
     .filter("prev is not null").write.format("delta").option("txnAppId", "write_value_changes").option("txnVersion", batch_id).mode("append").save("/out/changes"))


query = (events
         .writeStream
         .foreachBatch(write_value_changes)
         .outputMode("append")
         .queryName("Value Changes")
         .option("checkpointLocation", "/chk/changes")
         .trigger(processingTime="30 seconds")
         .start())
query.awaitTermination()
`,
  );
  assert.equal(await syntaxErrors(after), 0, after);
  // The rate source's own finding stays; only the window function's goes, and a Delta sink raises no follow-up.
  assert.deepEqual(codesOf(await findingsOf(after)), codesOf(before).filter((code) => code !== 'WP303'));
});

test('a chained window function with no query name or literal sink names its handler after the stream, and a name already taken gets a suffix', async () => {
  const text = `${chainHead}def write_events():
    pass


events.withColumn("rn", F.row_number().over(w)).writeStream.format("console").option("checkpointLocation", "/chk/rn").start()
`;
  const fix = (await findingsOf(text)).find((finding) => finding.code === 'WP303')?.fixes[0];
  assert.ok(fix);
  const after = applyFix(text, fix);
  assert.ok(after.includes('def write_events_2(batch_df, batch_id):\n'), after);
  assert.ok(after.includes('\n    batch_df.withColumn("rn", F.row_number().over(w)).show()\n'), after);
  assert.ok(after.endsWith('\nevents.writeStream.foreachBatch(write_events_2).option("checkpointLocation", "/chk/rn").start()\n'), after);
  assert.equal(await syntaxErrors(after), 0, after);
});

test('a chain continued with backslashes moves into parentheses without them, named after the table it writes', async () => {
  const text = `${chainHead}if True:
    events.withColumn("rn", F.row_number().over(w)) \\
        .filter("rn = 1") \\
        .writeStream.format("parquet").option("checkpointLocation", "/chk/latest").toTable("ops.latest_rows")
`;
  const fix = (await findingsOf(text)).find((finding) => finding.code === 'WP303')?.fixes[0];
  assert.ok(fix);
  const after = applyFix(text, fix);
  assert.ok(
    after.includes(`if True:

    def write_latest_rows(batch_df, batch_id):
        # foreachBatch hands this function one micro-batch at a time: the window function sees the rows of that batch only, never earlier ones
        (batch_df.withColumn("rn", F.row_number().over(w))
             .filter("rn = 1").write.format("parquet").mode("append").saveAsTable("ops.latest_rows"))

    events \\
        .writeStream.foreachBatch(write_latest_rows).option("checkpointLocation", "/chk/latest").start()
`),
    after,
  );
  assert.equal(await syntaxErrors(after), 0, after);
});

test('no chained template after a stateful step, on a stream that is not a plain name, or when the chain reads the stream again', async () => {
  const shapes = [
    'events.dropDuplicates(["value"]).withColumn("rn", F.row_number().over(w)).writeStream.format("console").start()\n',
    'events.groupBy("value").count().withColumn("rn", F.row_number().over(Window.orderBy("count"))).writeStream.outputMode("complete").format("console").start()\n',
    'events.withWatermark("timestamp", "1 minute").withColumn("rn", F.row_number().over(w)).writeStream.format("console").start()\n',
    'spark.readStream.format("rate").load().withColumn("rn", F.row_number().over(w)).writeStream.format("console").start()\n',
    'events.union(spark.readStream.format("rate").load()).withColumn("rn", F.row_number().over(w)).writeStream.format("console").start()\n',
    '(events).withColumn("rn", F.row_number().over(w)).writeStream.format("console").start()\n',
    'events.withColumn("n", F.count("value").over(Window.partitionBy(events.value))).writeStream.format("console").start()\n',
    'print(events.withColumn("rn", F.row_number().over(w)).writeStream.format("console").start())\n',
  ];
  for (const shape of shapes) {
    const findings = (await findingsOf(chainHead + shape)).filter((finding) => finding.code === 'WP303');
    assert.equal(findings.length, 1, shape);
    assert.deepEqual(findings[0]?.fixes.map((fix) => fix.title), [], shape);
  }
  // The control: the same chain on the plain stream gets one.
  const plain = 'events.withColumn("rn", F.row_number().over(w)).writeStream.format("console").start()\n';
  assert.equal((await findingsOf(chainHead + plain)).find((finding) => finding.code === 'WP303')?.fixes.length, 1);
});

test('an aggregation in an earlier statement stays on the stream: the chain after it moves, and the handler ranks each output batch', async () => {
  const text = `${chainHead}counts = events.groupBy("value").count()
counts.withColumn("pos", F.row_number().over(Window.orderBy("count"))).writeStream.outputMode("complete").format("console").option("checkpointLocation", "/chk/pos").start()
`;
  const fix = (await findingsOf(text)).find((finding) => finding.code === 'WP303')?.fixes[0];
  assert.ok(fix);
  const after = applyFix(text, fix);
  assert.ok(after.includes('\n    batch_df.withColumn("pos", F.row_number().over(Window.orderBy("count"))).show()\n'), after);
  assert.ok(after.endsWith('\ncounts.writeStream.outputMode("complete").foreachBatch(write_counts).option("checkpointLocation", "/chk/pos").start()\n'), after);
  assert.equal(await syntaxErrors(after), 0, after);
});

test('in Scala a chained window function goes into an inline foreachBatch block that keeps the query name as the Delta app id', async () => {
  const text = `import org.apache.spark.sql.{DataFrame, SparkSession}
import org.apache.spark.sql.expressions.Window
import org.apache.spark.sql.functions._

object Job {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().getOrCreate()
    val events = spark.readStream.format("rate").load()
    val w = Window.partitionBy("value").orderBy("timestamp")
    events.withColumn("rn", row_number().over(w)).writeStream.format("delta").queryName("ranked").option("checkpointLocation", "/chk/ranked").start("/out/ranked").awaitTermination()
  }
}
`;
  const before = await findingsOf(text, undefined, 'Job.scala');
  const fix = before.find((finding) => finding.code === 'WP303')?.fixes[0];
  assert.ok(fix, 'the Scala fix check keeps the block');
  const after = applyFix(text, fix);
  assert.ok(
    after.includes(`    events.writeStream.foreachBatch { (batch: DataFrame, batchId: Long) =>
      // foreachBatch hands this block one micro-batch at a time: the window function sees the rows of that batch only, never earlier ones
      batch.withColumn("rn", row_number().over(w)).write.format("delta").option("txnAppId", "ranked").option("txnVersion", batchId).mode("append").save("/out/ranked")
    }.queryName("ranked").option("checkpointLocation", "/chk/ranked").start().awaitTermination()
`),
    after,
  );
  assert.equal(await syntaxErrors(after, 'scala'), 0, after);
  assert.deepEqual(codesOf(await findingsOf(after, undefined, 'Job.scala')), codesOf(before).filter((code) => code !== 'WP303'));
});

test('no Scala block after a deduplication or on a stream that is not a plain name', async () => {
  const head = `import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.expressions.Window
import org.apache.spark.sql.functions._

object Job {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().getOrCreate()
    val events = spark.readStream.format("rate").load()
    val w = Window.partitionBy("value").orderBy("timestamp")
`;
  const shapes = [
    'events.dropDuplicates("value").withColumn("rn", row_number().over(w)).writeStream.format("console").start()',
    'spark.readStream.format("rate").load().withColumn("rn", row_number().over(w)).writeStream.format("console").start()',
  ];
  for (const shape of [...shapes, 'events.withColumn("rn", row_number().over(w)).writeStream.format("console").start()']) {
    const findings = (await findingsOf(`${head}    ${shape}\n  }\n}\n`, undefined, 'Job.scala')).filter((finding) => finding.code === 'WP303');
    assert.equal(findings.length, 1, shape);
    assert.equal(findings[0]?.fixes.length, shapes.includes(shape) ? 0 : 1, shape);
  }
});
