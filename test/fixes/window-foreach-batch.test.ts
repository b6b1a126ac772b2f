// The foreachBatch template of streaming-window-function is display-only, so
// the fix harness snapshots it without converging it. A template with no
// placeholder left must still be code that runs: applied, it parses, its
// finding is gone, the handler reads no outer stream, and the only new
// findings are the ones its doc names (a file sink written from foreachBatch
// is at-least-once, a query without a checkpoint should get one).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyFix, findingCounts, findingsOf, ruleFixtures, syntaxErrors } from './fix-harness';

const fixture = path.join(ruleFixtures, 'streaming-window-function', 'invalid-foreach-batch.py');
const followUps = new Set(['WP811', 'WP701']);

test('each foreachBatch template without a placeholder parses, removes its finding and raises only its documented follow-ups', async () => {
  const before = readFileSync(fixture, 'utf8');
  const findings = await findingsOf(before);
  const baseline = findingCounts(findings);
  const templates = findings.filter((finding) => finding.code === 'WP303').flatMap((finding) => finding.fixes.map((fix) => ({ finding, fix })));
  assert.equal(templates.length, 5, 'the five writable shapes of the fixture get a template; the others none');
  let checked = 0;
  for (const { finding, fix } of templates) {
    assert.equal(fix.safety, 'display-only');
    const after = applyFix(before, fix);
    if (after.includes('"<table>"')) continue;
    checked++;
    assert.equal(await syntaxErrors(after), 0, `${fix.title} leaves a syntax error:\n${after}`);
    const counts = findingCounts(await findingsOf(after));
    const key = `${finding.code} ${finding.message}`;
    assert.ok((counts.get(key) ?? 0) < (baseline.get(key) ?? 0), `${fix.title} leaves its finding:\n${after}`);
    const raised = [...counts].filter(([other, count]) => count > (baseline.get(other) ?? 0)).map(([other]) => other.split(' ')[0] ?? '');
    assert.deepEqual(raised.filter((code) => !followUps.has(code)), [], `${fix.title} raises more:\n${after}`);
  }
  assert.equal(checked, 4, 'only the memory sink keeps a placeholder');
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
