// `whirlpool lint --fix / --unsafe-fixes / --diff` on temporary copies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/run';

// A safe fix (stateless query: once → availableNow) and an unsafe one (no checkpoint), split over lines with a comment.
const job = `from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
(events.writeStream
    .trigger(once=True)  # nightly catch-up
    .format("delta")
    .start("/out/events"))
`;

async function lint(args: readonly string[], text = job, name = 'job.py'): Promise<{ code: number; stdout: string; stderr: string; after: string; file: string }> {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-fix-'));
  const file = path.join(directory, name);
  writeFileSync(file, text);
  let stdout = '';
  let stderr = '';
  try {
    const code = await runCli(['lint', '--spark-version', '3.5', ...args, file], { cwd: directory, stdout: (chunk) => (stdout += chunk), stderr: (chunk) => (stderr += chunk) });
    return { code, stdout, stderr, after: readFileSync(file, 'utf8'), file };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

test('--fix applies safe fixes only, writes the file and reports what remains', async () => {
  const result = await lint(['--fix']);
  assert.equal(result.after, job.replace('trigger(once=True)', 'trigger(availableNow=True)'));
  assert.match(result.stdout, /WP701/);
  assert.doesNotMatch(result.stdout, /WP807/);
  assert.match(result.stdout, /Fixed 1 finding \(1 remaining\)\n$/);
  assert.equal(result.code, 1);
});

test('--fix --unsafe-fixes also applies unsafe fixes, keeping one step per line', async () => {
  const result = await lint(['--fix', '--unsafe-fixes', '--checkpoint-root', 'hdfs:///chk']);
  assert.equal(
    result.after,
    job
      .replace('trigger(once=True)', 'trigger(availableNow=True)')
      .replace('    .start("/out/events"))', '    .option("checkpointLocation", "hdfs:///chk/events")\n    .start("/out/events"))'),
  );
  assert.match(result.stdout, /Fixed 2 findings \(0 remaining\)/);
  assert.equal(result.code, 0);
});

// Three queries deriving the checkpoint name "events" (a file sink path, a query name, a table), one already on events_2.
const colliding = {
  python: `from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
clicks = spark.readStream.format("kafka").option("subscribe", "clicks").load()
clicks.writeStream.format("parquet").start("/data/events")
clicks.writeStream.format("delta").queryName("events").start("/data/audit")
clicks.writeStream.toTable("events")
clicks.writeStream.format("delta").option("checkpointLocation", "hdfs:///chk/events_2").start("/data/sessions")
`,
  scala: `import org.apache.spark.sql.SparkSession

object Collisions {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().getOrCreate()
    val clicks = spark.readStream.format("kafka").option("subscribe", "clicks").load()
    clicks.writeStream.format("parquet").start("/data/events")
    clicks.writeStream.format("delta").queryName("events").start("/data/audit")
    clicks.writeStream.toTable("events")
    clicks.writeStream.format("delta").option("checkpointLocation", "hdfs:///chk/events_2").start("/data/sessions")
  }
}
`,
};

for (const [language, name] of [['python', 'job.py'], ['scala', 'Job.scala']] as const) {
  test(`--fix --unsafe-fixes gives ${language} queries deriving one checkpoint name distinct checkpoints, so the shared-checkpoint rule stays quiet`, async () => {
    const result = await lint(['--fix', '--unsafe-fixes', '--checkpoint-root', 'hdfs:///chk'], colliding[language], name);
    const locations = [...result.after.matchAll(/option\("checkpointLocation", "([^"]*)"\)/g)].map((match) => match[1]);
    assert.deepEqual(locations, ['hdfs:///chk/events', 'hdfs:///chk/events_3', 'hdfs:///chk/events_4', 'hdfs:///chk/events_2']);
    assert.doesNotMatch(result.stdout, /WP70[13]/);
    assert.match(result.stdout, /Fixed 3 findings \(0 remaining\)/);
    assert.equal(result.code, 0);
  });
}

test('--diff prints the unified diff, writes nothing and exits 1 when there would be changes', async () => {
  const result = await lint(['--diff']);
  assert.equal(result.after, job);
  assert.equal(
    result.stdout,
    ['--- a/job.py', '+++ b/job.py', '@@ -3,6 +3,6 @@', ' spark = SparkSession.builder.getOrCreate()', ' events = spark.readStream.format("kafka").option("subscribe", "events").load()', ' (events.writeStream', '-    .trigger(once=True)  # nightly catch-up', '+    .trigger(availableNow=True)  # nightly catch-up', '     .format("delta")', '     .start("/out/events"))', ''].join('\n'),
  );
  assert.match(result.stderr, /Would fix 1 finding \(1 remaining\)/);
  assert.equal(result.code, 1);
});

test('--diff exits 0 when no fix applies', async () => {
  const clean = job.replace('trigger(once=True)', 'trigger(availableNow=True)');
  const result = await lint(['--diff'], clean);
  assert.equal(result.stdout, '');
  assert.equal(result.code, 0);
});

test('--watermark-delay must be an interval and --unsafe-fixes needs --fix or --diff', async () => {
  assert.equal((await lint(['--fix', '--watermark-delay', 'soon'])).code, 2);
  const unsafeAlone = await lint(['--unsafe-fixes']);
  assert.equal(unsafeAlone.code, 2);
  assert.match(unsafeAlone.stderr, /--unsafe-fixes needs --fix or --diff/);
  assert.equal(unsafeAlone.after, job);
});

test('a build file pinning Spark 2.2.0: --fix leaves it (the pin is an unsafe fix), --fix --unsafe-fixes pins 2.2.1', async () => {
  const requirements = 'pyspark==2.2.0  # the cluster image\nkafka-python==1.4.7\n';
  const safe = await lint(['--fix'], requirements, 'requirements.txt');
  assert.equal(safe.after, requirements);
  assert.match(safe.stdout, /WP709/);
  const unsafe = await lint(['--fix', '--unsafe-fixes'], requirements, 'requirements.txt');
  assert.equal(unsafe.after, 'pyspark==2.2.1  # the cluster image\nkafka-python==1.4.7\n');
  assert.match(unsafe.stdout, /Fixed 1 finding \(0 remaining\)\n$/);
});
