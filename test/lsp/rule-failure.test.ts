// A rule that throws, end to end through the server (in this process, so the
// rule can be broken on purpose): the failure is logged once per session, the
// other rules still report, and the server keeps answering.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection, createMessageConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { WhirlpoolServer } from '../../server/src/lsp/server';
import { rules } from '../../server/src/rules/registry';
import { createParser } from '../../server/src/syntax/tree-sitter';
import { TestClient } from './lsp-client';

const job = `from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
per_minute = (events.withWatermark("timestamp", "10 minutes")
              .groupBy(F.window("timestamp", "1 minute")).count())
per_hour = per_minute.groupBy(F.window(F.col("window"), "1 hour")).agg(F.sum("count").alias("n"))
per_hour.writeStream.outputMode("update").format("jdbc").option("checkpointLocation", "/chk/hourly").start()
`;

test('a rule that throws is logged once per session and the other rules still report', async (t) => {
  const broken = rules.find((rule) => rule.meta.id === 'jdbc-streaming-sink-or-source');
  assert.ok(broken, 'the rule to break exists');
  const original = broken.check;
  (broken as { check: unknown }).check = () => {
    throw new Error('deliberately broken for this test');
  };
  t.after(() => {
    (broken as { check: unknown }).check = original;
  });

  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  new WhirlpoolServer(serverConnection, createParser('python'), { debounceMilliseconds: 0 });
  serverConnection.listen();
  const client = await TestClient.connect(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)), { pull: false });
  t.after(async () => {
    await client.stop();
    serverConnection.dispose();
  });

  const uri = 'file:///workspace/hourly.py';
  await client.open(uri, job);
  const first = await client.diagnostics(uri, (list) => list.length > 0, 'the other rules\' findings');
  const codes = first.map((diagnostic) => diagnostic.code);
  assert.ok(codes.includes('WP601'), `chained aggregations still reported: ${codes.join(', ')}`);
  assert.ok(!codes.includes(broken.meta.code), 'the broken rule reports nothing');

  // Two more lints of the same document: the failure is not logged again.
  for (const version of [2, 3]) {
    await client.change(uri, version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edit\n' }]);
    await client.diagnostics(uri, (_list, published) => published === version, `the lint of version ${version}`);
  }
  const failures = client.logs.filter((line) => line.includes(broken.meta.id));
  assert.equal(failures.length, 1, JSON.stringify(client.logs));
  assert.match(failures[0] ?? '', /^rule jdbc-streaming-sink-or-source failed and was skipped \(other rules still ran\): Error: deliberately broken for this test/);
});
