// The results view opened inside VS Code from a recorded simulation result.

import assert from 'node:assert/strict';
import path from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activeExtension } from './helpers';

interface SimulationApi {
  readonly simulation: () => { readonly result: { readonly batches: readonly unknown[] } | null; readonly html: string | null };
}

suite('results view', () => {
  test('Open Simulation Results shows a recorded result in a webview with its plots and batches', async () => {
    const { extension } = await activeExtension(false);
    const api = extension.exports as unknown as SimulationApi;
    // The fixture sits in the repository (the extension under development) and is not packaged.
    const fixture = vscode.Uri.file(path.join(extension.extensionPath, 'test', 'e2e', 'fixtures', 'simulation-result.json'));
    const shown = (await vscode.commands.executeCommand('whirlpool.openResults', fixture)) as { batches: unknown[] } | null;
    assert.ok(shown, 'no result was shown');
    const state = api.simulation();
    assert.equal(state.result?.batches.length, shown.batches.length);
    const html = state.html ?? '';
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.equal((html.match(/class="point series-input"/g) ?? []).length, shown.batches.length);
    assert.equal((html.match(/class="batch-rows"/g) ?? []).length, shown.batches.length);
    await waitForTab((tab) => tab.input instanceof vscode.TabInputWebview && tab.label.startsWith('Simulation:'));
  });

  test('a file that is not a simulation result is refused without opening a view', async () => {
    const { extension } = await activeExtension(false);
    const notResult = vscode.Uri.file(path.join(extension.extensionPath, 'package.json'));
    assert.equal(await vscode.commands.executeCommand('whirlpool.openResults', notResult), null);
  });
});

/** Resolves once a tab matching `accept` is open, checking on every tab change. */
function waitForTab(accept: (tab: vscode.Tab) => boolean, timeoutMilliseconds = 10_000): Promise<void> {
  const found = (): boolean => vscode.window.tabGroups.all.some((group) => group.tabs.some(accept));
  if (found()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      const labels = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
      reject(new Error(`no matching tab opened; tabs: ${labels.join(', ')}`));
    }, timeoutMilliseconds);
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (!found()) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}
