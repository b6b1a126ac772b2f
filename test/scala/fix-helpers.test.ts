// The Scala fix helpers at their edges: which functions a file has in scope
// (a wildcard import, the `functions` object, or only some names), `$"c"`
// only with a session's implicits, a `spark.conf.set` statement removed only
// where its line is a statement of its own, and queries sharing a checkpoint
// under the same name kept apart.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/types';
import { applyFix, fixtureSettings, syntaxErrors } from '../fixes/fix-harness';

function program(imports: readonly string[], body: readonly string[]): string {
  return [
    'import org.apache.spark.sql.SparkSession',
    ...imports,
    '',
    'object Job {',
    '  def main(args: Array[String]): Unit = {',
    '    val spark = SparkSession.builder().getOrCreate()',
    '    val events = spark.readStream.format("rate").load()',
    ...body.map((line) => `    ${line}`),
    '  }',
    '}',
    '',
  ].join('\n');
}

async function findings(text: string, rule: string): Promise<Finding[]> {
  return (await analyzeFile('Job.scala', text, { ...fixtureSettings, select: [rule] })).findings.filter((finding) => finding.rule === rule);
}

/** The text after the first fix of the first finding of `rule`, checked to parse as well as before; null when there is no fix. */
async function fixedBy(text: string, rule: string): Promise<string | null> {
  const [finding] = await findings(text, rule);
  assert.ok(finding, `${rule} fires`);
  const fix = finding.fixes[0];
  if (!fix) return null;
  const after = applyFix(text, fix);
  assert.ok((await syntaxErrors(after, 'scala')) <= (await syntaxErrors(text, 'scala')), `the fix breaks the parse:\n${after}`);
  return after;
}

test('a file that imports the functions object gets qualified calls', async () => {
  const text = program(['import org.apache.spark.sql.functions'], ['val sampled = events.sample(0.25)']);
  const after = await fixedBy(text, 'streaming-sample');
  assert.ok(after?.includes('val sampled = events.filter(functions.rand() < 0.25)'), after ?? 'no fix');
});

test('a wildcard among named imports puts every function in scope', async () => {
  const text = program(['import org.apache.spark.sql.functions.{col, _}'], ['val ids = events.withColumn("id", monotonically_increasing_id())']);
  const after = await fixedBy(text, 'streaming-monotonic-id');
  assert.ok(after?.includes('events.withColumn("id", expr("uuid()"))'), after ?? 'no fix');
});

test('a file that imports only some functions by name gets no fix that needs another', async () => {
  const text = program(
    ['import org.apache.spark.sql.functions.{countDistinct, window}'],
    ['val users = events.withWatermark("timestamp", "1 minute").groupBy(window($"timestamp", "1 minute")).agg(countDistinct("value"))'],
  );
  assert.equal(await fixedBy(text, 'streaming-distinct-aggregate'), null);
});

test('without a session\'s implicits a converted column is col("c"), not $"c"', async () => {
  const text = program(['import org.apache.spark.sql.functions._'], ['val marked = events.withWatermark("value", "1 minute")']);
  const after = await fixedBy(text, 'watermark-on-non-timestamp');
  assert.ok(after?.includes('events.withColumn("value", timestamp_seconds(col("value"))).withWatermark("value", "1 minute")'), after ?? 'no fix');
});

test('Trigger.Continuous with a time unit keeps its arguments', async () => {
  const text = program(
    ['import java.util.concurrent.TimeUnit', 'import org.apache.spark.sql.DataFrame', 'import org.apache.spark.sql.streaming.Trigger'],
    ['events.writeStream.foreachBatch { (batch: DataFrame, id: Long) => batch.write.save("/out") }.trigger(Trigger.Continuous(1, TimeUnit.SECONDS)).start()'],
  );
  const after = await fixedBy(text, 'foreach-batch-continuous');
  assert.ok(after?.includes('.trigger(Trigger.ProcessingTime(1, TimeUnit.SECONDS))'), after ?? 'no fix');
});

const checkOff = 'spark.conf.set("spark.sql.streaming.unsupportedOperationCheck", "false")';

test('a spark.conf.set statement goes with its line, even as the only statement of a block', async () => {
  const text = program([], ['def configure(): Unit = {', `  ${checkOff} // for the demo`, '}', 'configure()']);
  const after = await fixedBy(text, 'unsupported-operation-check-disabled');
  assert.ok(after?.includes('    def configure(): Unit = {\n    }\n    configure()'), after ?? 'no fix');
});

test('a spark.conf.set that is the body of a definition without braces, or part of an expression, gets no fix', async () => {
  for (const body of [['def configure(): Unit =', `  ${checkOff}`], [`val done = ${checkOff}`], ['if (args.isEmpty)', `  ${checkOff}`]]) {
    assert.equal(await fixedBy(program([], body), 'unsupported-operation-check-disabled'), null, body.join('\n'));
  }
});

test('queries sharing a checkpoint under the same name get different directories', async () => {
  const text = program([], [
    'events.writeStream.format("delta").option("checkpointLocation", "/chk/shared").start("/a/events")',
    'events.writeStream.format("delta").option("checkpointLocation", "/chk/shared").start("/b/events")',
  ]);
  const titles = (await findings(text, 'shared-checkpoint-location')).flatMap((finding) => finding.fixes.map((fix) => fix.title));
  assert.deepEqual(titles, ['Give the query a checkpoint of its own: "/chk/shared/events"', 'Give the query a checkpoint of its own: "/chk/shared/events_2"']);
});

test('a checkpoint shared in a loop gets the loop variable interpolated the Scala way, with or without the abortable manager', async () => {
  const text = program([], [
    'spark.conf.set("spark.sql.streaming.checkpointFileManagerClass", "org.apache.spark.internal.io.cloud.AbortableStreamBasedCheckpointFileManager")',
    'for (m <- Seq("a", "b")) {',
    '  events.writeStream.format("delta").option("checkpointLocation", "s3a://bucket/chk/shared").start(s"s3a://bucket/out/$m")',
    '}',
  ]);
  for (const rule of ['shared-checkpoint-location', 'abortable-manager-shared-checkpoint']) {
    const after = await fixedBy(text, rule);
    assert.ok(after?.includes('.option("checkpointLocation", s"s3a://bucket/chk/shared/$m")'), `${rule}: ${after ?? 'no fix'}`);
    assert.deepEqual(await findings(after ?? '', rule), [], `${rule}: the fix removes the finding`);
  }
});
