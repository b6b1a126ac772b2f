// Diagnostics in the real editor agree with the CLI on the example files, and
// follow settings changes made while the server runs.

import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import {
  activeExtension,
  codeOf,
  lintWithCli,
  openExample,
  updateSetting,
  waitForDiagnostics,
  whirlpoolDiagnostics,
  workspaceFile,
} from './helpers';

const examples = ['orders_enrichment.py', 'sensor_rollups.py', 'legacy_job/sessionize.py'];

suite('diagnostics', () => {
  suiteTeardown(async () => {
    await updateSetting('severity', undefined);
    await updateSetting('enable', undefined);
  });

  for (const example of examples) {
    test(`${example}: the editor shows what the CLI finds, at the same lines`, async () => {
      const { extension } = await activeExtension();
      const uri = workspaceFile(example);
      const expected = lintWithCli(extension.extensionPath, uri.fsPath);
      await openExample(example);
      const expectedKeys = expected.map((finding) => `${finding.code}@${finding.line}`).sort();
      const diagnostics = await waitForDiagnostics(uri, (current) => current.length === expected.length);
      const actualKeys = diagnostics.map((diagnostic) => `${codeOf(diagnostic)}@${diagnostic.range.start.line + 1}`).sort();
      assert.deepEqual(actualKeys, expectedKeys);
    });
  }

  test('a severity of off removes that code, and clearing it brings it back', async () => {
    await activeExtension();
    const uri = workspaceFile('orders_enrichment.py');
    await openExample('orders_enrichment.py');
    const before = await waitForDiagnostics(uri, (current) => current.length > 0);
    const code = codeOf(before[0]!);
    await updateSetting('severity', { [code]: 'off' });
    await waitForDiagnostics(uri, (current) => !current.some((diagnostic) => codeOf(diagnostic) === code));
    await updateSetting('severity', undefined);
    const after = await waitForDiagnostics(uri, (current) => current.some((diagnostic) => codeOf(diagnostic) === code));
    assert.equal(after.length, before.length);
  });

  test('a severity override changes the diagnostic severity', async () => {
    await activeExtension();
    const uri = workspaceFile('orders_enrichment.py');
    await openExample('orders_enrichment.py');
    const before = await waitForDiagnostics(uri, (current) => current.length > 0);
    const target = before[0]!;
    const code = codeOf(target);
    const wanted = target.severity === vscode.DiagnosticSeverity.Hint ? 'error' : 'hint';
    const wantedSeverity = wanted === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Hint;
    await updateSetting('severity', { [code]: wanted });
    const after = await waitForDiagnostics(uri, (current) =>
      current.some((diagnostic) => codeOf(diagnostic) === code && diagnostic.severity === wantedSeverity));
    assert.ok(after.filter((diagnostic) => codeOf(diagnostic) === code).every((diagnostic) => diagnostic.severity === wantedSeverity));
    await updateSetting('severity', undefined);
  });

  test('whirlpool.enable false clears the diagnostics', async () => {
    await activeExtension();
    const uri = workspaceFile('orders_enrichment.py');
    await openExample('orders_enrichment.py');
    await waitForDiagnostics(uri, (current) => current.length > 0);
    await updateSetting('enable', false);
    await waitForDiagnostics(uri, (current) => current.length === 0);
    await updateSetting('enable', undefined);
    await waitForDiagnostics(uri, (current) => current.length > 0);
  });

  test('an edit that removes the problem code removes its diagnostic', async () => {
    await activeExtension();
    const editor = await openExample('orders_enrichment.py');
    const uri = editor.document.uri;
    const before = await waitForDiagnostics(uri, (current) => current.length > 0);
    // Replace the whole file with a clean batch job; the diagnostics must go.
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    await editor.edit((builder) => builder.replace(whole, 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\n'));
    await waitForDiagnostics(uri, (current) => current.length === 0);
    await vscode.commands.executeCommand('undo');
    await waitForDiagnostics(uri, (current) => current.length === before.length);
    assert.equal(whirlpoolDiagnostics(uri).length, before.length);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
