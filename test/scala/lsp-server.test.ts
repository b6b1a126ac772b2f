// A Scala document end to end through the language server (in this process):
// opened with languageId `scala`, it gets the rules' diagnostics, and the
// Trigger.Once quick fix edits it into Trigger.AvailableNow(), after which the
// finding is gone.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test, type TestContext } from 'node:test';
import { createConnection, createMessageConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Diagnostic } from 'vscode-languageserver/node';
import { WhirlpoolServer } from '../../server/src/lsp/server';
import { createParser } from '../../server/src/syntax/tree-sitter';
import { TestClient } from '../lsp/lsp-client';

const job = `import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.streaming.Trigger

object Backfill {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().getOrCreate()
    spark.readStream.format("delta").load("/tables/events")
      .writeStream
      .format("delta")
      .option("checkpointLocation", "/checkpoints/backfill")
      .trigger(Trigger.Once())
      .start("/tables/backfill")
  }
}
`;

type Action = { title: string; edit: { changes: Record<string, { range: Diagnostic['range']; newText: string }[]> } };

/** A server and a client over in-memory streams, with the job open as a Scala document; both stop when the test ends. */
async function openJob(t: TestContext): Promise<{ client: TestClient; uri: string }> {
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
  const uri = 'file:///workspace/src/main/scala/Backfill.scala';
  await client.open(uri, job, 1, 'scala');
  return { client, uri };
}

test('a scala document is linted by the server and its Trigger.Once quick fix writes Scala', async (t) => {
  const { client, uri } = await openJob(t);
  const diagnostics = await client.diagnostics(uri, (list) => list.some((diagnostic) => diagnostic.code === 'WP807'), 'the Trigger.Once finding');
  const once = diagnostics.find((diagnostic) => diagnostic.code === 'WP807');
  assert.ok(once);
  assert.equal(once.range.start.line, 10);
  const actions = await client.connection.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: once.range,
    context: { diagnostics: [once], only: ['quickfix'] },
  });
  const fix = actions.find((action) => action.title === 'Use Trigger.AvailableNow()');
  assert.ok(fix, `offered: ${actions.map((action) => action.title).join(', ')}`);
  const edits = fix.edit.changes[uri] ?? [];
  assert.deepEqual(edits.map((edit) => edit.newText), ['Trigger.AvailableNow()']);
  await client.change(uri, 2, [...edits].reverse().map((edit) => ({ range: edit.range, text: edit.newText })));
  const after = await client.diagnostics(uri, (_list, version) => version === 2, 'diagnostics after the fix');
  assert.ok(!after.some((diagnostic) => diagnostic.code === 'WP807'), JSON.stringify(after));
});

test('on a scala document, "Disable ... for this statement" writes a // comment above the whole chain, and the finding goes', async (t) => {
  const { client, uri } = await openJob(t);
  const diagnostics = await client.diagnostics(uri, (list) => list.some((diagnostic) => diagnostic.code === 'WP807'), 'the Trigger.Once finding');
  const once = diagnostics.find((diagnostic) => diagnostic.code === 'WP807')!;
  const actions = await client.connection.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: once.range,
    context: { diagnostics: [once], only: ['quickfix'] },
  });
  const disable = actions.find((action) => action.title === 'Disable deprecated-trigger-once for this statement');
  assert.ok(disable, `offered: ${actions.map((action) => action.title).join(', ')}`);
  const edits = disable.edit.changes[uri] ?? [];
  // Above `spark.readStream...` (0-based line 6), the chain's first line, with its indentation.
  assert.deepEqual(edits.map((edit) => [edit.range.start.line, edit.newText]), [[6, '    // whirlpool: ignore[deprecated-trigger-once]\n']]);
  await client.change(uri, 2, edits.map((edit) => ({ range: edit.range, text: edit.newText })));
  const after = await client.diagnostics(uri, (_list, version) => version === 2, 'diagnostics after the comment');
  assert.ok(!after.some((diagnostic) => diagnostic.code === 'WP807'), JSON.stringify(after));
  const file = actions.find((action) => action.title === 'Disable deprecated-trigger-once for this file');
  assert.deepEqual(file?.edit.changes[uri]?.map((edit) => [edit.range.start.line, edit.newText]), [[0, '// whirlpool: ignore-file[deprecated-trigger-once]\n']]);
});
