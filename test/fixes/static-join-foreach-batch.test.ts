// The cached-static-side rule's foreachBatch rewrite writes each joined batch
// with the sink's batch writer; the memory sink has none (`write.format("memory")`
// fails), so a query writing to memory keeps only the remove-cache fix. (A
// named query is never rewritten, so the memory query here has no name.)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, fixtureSettings } from './fix-harness';

const job = (sink: string): string => `from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
devices = spark.read.format("delta").load("/dims/devices").cache()
joined = events.join(devices, "device_id")
joined.writeStream${sink}
`;

const scalaJob = (sink: string): string => `import org.apache.spark.sql.SparkSession

object Enrich {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().getOrCreate()
    val events = spark.readStream.format("kafka").option("subscribe", "events").load()
    val devices = spark.read.format("delta").load("/dims/devices").cache()
    val joined = events.join(devices, "device_id")
    joined.writeStream${sink}
  }
}
`;

async function titles(text: string, file: string): Promise<string[]> {
  const findings = await findingsOf(text, { ...fixtureSettings, select: ['WP506'] }, file);
  return findings.filter((finding) => finding.code === 'WP506').flatMap((finding) => finding.fixes.map((fix) => fix.title));
}

test('the foreachBatch rewrite is offered for a sink with a batch writer and not for the memory sink', async () => {
  for (const [make, file] of [[job, 'job.py'], [scalaJob, 'Job.scala']] as const) {
    const delta = await titles(make('.format("delta").option("checkpointLocation", "/chk/j").start("/out/j")'), file);
    assert.ok(delta.some((title) => /foreachBatch/.test(title)), `${file}: ${delta.join(' | ')}`);
    const memory = await titles(make('.format("memory").option("checkpointLocation", "/chk/j").start()'), file);
    assert.ok(memory.length > 0, `${file}: the remove-cache fix stays`);
    assert.ok(!memory.some((title) => /foreachBatch/.test(title)), `${file}: ${memory.join(' | ')}`);
  }
});
