// Scala in the real editor: a .scala file is the `scala` language even with
// no other Scala extension installed (Whirlpool contributes it), gets the
// diagnostics the CLI reports, quick fixes that write Scala, and a Simulate
// lens that runs the query.

import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activeExtension, codeOf, lintWithCli, openExample, updateSetting, waitForDiagnostics, workspaceFile } from './helpers';

const example = 'scala/DeviceAlertsToPostgres.scala';

suite('scala', () => {
  test('a .scala file opens as Scala and shows what the CLI finds, at the same lines', async () => {
    const { extension } = await activeExtension();
    const uri = workspaceFile(example);
    const expected = lintWithCli(extension.extensionPath, uri.fsPath);
    assert.ok(expected.length > 0, `${example} should have findings`);
    const editor = await openExample(example);
    assert.equal(editor.document.languageId, 'scala');
    const diagnostics = await waitForDiagnostics(uri, (current) => current.length === expected.length);
    assert.deepEqual(
      diagnostics.map((diagnostic) => `${codeOf(diagnostic)}@${diagnostic.range.start.line + 1}`).sort(),
      expected.map((finding) => `${finding.code}@${finding.line}`).sort(),
    );
  });

  test('the JDBC sink quick fix rewrites the query into a Scala foreachBatch block and the finding goes away', async () => {
    await activeExtension();
    const editor = await openExample(example);
    const uri = editor.document.uri;
    try {
      const diagnostics = await waitForDiagnostics(uri, (current) => current.some((diagnostic) => codeOf(diagnostic) === 'WP801'));
      const jdbc = diagnostics.find((diagnostic) => codeOf(diagnostic) === 'WP801')!;
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, jdbc.range, vscode.CodeActionKind.QuickFix.value, 50)) ?? [];
      const action = actions.find((candidate) => /foreachBatch/.test(candidate.title) && !/exactly once/i.test(candidate.title));
      assert.ok(action?.edit, `no foreachBatch fix; offered: ${actions.map((candidate) => candidate.title).join(', ')}`);
      await vscode.workspace.applyEdit(action.edit);
      const text = editor.document.getText();
      assert.match(text, /\.foreachBatch \{ \(batch: [\w.]*DataFrame, batchId: Long\) =>/);
      assert.doesNotMatch(text, /\bbatch_df\b|\w=(?:True|False|None)\b|^\s*def write_jdbc/m, 'the fix wrote Python');
      await waitForDiagnostics(uri, (current) => !current.some((diagnostic) => codeOf(diagnostic) === 'WP801'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('the Simulate lens on the Scala query runs it', async () => {
    await activeExtension();
    await updateSetting('simulator.batches', 3);
    try {
      const editor = await openExample(example);
      await waitForDiagnostics(editor.document.uri, (current) => current.length > 0);
      const lenses = ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? [])
        .filter((lens) => lens.command?.command === 'whirlpool.simulate');
      const startLine = editor.document.getText().split('\n').findIndex((line) => /\.start\(\)/.test(line));
      assert.deepEqual(lenses.map((lens) => lens.range.start.line), [startLine]);
      const command = lenses[0]!.command!;
      const result = (await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []))) as { batches: { inputRows?: number }[] } | null;
      assert.ok(result, 'the simulation produced no result');
      assert.equal(result.batches.length, 3);
    } finally {
      await updateSetting('simulator.batches', undefined);
    }
  });
});
