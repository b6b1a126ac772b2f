// Trigger and OutputMode written with their package
// (`org.apache.spark.sql.streaming.Trigger.Once()`) read like the imported
// names: the same findings as the short spelling.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';

const job = (mode: string, trigger: string): string => `import org.apache.spark.sql.SparkSession

object Counts {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().getOrCreate()
    import spark.implicits._
    val events = spark.readStream.format("kafka").option("subscribe", "events").load()
    events.groupBy($"value").count()
      .writeStream
      .format("delta")
      .outputMode(${mode})
      .trigger(${trigger})
      .option("checkpointLocation", "/chk/counts")
      .start("/out/counts")
  }
}
`;

async function codes(text: string): Promise<string[]> {
  return (await analyzeFile('Counts.scala', text, defaultSettings)).findings.map((finding) => finding.code).sort();
}

test('Trigger and OutputMode with their package give the findings of the short names', async () => {
  for (const [mode, trigger, expected] of [
    ['OutputMode.Append()', 'Trigger.Once()', ['WP201', 'WP807']],
    ['OutputMode.Update()', 'Trigger.ProcessingTime("1 minute")', ['WP206']],
  ] as const) {
    assert.deepEqual(await codes(job(mode, trigger)), expected, `${mode} ${trigger}`);
    const qualified = job(`org.apache.spark.sql.streaming.${mode}`, `org.apache.spark.sql.streaming.${trigger}`);
    assert.deepEqual(await codes(qualified), expected, `qualified ${mode} ${trigger}`);
  }
});
