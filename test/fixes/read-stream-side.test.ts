// The union-stream-batch fix reads the batch side as a stream only where that
// keeps the rest of the file as it was: the Spark version must have a
// streaming table reader, a schema is templated only when the stream needs
// one, and a side read anywhere else is left alone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findingsOf, fixtureSettings } from './fix-harness';

const head = `from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().selectExpr("CAST(key AS STRING) AS id")
`;

async function unionFixes(body: string, settings = fixtureSettings): Promise<readonly { readonly title: string; readonly safety: string; readonly after: string }[]> {
  const text = head + body;
  const findings = (await findingsOf(text, settings)).filter((finding) => finding.code === 'WP309');
  assert.equal(findings.length, 1, `one mixed union in:\n${body}`);
  return (findings[0]?.fixes ?? []).map((fix) => ({ title: fix.title, safety: fix.safety, after: applyFix(text, fix).slice(head.length) }));
}

test('a catalog table is read as a stream from Spark 3.1 on, where DataStreamReader.table exists; a Delta path on any version', async () => {
  const table = 'both = events.union(spark.table("lake.replayed").select("id"))\n';
  assert.deepEqual((await unionFixes(table)).map((fix) => [fix.safety, fix.after]), [['unsafe', 'both = events.union(spark.readStream.table("lake.replayed").select("id"))\n']]);
  assert.deepEqual(await unionFixes(table, { ...fixtureSettings, sparkVersion: [3, 0, 3] }), []);
  const delta = 'both = events.union(spark.read.format("delta").load("/tables/replayed").select("id"))\n';
  assert.equal((await unionFixes(delta, { ...fixtureSettings, sparkVersion: [3, 0, 3] }))[0]?.after, delta.replace('spark.read.', 'spark.readStream.'));
});

test('files get a schema template only when the stream needs one: no .schema(...) and no schemaInference conf', async () => {
  const json = 'late = spark.read.json("/in/late")\nboth = events.union(late.select("id"))\n';
  const [template] = await unionFixes(json);
  assert.equal(template?.safety, 'display-only');
  assert.equal(template?.after, json.replace('spark.read.json', 'spark.readStream.schema("<column> <TYPE>, ...").json'));
  const inferred = `spark.conf.set("spark.sql.streaming.schemaInference", "true")\n${json}`;
  const [rewrite] = await unionFixes(inferred);
  assert.equal(rewrite?.safety, 'unsafe');
  assert.equal(rewrite?.after, inferred.replace('spark.read.json', 'spark.readStream.json'));
});

test('no fix when the batch side is read anywhere the model does not see it as a union input', async () => {
  const shapes = [
    'late = spark.read.format("delta").load("/t")\nboth = events.union(late.select("id"))\nshow(late)\n',
    'late = spark.read.format("delta").load("/t")\nboth = events.union(late.select("id"))\nprint(f"{late.count()} rows")\n',
    'late = spark.read.format("delta").load("/t")\nboth = events.union(late.select("id"))\nlate.createOrReplaceTempView("late")\n',
    'late = spark.read.format("delta").load("/t")\nboth = events.union(late.select("id"))\nlate_ids = late.select("id").distinct()\n',
    'late = spark.read.parquet("/a", "/b")\nboth = events.union(late.select("id"))\n',
    'late = spark.read.format("delta").option("timestampAsOf", "2024-01-01").load("/t")\nboth = events.union(late.select("id"))\n',
  ];
  for (const shape of shapes) assert.deepEqual(await unionFixes(shape), [], shape);
  // The control: the same side read only by the union is fixed.
  assert.equal((await unionFixes('late = spark.read.format("delta").load("/t")\nboth = events.union(late.select("id"))\n')).length, 1);
});
