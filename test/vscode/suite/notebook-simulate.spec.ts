// Simulate from a Jupyter cell: the cell's Simulate lens runs the notebook's
// .ipynb file through `whirlpool simulate`, picking the query by its number
// in the notebook (the second query here, in the second code cell), and the
// results view opens.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activeExtension, updateSetting, waitForStatus } from './helpers';

suite('simulate from a notebook cell', () => {
  test('the lens on a cell simulates that query of the notebook', async () => {
    const { api } = await activeExtension();
    await updateSetting('simulator.batches', 2);
    const folder = mkdtempSync(path.join(tmpdir(), 'whirlpool-notebook-simulate-'));
    try {
      const file = path.join(folder, 'rates.ipynb');
      const cell = (source: string) => ({ cell_type: 'code', metadata: {}, source, execution_count: null, outputs: [] });
      writeFileSync(file, JSON.stringify({
        cells: [
          cell('rates = spark.readStream.format("rate").load()\nrates.writeStream.format("console").start()\n'),
          cell('doubled = rates.selectExpr("value * 2 AS doubled")\ndoubled.writeStream.format("memory").queryName("doubled").start()\n'),
        ],
        metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' }, language_info: { name: 'python' } },
        nbformat: 4,
        nbformat_minor: 5,
      }));
      const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
      await vscode.window.showNotebookDocument(notebook);
      // The server has the notebook once it has linted it.
      await waitForStatus(api, (status) => status.lastLint?.uri === notebook.uri.toString());
      const second = notebook.cellAt(1).document;
      const lenses = ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', second.uri)) ?? []).filter((lens) => lens.command?.command === 'whirlpool.simulate');
      assert.equal(lenses.length, 1, 'one Simulate lens on the second cell');
      assert.equal(lenses[0]?.range.start.line, 1);
      const command = lenses[0]!.command!;
      const result = (await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []))) as { query: { name: string; file: string; sink: string }; batches: unknown[] } | null;
      assert.ok(result, 'the simulation produced no result');
      assert.equal(result.query.file, file);
      assert.equal(result.query.name, 'doubled');
      assert.equal(result.query.sink, 'memory');
      assert.ok(result.batches.length > 0);
    } finally {
      await updateSetting('simulator.batches', undefined);
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
