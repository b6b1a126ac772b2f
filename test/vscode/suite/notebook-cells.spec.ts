// Jupyter notebooks through notebook document sync: the code cells run as one
// module, so a cell acting on a stream another cell defined gets the finding,
// on its own cell and line; a markdown cell between them changes nothing.
// The notebook stays open: in the VS Code server, showing a notebook after
// another notebook editor was closed waits half a minute (with or without
// this language server), which would slow the other notebook test.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activeExtension, codeOf, waitForDiagnostics } from './helpers';

suite('notebook cells', () => {
  test('a cell using a stream from an earlier cell gets the finding on its own line', async () => {
    await activeExtension();
    const folder = mkdtempSync(path.join(tmpdir(), 'whirlpool-notebook-'));
    try {
      const file = path.join(folder, 'events.ipynb');
      const cell = (type: string, source: string) => ({ cell_type: type, metadata: {}, source, ...(type === 'code' ? { execution_count: null, outputs: [] } : {}) });
      writeFileSync(file, JSON.stringify({
        cells: [cell('code', 'events = spark.readStream.table("events")\n'), cell('markdown', 'Count the stream'), cell('code', 'n = 1\nevents.count()\n')],
        metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' }, language_info: { name: 'python' } },
        nbformat: 4,
        nbformat_minor: 5,
      }));
      const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
      await vscode.window.showNotebookDocument(notebook);
      const counting = notebook.cellAt(2).document;
      const diagnostics = await waitForDiagnostics(counting.uri, (current) => current.length > 0);
      assert.deepEqual(diagnostics.map(codeOf), ['WP101']);
      assert.equal(diagnostics[0]?.range.start.line, 1);
      assert.deepEqual(vscode.languages.getDiagnostics(notebook.cellAt(0).document.uri), []);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
