// `%run` in VS Code: a Databricks notebook in the workspace reads its target
// beside it, and when the target changes on disk (not open in an editor) the
// file watcher the server registers brings the notebook's lint up to date.

import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activeExtension, codeOf, waitForDiagnostics, workspaceFile } from './helpers';

suite('notebook %run', () => {
  test('a stream read in the %run target counts in the notebook, and a change to the target on disk re-lints it', async () => {
    await activeExtension();
    const folder = workspaceFile('run-notebooks').fsPath;
    mkdirSync(folder, { recursive: true });
    try {
      const setup = path.join(folder, 'setup.py');
      writeFileSync(setup, '# Databricks notebook source\nevents = spark.readStream.table("events")\n');
      const main = path.join(folder, 'main.py');
      writeFileSync(main, '# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\nevents.count()\n');
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(main));
      await vscode.window.showTextDocument(document);
      const found = await waitForDiagnostics(document.uri, (current) => current.some((diagnostic) => codeOf(diagnostic) === 'WP101'));
      assert.equal(found.find((diagnostic) => codeOf(diagnostic) === 'WP101')?.range.start.line, 5);

      writeFileSync(setup, '# Databricks notebook source\nevents = spark.read.table("events")\n');
      await waitForDiagnostics(document.uri, (current) => !current.some((diagnostic) => codeOf(diagnostic) === 'WP101'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
