// `whirlpool lint` takes the target Spark version from --spark-version, else
// from the nearest build file above each linted file, else the latest; a
// version-dependent finding says which version it is for and where that
// came from.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/run';
import { sparkVersionResolver, type FolderReader } from '../../server/src/cli/nearest-build-files';

// A dedup after a watermarked aggregation, in Append mode: an error before 3.4 only.
const dedupAfterAggregation = `from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
counts = events.withWatermark("timestamp", "1 minute").groupBy(F.window("timestamp", "1 minute")).count()
counts.dropDuplicates(["window"]).writeStream.format("delta").option("checkpointLocation", "/chk/c").start("/out/c")
`;

function project(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'whirlpool-version-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

async function lintJson(cwd: string, ...args: string[]): Promise<{ code: number; findings: { code: string; message: string; sparkVersion: string | null }[]; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['lint', '--format', 'json', '--select', 'WP403', ...args], { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  const findings = JSON.parse(stdout) as { code: string; message: string; sparkVersion: string | null }[];
  return { code, findings, stderr };
}

test('the nearest requirements.txt above a job sets the version, and the message says so', async (t) => {
  const root = project(t, { 'jobs/requirements.txt': 'pyspark==3.3.2\n', 'jobs/streaming/dedup.py': dedupAfterAggregation });
  const run = await lintJson(root, 'jobs');
  assert.equal(run.findings.length, 1, run.stderr);
  assert.equal(run.findings[0]!.sparkVersion, '3.3.2');
  assert.match(run.findings[0]!.message, /on Spark 3\.3\.2 start\(\) fails/);
  assert.match(run.findings[0]!.message, /\[for Spark 3\.3\.2, from jobs\/requirements\.txt \(pyspark==3\.3\.2\)\]$/);
});

test('--spark-version wins over the build file, and without either the latest is used', async (t) => {
  const root = project(t, { 'requirements.txt': 'pyspark==3.3.2\n', 'dedup.py': dedupAfterAggregation });
  assert.deepEqual((await lintJson(root, '.', '--spark-version', '3.5')).findings, []);
  const bare = project(t, { 'dedup.py': dedupAfterAggregation });
  assert.deepEqual((await lintJson(bare, '.')).findings, []);
  const old = await lintJson(bare, '.', '--spark-version', '3.3');
  assert.match(old.findings[0]!.message, /\[for Spark 3\.3\.0, from --spark-version\]$/);
});

test('an unknown Databricks runtime is reported once and the latest is used', async (t) => {
  const root = project(t, { 'databricks.yml': 'spark_version: 9.1.x-scala2.12\n', 'a.py': dedupAfterAggregation, 'b.py': dedupAfterAggregation });
  const run = await lintJson(root, '.');
  assert.deepEqual(run.findings, []);
  assert.equal(run.stderr.match(/Databricks Runtime 9\.1 is not in the table/g)?.length, 1);
});

test('the resolver walks up to the first folder naming a version and reads each folder once', () => {
  const folders: Record<string, Record<string, string>> = {
    '/repo': { 'pom.xml': '<project><dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.12</artifactId><version>3.4.1</version></dependency></dependencies></project>' },
    '/repo/jobs': { 'requirements.txt': 'pandas==2.0.0\n' },
    '/repo/jobs/a': {},
  };
  const listed: string[] = [];
  const reader: FolderReader = {
    list: (folder) => {
      listed.push(folder);
      return Object.keys(folders[folder] ?? {});
    },
    read: (file) => folders[path.dirname(file)]?.[path.basename(file)] ?? null,
  };
  const resolve = sparkVersionResolver(null, [4, 0, 0], '/repo', reader);
  const first = resolve('/repo/jobs/a/one.py');
  assert.equal(first.choice.kind, 'detected');
  assert.deepEqual(first.choice.version, [3, 4, 1]);
  resolve('/repo/jobs/a/two.py');
  resolve('/repo/jobs/three.py');
  assert.deepEqual(listed, ['/repo/jobs/a', '/repo/jobs', '/repo']);
});
