// The language server judges a document on disk for the Spark version of the
// nearest build file above it, unless the sparkVersion setting is set, and
// says so in the version-dependent diagnostics.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from './lsp-client';

// Chained aggregations in Append mode with a watermarked window key: refused before 3.4, accepted after.
const job = `from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
per_minute = (events.withWatermark("timestamp", "10 minutes")
              .groupBy(F.window("timestamp", "1 minute")).count())
per_hour = per_minute.groupBy(F.window(F.col("window"), "1 hour")).agg(F.sum("count").alias("n"))
per_hour.writeStream.format("delta").option("checkpointLocation", "/chk/hourly").start("/out/hourly")
`;

test('a requirements.txt pin above the document sets the version; the setting overrides it', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'whirlpool-lsp-version-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, 'jobs', 'hourly'), { recursive: true });
  writeFileSync(path.join(root, 'jobs', 'requirements.txt'), 'pyspark==3.3.2\n');
  const file = path.join(root, 'jobs', 'hourly', 'rollup.py');
  writeFileSync(file, job);
  const uri = pathToFileURL(file).href;

  const client = await TestClient.start({ pull: false });
  t.after(() => client.stop());
  await client.open(uri, job);
  const diagnostics = await client.diagnostics(uri, (list) => list.some((d) => d.code === 'WP601'), 'the finding for Spark 3.3.2');
  const message = diagnostics.find((d) => d.code === 'WP601')?.message ?? '';
  assert.match(message, /on Spark 3\.3\.2/);
  const requirements = path.join(root, 'jobs', 'requirements.txt').split(path.sep).join('/');
  assert.ok(message.endsWith(`[for Spark 3.3.2, from ${requirements} (pyspark==3.3.2)]`), message);

  await client.changeSettings({ sparkVersion: '3.5' });
  await client.diagnostics(uri, (list) => !list.some((d) => d.code === 'WP601'), 'no finding once the setting says 3.5');
});

test('a build file changed on disk re-lints the open documents for the version it now pins', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'whirlpool-lsp-version-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const requirements = path.join(root, 'requirements.txt');
  writeFileSync(requirements, 'pyspark==3.3.2\n');
  const file = path.join(root, 'rollup.py');
  writeFileSync(file, job);
  const uri = pathToFileURL(file).href;

  const client = await TestClient.start({ pull: false });
  t.after(() => client.stop());
  await client.open(uri, job);
  await client.diagnostics(uri, (list) => list.some((d) => d.code === 'WP601'), 'the finding for Spark 3.3.2');

  // Saved in the editor or checked out: the client's file watcher reports it.
  writeFileSync(requirements, 'pyspark==3.5.1\n');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(requirements).href, type: 2 }] });
  await client.diagnostics(uri, (list) => !list.some((d) => d.code === 'WP601'), 'no finding once requirements.txt pins 3.5.1');

  writeFileSync(requirements, 'pyspark==3.2.0\n');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(requirements).href, type: 2 }] });
  const back = await client.diagnostics(uri, (list) => list.some((d) => d.code === 'WP601'), 'the finding again for 3.2.0');
  assert.match(back.find((d) => d.code === 'WP601')?.message ?? '', /\[for Spark 3\.2\.0, from /);
});
