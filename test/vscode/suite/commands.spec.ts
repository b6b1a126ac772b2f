// The commands the extension contributes, run through VS Code.

import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activeExtension, openExample, updateSetting, waitForDiagnostics, workspaceFile } from './helpers';

suite('commands', () => {
  test('every contributed command is registered', async () => {
    const { extension } = await activeExtension();
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((entry) => entry.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of contributed) assert.ok(registered.has(command), `${command} is contributed but not registered`);
  });

  test('restarting the server brings the diagnostics back', async () => {
    await activeExtension();
    const uri = workspaceFile('orders_enrichment.py');
    await openExample('orders_enrichment.py');
    const before = await waitForDiagnostics(uri, (current) => current.length > 0);
    await vscode.commands.executeCommand('whirlpool.restartServer');
    const after = await waitForDiagnostics(uri, (current) => current.length === before.length);
    assert.equal(after.length, before.length);
  });

  test('show effective settings reports each declared setting and where its value comes from', async () => {
    await activeExtension();
    await updateSetting('sparkVersion', '3.4');
    try {
      const settings = (await vscode.commands.executeCommand('whirlpool.showEffectiveSettings')) as {
        settings: Record<string, { value: unknown; from: string }>;
        server: { sparkVersion: string } | null;
      };
      assert.deepEqual(settings.settings['whirlpool.sparkVersion'], { value: '3.4', from: 'workspace' });
      assert.deepEqual(settings.settings['whirlpool.fix.watermarkDelay'], { value: '10 minutes', from: 'default' });
      assert.ok(settings.settings['whirlpool.enable'], 'whirlpool.enable is missing');
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor?.document.getText().includes('"whirlpool.sparkVersion"'), 'the settings document is not shown');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await updateSetting('sparkVersion', undefined);
    }
  });
});
