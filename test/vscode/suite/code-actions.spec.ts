// Quick fixes from the server appear as code actions on their diagnostics,
// applying one changes the text, and source.fixAll.whirlpool applies the safe ones.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activeExtension, codeOf, lintWithCli, openExample, updateSetting, waitForDiagnostics, workspaceFile } from './helpers';

const examples = ['orders_enrichment.py', 'sensor_rollups.py', 'kafka_to_delta.py', 'clickstream_windowed_counts.py', 'cdc_merge.py', 'legacy_job/sessionize.py', 'nightly_export.py', 'scala/DeviceAlertsToPostgres.scala'];

/** Resolve the edits of this many actions: the server may compute them lazily (codeAction/resolve). */
const resolveAll = 50;

interface FixCase {
  readonly example: string;
  readonly code: string;
  readonly line: number;
  readonly title: string;
  readonly safety: string;
}

function fixCases(extensionPath: string): FixCase[] {
  return examples.flatMap((example) =>
    lintWithCli(extensionPath, workspaceFile(example).fsPath).flatMap((finding) =>
      finding.fixes.map((fix) => ({ example, code: finding.code, line: finding.line, title: fix.title, safety: fix.safety }))));
}

suite('code actions', () => {
  test('every fix the CLI lists is offered as a quick fix on its diagnostic, and applying it changes the text', async function () {
    const { extension, api } = await activeExtension();
    assert.ok(api.serverCapabilities()?.['codeActionProvider'], 'the server declares no code actions');
    const cases = fixCases(extension.extensionPath);
    assert.ok(cases.length > 0, 'no example has a fix the CLI lists');
    assert.ok(cases.some((entry) => entry.safety === 'display-only'), 'no example has a template fix');
    for (const entry of cases) {
      const editor = await openExample(entry.example);
      const uri = editor.document.uri;
      // After the previous case's revert the server re-lints: wait for the diagnostic at the CLI's line, not any of its code.
      const atLine = (candidate: vscode.Diagnostic): boolean => codeOf(candidate) === entry.code && candidate.range.start.line + 1 === entry.line;
      const diagnostics = await waitForDiagnostics(uri, (current) => current.some(atLine));
      const diagnostic = diagnostics.find(atLine);
      assert.ok(diagnostic, `${entry.example}: no ${entry.code} diagnostic on line ${entry.line}`);
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, resolveAll)) ?? [];
      // The title says what the fix is, e.g. "... (unsafe)" or "... (template: fill in the <placeholders>)".
      const action = actions.find((candidate) => candidate.title === entry.title || candidate.title.startsWith(`${entry.title} (`));
      assert.ok(action, `${entry.example}: quick fix "${entry.title}" not offered; got ${actions.map((candidate) => candidate.title).join(', ')}`);
      const before = editor.document.getText();
      if (action.edit) await vscode.workspace.applyEdit(action.edit);
      if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
      assert.notEqual(editor.document.getText(), before, `${entry.example}: "${entry.title}" changed nothing`);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('source.fixAll.whirlpool applies the safe fixes and leaves the unsafe ones', async function () {
    const { extension, api } = await activeExtension();
    assert.ok(api.serverCapabilities()?.['codeActionProvider'], 'the server declares no code actions');
    const cases = fixCases(extension.extensionPath);
    const safe = cases.filter((entry) => entry.safety === 'safe');
    assert.ok(safe.length > 0, 'no example has a safe fix (examples/nightly_export.py should)');
    const example = safe[0]!.example;
    const editor = await openExample(example);
    // Edits move lines, so count: each safe fix removes its finding.
    const safeCodes = safe.filter((entry) => entry.example === example).map((entry) => entry.code);
    const countSafe = (current: vscode.Diagnostic[]): number => current.filter((diagnostic) => safeCodes.includes(codeOf(diagnostic))).length;
    const countBefore = countSafe(await waitForDiagnostics(editor.document.uri, (current) => countSafe(current) >= safeCodes.length));
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, whole, 'source.fixAll.whirlpool', resolveAll)) ?? [];
    const fixAll = actions.find((action) => action.kind?.value === 'source.fixAll.whirlpool');
    assert.ok(fixAll?.edit, 'no source.fixAll.whirlpool action with an edit');
    const before = editor.document.getText();
    await vscode.workspace.applyEdit(fixAll.edit);
    assert.notEqual(editor.document.getText(), before);
    await waitForDiagnostics(editor.document.uri, (current) => countSafe(current) <= countBefore - safeCodes.length);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('with source.fixAll.whirlpool in editor.codeActionsOnSave, saving applies the safe fixes unless the rule is in fix.neverOnSave', async function () {
    const { extension, api } = await activeExtension();
    assert.ok(api.serverCapabilities()?.['codeActionProvider'], 'the server declares no code actions');
    const safe = fixCases(extension.extensionPath).filter((entry) => entry.safety === 'safe');
    assert.ok(safe.length > 0, 'no example has a safe fix (examples/nightly_export.py should)');
    const example = safe[0]!.example;
    const codes = [...new Set(safe.filter((entry) => entry.example === example).map((entry) => entry.code))];
    const python = vscode.workspace.getConfiguration('', { languageId: 'python' });
    await python.update('editor.codeActionsOnSave', { 'source.fixAll.whirlpool': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    try {
      // Every safe rule of the file never on save: saving leaves the text alone.
      await updateSetting('fix.neverOnSave', codes);
      let editor = await openExample(example);
      await waitForDiagnostics(editor.document.uri, (current) => current.length > 0);
      const original = editor.document.getText();
      await editor.edit((builder) => builder.insert(new vscode.Position(editor.document.lineCount, 0), '\n'));
      await editor.document.save();
      assert.equal(editor.document.getText(), `${original}\n`, 'a rule in fix.neverOnSave was fixed on save');

      await updateSetting('fix.neverOnSave', undefined);
      editor = await openExample(example);
      await editor.edit((builder) => builder.insert(new vscode.Position(editor.document.lineCount, 0), '\n'));
      await editor.document.save();
      const saved = editor.document.getText();
      assert.notEqual(saved, `${original}\n\n`, 'saving applied no fix');
      writeFileSync(editor.document.uri.fsPath, original);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    } finally {
      await updateSetting('fix.neverOnSave', undefined);
      await python.update('editor.codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    }
  });
});
