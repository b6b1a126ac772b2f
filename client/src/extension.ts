// The VS Code extension: starts the bundled language server in its own
// process, shows its status, and offers the commands. Analysis and simulation
// never run here; this file only wires VS Code to the processes that do them.

import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { openRuleDoc } from './commands/open-rule-doc';
import { declaredSettingKeys, effectiveSettings, showEffectiveSettings } from './commands/effective-settings';
import { configurationSection, createLanguageClient, documentSelector } from './server/language-client';
import { parseServerStatus, statusNotification, statusRequest, type ServerStatus } from './server/status-protocol';
import { LanguageStatus } from './status/language-status';

/** What the extension returns from activate(); the integration tests read it. */
export interface WhirlpoolApi {
  /** The last status the server reported, or null before the first. */
  readonly serverStatus: () => ServerStatus | null;
  /** Resolves once the language server has started (rejects if it cannot). */
  readonly serverReady: () => Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<WhirlpoolApi> {
  const output = vscode.window.createOutputChannel('Whirlpool', { log: true });
  const status = new LanguageStatus(documentSelector as vscode.DocumentSelector);
  context.subscriptions.push(output, status);

  const client = createLanguageClient(context, output);
  let lastStatus: ServerStatus | null = null;
  const setStatus = (value: unknown): void => {
    const parsed = parseServerStatus(value);
    if (!parsed) return;
    for (const problem of parsed.settingsProblems) {
      if (!lastStatus?.settingsProblems.includes(problem)) output.warn(`settings: ${problem}`);
    }
    lastStatus = parsed;
    status.update({ kind: 'running', status: parsed });
  };
  context.subscriptions.push(
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) {
        status.update({ kind: 'running', status: lastStatus });
        void refreshStatus(client, setStatus, output);
      } else if (event.newState === State.Stopped) {
        status.update({ kind: 'stopped', reason: 'the language server stopped; run "Whirlpool: Restart Language Server"' });
      } else {
        status.update({ kind: 'starting' });
      }
    }),
    client.onNotification(statusNotification, setStatus),
  );

  let ready = startClient(client, output);
  context.subscriptions.push(
    vscode.commands.registerCommand('whirlpool.restartServer', async () => {
      output.info('restarting the language server');
      ready = client.isRunning() ? client.restart() : client.start();
      await ready;
      output.info('language server restarted');
    }),
    vscode.commands.registerCommand('whirlpool.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('whirlpool.showEffectiveSettings', async () => {
      if (client.isRunning()) await refreshStatus(client, setStatus, output);
      const keys = declaredSettingKeys(context.extension);
      const settings = effectiveSettings(keys, vscode.workspace.getConfiguration(configurationSection), lastStatus);
      await showEffectiveSettings(settings);
      return settings;
    }),
    vscode.commands.registerCommand('whirlpool.openRuleDoc', (rule?: unknown) => openRuleDoc(context.extensionUri, rule)),
    { dispose: () => void client.stop() },
  );

  return { serverStatus: () => lastStatus, serverReady: () => ready };
}

export function deactivate(): void {
  // The client is stopped by its disposable in context.subscriptions.
}

async function startClient(client: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  try {
    await client.start();
    output.info('language server started');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.error(`the language server did not start: ${message}`);
    void vscode.window.showErrorMessage(`Whirlpool: the language server did not start (${message})`, 'Show Output')
      .then((choice) => choice && output.show());
    throw error;
  }
}

async function refreshStatus(client: LanguageClient, apply: (value: unknown) => void, output: vscode.LogOutputChannel): Promise<void> {
  try {
    apply(await client.sendRequest(statusRequest));
  } catch (error) {
    // An older or partial server may not answer; the item then just says "running".
    output.debug(`no status from the server: ${error instanceof Error ? error.message : String(error)}`);
  }
}
