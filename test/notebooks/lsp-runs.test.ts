// `%run` in the language server, in this process over a pipe: a Databricks
// notebook opened in the editor reads its target from disk or from the
// target's own editor; editing, opening, closing the target or a change on
// disk (workspace/didChangeWatchedFiles) re-lints the notebook; a missing
// target and a cycle are information diagnostics on the `%run` line; the
// Simulate lens stays on the notebook's own lines; a Jupyter notebook synced
// cell by cell follows `%run` cells and gets Simulate lenses on its cells,
// and an open Jupyter notebook is read as a target from its cells.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createConnection, createMessageConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { WhirlpoolServer } from '../../server/src/lsp/server';
import { createParser } from '../../server/src/syntax/tree-sitter';
import { TestClient, type Diagnostic } from '../lsp/lsp-client';

async function inProcess(t: { after: (fn: () => Promise<void> | void) => void }, pull = false): Promise<TestClient> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  new WhirlpoolServer(serverConnection, createParser('python'), { debounceMilliseconds: 0 });
  serverConnection.listen();
  const client = await TestClient.connect(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)), { pull });
  t.after(async () => {
    await client.stop();
    serverConnection.dispose();
  });
  return client;
}

function folder(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(path.join(tmpdir(), 'whirlpool-lsp-runs-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

const databricks = (...cells: string[]): string => `# Databricks notebook source\n${cells.join('\n\n# COMMAND ----------\n\n')}\n`;
const streamSetup = databricks('events = spark.readStream.table("events")');
const batchSetup = databricks('events = spark.read.table("events")');
const main = databricks('# MAGIC %run ./setup', 'events.count()', 'events.writeStream.option("checkpointLocation", "/chk/copy").toTable("copy")');
const countLine = main.split('\n').indexOf('events.count()');

const uriOf = (file: string): string => pathToFileURL(file).href;
const lines = (list: readonly Diagnostic[], code: string): number[] => list.filter((diagnostic) => diagnostic.code === code).map((diagnostic) => diagnostic.range.start.line);

test('a Databricks notebook follows %run: from disk, from the target\'s editor as it is edited, and back to disk when it closes', async (t) => {
  const root = folder(t);
  writeFileSync(path.join(root, 'setup.py'), streamSetup);
  const client = await inProcess(t);
  const mainUri = uriOf(path.join(root, 'main.py'));
  const setupUri = uriOf(path.join(root, 'setup.py'));
  await client.open(mainUri, main);
  const first = await client.diagnostics(mainUri, (list) => lines(list, 'WP101').length > 0, 'count() on the stream setup.py defines');
  assert.deepEqual(lines(first, 'WP101'), [countLine]);
  assert.ok(first.every((diagnostic) => diagnostic.range.start.line > 1), 'nothing located in setup.py\'s code lands on the notebook');

  const lenses = await client.connection.sendRequest<{ range: { start: { line: number } }; command: { arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: mainUri } });
  assert.deepEqual(lenses.map((lens) => lens.range.start.line), [main.split('\n').findIndex((line) => line.includes('toTable('))], 'the lens on the notebook\'s own line');

  // The target opened and edited: its editor's text wins over the file.
  await client.open(setupUri, batchSetup);
  await client.diagnostics(mainUri, (list) => lines(list, 'WP101').length === 0, 'no finding once events is a batch DataFrame in the open setup.py');
  await client.change(setupUri, 2, [{ text: streamSetup }]);
  await client.diagnostics(mainUri, (list) => lines(list, 'WP101').length === 1, 'the finding back after setup.py is edited to read a stream');
  await client.change(setupUri, 3, [{ text: batchSetup }]);
  await client.diagnostics(mainUri, (list) => lines(list, 'WP101').length === 0, 'gone again');
  await client.close(setupUri);
  await client.diagnostics(mainUri, (list) => lines(list, 'WP101').length === 1, 'setup.py read from disk after its editor closed');
});

test('a missing target is an information diagnostic on the %run line until the file appears on disk; a cycle is named', async (t) => {
  const root = folder(t);
  const client = await inProcess(t);
  const mainUri = uriOf(path.join(root, 'main.py'));
  await client.open(mainUri, main);
  const missing = await client.diagnostics(mainUri, (list) => list.length > 0, 'the missing target');
  assert.deepEqual(
    missing.map((diagnostic) => [diagnostic.range.start.line, diagnostic.severity, diagnostic.code, diagnostic.message]),
    [[1, 3, undefined, `%run ./setup: no notebook found (looked for setup.py, setup.scala, setup, setup.ipynb in ${root}); the names it defines are unknown here`]],
  );

  writeFileSync(path.join(root, 'setup.py'), databricks('# MAGIC %run ./main', 'events = spark.readStream.table("events")'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(root, 'setup.py')), type: 1 }] });
  const found = await client.diagnostics(mainUri, (list) => lines(list, 'WP101').length > 0, 'the target created on disk');
  assert.deepEqual(
    found.filter((diagnostic) => diagnostic.code === undefined).map((diagnostic) => [diagnostic.range.start.line, diagnostic.message]),
    [[1, '%run ./setup: in setup.py, %run ./main: a cycle (main.py runs setup.py runs main.py); not followed again']],
  );
});

test('a Jupyter notebook\'s %run cell is followed; Simulate lenses sit on the cell that starts the query, numbered in the notebook', async (t) => {
  const root = folder(t);
  writeFileSync(path.join(root, 'setup.py'), streamSetup);
  const client = await inProcess(t);
  const notebookUri = uriOf(path.join(root, 'views.ipynb'));
  const cell = (name: string): string => `vscode-notebook-cell:${path.join(root, 'views.ipynb')}#${name}`;
  const cells = [
    { uri: cell('W0'), text: '%run ./setup\n' },
    { uri: cell('W1'), text: 'events.writeStream.format("console").start()\n' },
    { uri: cell('W2'), text: 'n = 1\nevents.count()\nevents.writeStream.option("checkpointLocation", "/chk/copy").toTable("copy")\n' },
  ];
  await client.connection.sendNotification('notebookDocument/didOpen', {
    notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((entry) => ({ kind: 2, document: entry.uri })) },
    cellTextDocuments: cells.map((entry) => ({ uri: entry.uri, languageId: 'python', version: 1, text: entry.text })),
  });
  const diagnostics = await client.diagnostics(cell('W2'), (list) => lines(list, 'WP101').length > 0, 'count() on the stream setup.py defines');
  assert.deepEqual(lines(diagnostics, 'WP101'), [1]);
  assert.equal(client.published.get(cell('W0')), undefined, 'nothing on the %run cell');

  type Lens = { range: { start: { line: number; character: number } }; command: { command: string; arguments: { uri: string; line: number; queryNumber?: number }[] } };
  const lensesOf = (uri: string) => client.connection.sendRequest<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(await lensesOf(cell('W0')), []);
  const second = await lensesOf(cell('W1'));
  assert.deepEqual(second.map((lens) => [lens.range.start.line, lens.command.command, lens.command.arguments[0]?.uri, lens.command.arguments[0]?.queryNumber]), [[0, 'whirlpool.simulate', cell('W1'), 1]]);
  const third = await lensesOf(cell('W2'));
  assert.deepEqual(third.map((lens) => [lens.range.start.line, lens.command.arguments[0]?.line, lens.command.arguments[0]?.queryNumber]), [[2, 2, 2]]);
  assert.equal(third[0]?.range.start.character, 'events.writeStream.option("checkpointLocation", "/chk/copy")'.length);

  // setup.py changes on disk to a batch read: the notebook is linted again.
  writeFileSync(path.join(root, 'setup.py'), batchSetup);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(root, 'setup.py')), type: 2 }] });
  await client.diagnostics(cell('W2'), (list) => lines(list, 'WP101').length === 0, 'the cell re-linted after setup.py changed on disk');
});

test('pull diagnostics: a change to the target asks the client to pull again, and the notebook\'s next pull is fresh', async (t) => {
  const root = folder(t);
  writeFileSync(path.join(root, 'setup.py'), streamSetup);
  const client = await inProcess(t, true);
  const mainUri = uriOf(path.join(root, 'main.py'));
  await client.open(mainUri, main);
  const first = await client.pull(mainUri);
  assert.deepEqual(lines(first.items ?? [], 'WP101'), [countLine]);
  const refreshes = client.refreshCount;
  await client.open(uriOf(path.join(root, 'setup.py')), batchSetup);
  await client.until(() => client.refreshCount > refreshes, 'a diagnostic refresh after the target opened');
  const second = await client.pull(mainUri, first.resultId);
  assert.equal(second.kind, 'full');
  assert.deepEqual(lines(second.items ?? [], 'WP101'), [], 'events is a batch DataFrame in the open setup.py');
});

test('a %run target open as a Jupyter notebook is read from its cells, and its edits re-lint the notebook that runs it', async (t) => {
  const root = folder(t);
  const client = await inProcess(t);
  const mainUri = uriOf(path.join(root, 'main.py'));
  await client.open(mainUri, main);
  await client.diagnostics(mainUri, (list) => list.some((diagnostic) => diagnostic.message.includes('no notebook found')), 'the target missing at first');

  const setupUri = uriOf(path.join(root, 'setup.ipynb'));
  const setupCell = `vscode-notebook-cell:${path.join(root, 'setup.ipynb')}#W0`;
  await client.connection.sendNotification('notebookDocument/didOpen', {
    notebookDocument: { uri: setupUri, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: 2, document: setupCell }] },
    cellTextDocuments: [{ uri: setupCell, languageId: 'python', version: 1, text: 'events = spark.readStream.table("events")\n' }],
  });
  const found = await client.diagnostics(mainUri, (list) => lines(list, 'WP101').length > 0, 'the stream read from the open setup.ipynb, never saved');
  assert.deepEqual(found.filter((diagnostic) => diagnostic.code === undefined), [], 'no %run problem left');

  await client.connection.sendNotification('notebookDocument/didChange', {
    notebookDocument: { uri: setupUri, version: 2 },
    change: { cells: { textContent: [{ document: { uri: setupCell, version: 2 }, changes: [{ text: 'events = spark.read.table("events")\n' }] }] } },
  });
  await client.diagnostics(mainUri, (list) => lines(list, 'WP101').length === 0, 'main.py re-linted after the cell was edited');
});
