// Jupyter notebooks through LSP notebook document sync, end to end: the
// bundled server over stdio, notebookDocument/didOpen, a cell's text
// changing, a cell changing language, a cell removed, the notebook closed;
// diagnostics on each cell's URI in the cell's positions, cleared when the
// cell no longer has them. Code actions on a cell: quick fixes in the cell's
// coordinates, fix-all only through the notebook kind.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TestClient, type Diagnostic } from '../lsp/lsp-client';
import { expectedMarkers } from './expected-markers';

const notebookUri = 'file:///workspace/clicks.ipynb';
const cell = (name: string): string => `vscode-notebook-cell:/workspace/clicks.ipynb#${name}`;
const markdown = cell('W0');
const source = cell('W1');
const action = cell('W2');
const scala = cell('W3');
const writer = cell('W4');

const cells = [
  { uri: markdown, kind: 1, languageId: 'markdown', text: '# Clicks\nclicks.count() in markdown is prose\n' },
  { uri: source, kind: 2, languageId: 'python', text: '%pip install pyspark\nclicks = spark.readStream.table("clicks")\n' },
  { uri: action, kind: 2, languageId: 'python', text: 'clicks.count()\n' },
  { uri: scala, kind: 2, languageId: 'scala', text: 'val views = spark.readStream.table("views")\nviews.count()\n' },
  { uri: writer, kind: 2, languageId: 'python', text: 'clicks.writeStream.trigger(once=True).option("checkpointLocation", "/chk/clicks").toTable("copy")\n' },
];

function starts(diagnostics: readonly Diagnostic[], code: string): { line: number; character: number }[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code).map((diagnostic) => diagnostic.range.start);
}

async function openNotebook(client: TestClient): Promise<void> {
  await client.connection.sendNotification('notebookDocument/didOpen', {
    notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((entry) => ({ kind: entry.kind, document: entry.uri })) },
    cellTextDocuments: cells.map((entry) => ({ uri: entry.uri, languageId: entry.languageId, version: 1, text: entry.text })),
  });
}

test('notebook sync: diagnostics per cell URI in cell positions; re-linted on a cell edit; cleared on a language change, a removal and close', async (t) => {
  const client = await TestClient.start({ pull: false });
  t.after(() => client.stop());
  assert.deepEqual(client.capabilities['notebookDocumentSync'], {
    notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }, { language: 'scala' }] }],
  });
  await openNotebook(client);
  const onAction = await client.diagnostics(action, (list) => list.length > 0, 'the count() cell');
  assert.deepEqual(starts(onAction, 'WP101'), [{ line: 0, character: 6 }]);
  const onScala = await client.diagnostics(scala, (list) => list.length > 0, 'the Scala cell');
  assert.deepEqual(starts(onScala, 'WP101'), [{ line: 1, character: 5 }]);
  assert.equal(client.published.get(markdown), undefined, 'nothing on the markdown cell');
  const status = await client.connection.sendRequest<{ lastLint: { uri: string; findingCount: number } | null }>('whirlpool/status');
  assert.equal(status.lastLint?.uri, notebookUri, 'the status item shows the notebook\'s lint');
  assert.ok((status.lastLint?.findingCount ?? 0) >= 3);
  assert.equal(client.published.get(source), undefined, 'nothing on the cell with a %pip line');

  // The cell's text changes: the finding moves with it.
  await client.connection.sendNotification('notebookDocument/didChange', {
    notebookDocument: { uri: notebookUri, version: 2 },
    change: { cells: { textContent: [{ document: { uri: action, version: 2 }, changes: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'n = 1\n' }] }] } },
  });
  await client.diagnostics(action, (list) => starts(list, 'WP101').some((start) => start.line === 1), 'the finding one line lower');

  // The Scala cell becomes a SQL cell: its findings go.
  await client.connection.sendNotification('notebookDocument/didChange', {
    notebookDocument: { uri: notebookUri, version: 3 },
    change: {
      cells: {
        structure: {
          array: { start: 3, deleteCount: 1, cells: [{ kind: 2, document: scala }] },
          didOpen: [{ uri: scala, languageId: 'sql', version: 1, text: 'SELECT count(*) FROM views\n' }],
          didClose: [{ uri: scala }],
        },
      },
    },
  });
  await client.diagnostics(scala, (list) => list.length === 0, 'the Scala cell cleared after its language changed');

  // The count() cell is removed: its findings go, the others stay.
  await client.connection.sendNotification('notebookDocument/didChange', {
    notebookDocument: { uri: notebookUri, version: 4 },
    change: { cells: { structure: { array: { start: 2, deleteCount: 1 }, didClose: [{ uri: action }] } } },
  });
  await client.diagnostics(action, (list) => list.length === 0, 'the removed cell cleared');
  assert.ok((client.published.get(writer)?.diagnostics.length ?? 0) > 0, 'the writer cell keeps its finding');

  await client.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: notebookUri }, cellTextDocuments: [{ uri: markdown }, { uri: source }, { uri: scala }, { uri: writer }] });
  await client.diagnostics(writer, (list) => list.length === 0, 'every cell cleared on close');
});

test('notebook code actions: quick fixes in the cell\'s coordinates; fix-all only through notebook.source.fixAll', async (t) => {
  const client = await TestClient.start({ pull: false });
  t.after(() => client.stop());
  assert.ok((client.capabilities['codeActionProvider'] as { codeActionKinds: string[] }).codeActionKinds.includes('notebook.source.fixAll.whirlpool'));
  await openNotebook(client);
  const diagnostics = await client.diagnostics(writer, (list) => list.length > 0, 'the trigger(once=True) cell');
  const request = (only: string[]) =>
    client.connection.sendRequest<{ title: string; kind: string; edit?: { changes: Record<string, { range: { start: { line: number; character: number } }; newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: writer },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 60 } },
      context: { diagnostics, only },
    });

  const quickFixes = await request(['quickfix']);
  const triggerFix = quickFixes.find((candidate) => candidate.edit?.changes[writer]?.some((edit) => edit.newText.includes('availableNow=True')));
  assert.ok(triggerFix, `a quick fix for trigger(once=True) among ${quickFixes.map((candidate) => candidate.title).join(', ')}`);
  assert.deepEqual(Object.keys(triggerFix.edit!.changes), [writer], 'edits only the cell');
  const edit = triggerFix.edit!.changes[writer]![0]!;
  assert.equal(edit.range.start.line, 0, 'in the cell\'s own lines');
  assert.ok(edit.range.start.character >= 'clicks.writeStream.trigger('.length - 1 && edit.range.start.character <= 'clicks.writeStream.trigger('.length);

  assert.deepEqual(await request(['source.fixAll']), [], 'no per-cell fix-all');
  const fixAll = await request(['notebook.source.fixAll']);
  assert.deepEqual(fixAll.map((candidate) => candidate.kind), ['notebook.source.fixAll.whirlpool']);
  assert.deepEqual(Object.keys(fixAll[0]!.edit!.changes), [writer]);
  assert.ok(fixAll[0]!.edit!.changes[writer]!.some((change) => change.newText.includes('availableNow=True')));
});

test('a Databricks source notebook opened as a text document: diagnostics on the file\'s lines, SQL and markdown cells silent', async (t) => {
  const text = readFileSync(path.join(__dirname, 'fixtures', 'orders_notebook.py'), 'utf8');
  const client = await TestClient.start({ pull: false });
  t.after(() => client.stop());
  const uri = 'file:///workspace/orders_notebook.py';
  await client.open(uri, text);
  const expected = expectedMarkers(text);
  const diagnostics = await client.diagnostics(uri, (list) => list.length >= expected.length, 'the notebook\'s findings');
  const findings = diagnostics.filter((diagnostic) => diagnostic.data !== undefined);
  assert.deepEqual(
    findings.map((diagnostic) => ({ line: diagnostic.range.start.line, column: diagnostic.range.start.character, rule: (diagnostic.data as { rule: string }).rule })),
    expected,
  );
  // The %run target is not on disk: said on its line, as information.
  const runs = diagnostics.filter((diagnostic) => diagnostic.data === undefined);
  assert.deepEqual(runs.map((diagnostic) => [diagnostic.range.start.line, diagnostic.severity]), [[text.split('\n').indexOf('# MAGIC %run ./shared/setup'), 3]]);
  assert.match(runs[0]?.message ?? '', /^%run \.\/shared\/setup: no notebook found \(looked for setup\.py, setup\.scala, setup, setup\.ipynb in .*shared\)/);
});
