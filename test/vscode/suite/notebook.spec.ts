// Jupyter notebooks: a PySpark streaming cell gets the same diagnostics as
// the same code in a .py file.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activeExtension, codeOf, waitForDiagnostics, workspaceFile } from './helpers';

suite('notebooks', () => {
  test('a notebook cell holding an example job gets the diagnostic codes of the example file', async () => {
    await activeExtension();
    const source = workspaceFile('orders_enrichment.py');
    const text = readFileSync(source.fsPath, 'utf8');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(source));
    const expected = (await waitForDiagnostics(source, (current) => current.length > 0)).map(codeOf).sort();

    const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Orders enrichment', 'markdown'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, text, 'python'),
    ]));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(1).document;
    assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
    const diagnostics = await waitForDiagnostics(cell.uri, (current) => current.length === expected.length);
    assert.deepEqual(diagnostics.map(codeOf).sort(), expected);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
