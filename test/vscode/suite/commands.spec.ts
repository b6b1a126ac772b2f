// The commands the extension contributes, run through VS Code.

import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activeExtension, openExample, updateSetting, waitForDiagnostics, waitForStatus, workspaceFile } from './helpers';

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

  test('the server status reports rules, the last lint and the target Spark version, and follows the setting', async () => {
    const { api } = await activeExtension();
    const uri = workspaceFile('orders_enrichment.py');
    await openExample('orders_enrichment.py');
    const diagnostics = await waitForDiagnostics(uri, (current) => current.length > 0);
    const linted = await waitForStatus(api, (status) => status.lastLint !== null && !status.busy);
    assert.ok(linted.ruleCount > 0, 'no rule counted');
    assert.ok(!Number.isNaN(Date.parse(linted.lastLint!.finishedAt)), 'the last lint time is not a time');
    assert.ok(diagnostics.length > 0);
    await updateSetting('sparkVersion', '3.3');
    try {
      const changed = await waitForStatus(api, (status) => status.sparkVersion.startsWith('3.3'));
      assert.match(changed.sparkVersion, /^3\.3(\.0)?$/);
    } finally {
      await updateSetting('sparkVersion', undefined);
    }
    await waitForStatus(api, (status) => !status.sparkVersion.startsWith('3.3'));
  });

  test('open rule documentation finds a rule page by code or by id, and refuses an unknown rule', async () => {
    const { extension } = await activeExtension();
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const folder = path.join(extension.extensionPath, 'docs', 'rules');
    const page = readdirSync(folder).find((name) => name.endsWith('.md') && name !== 'README.md');
    assert.ok(page, 'no rule documentation in docs/rules');
    const rule = page.slice(0, -'.md'.length);
    const code = /\b(WP\d{3})\b/.exec(readFileSync(path.join(folder, page), 'utf8'))?.[1];
    assert.ok(code, `${page} names no code`);
    const byCode = (await vscode.commands.executeCommand('whirlpool.openRuleDoc', code)) as vscode.Uri | null;
    assert.equal(byCode && path.basename(byCode.fsPath), page);
    const byId = (await vscode.commands.executeCommand('whirlpool.openRuleDoc', rule)) as vscode.Uri | null;
    assert.equal(byId && path.basename(byId.fsPath), page);
    assert.equal(await vscode.commands.executeCommand('whirlpool.openRuleDoc', 'no-such-rule'), null);
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
