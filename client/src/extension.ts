// The VS Code extension: starts the bundled language server in its own
// process, shows its status, and offers the commands. Analysis and simulation
// never run here; this file only wires VS Code to the processes that do them.

import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { openRuleDoc } from './commands/open-rule-doc';
import { declaredSettingKeys, effectiveSettings, showEffectiveSettings } from './commands/effective-settings';
import { configurationSection, createLanguageClient, documentSelector } from './server/language-client';
import { parseServerStatus, statusNotification, statusRequest, type ServerStatus } from './server/status-protocol';
import { parseSimulationResult, type SimulationResult } from './results/result-types';
import { Simulator, type SimulateArguments } from './simulate/simulate-command';
import { LanguageStatus } from './status/language-status';

/** What the extension returns from activate(); the integration tests read it. */
export interface WhirlpoolApi {
  /** The last status the server reported, or null before the first. */
  readonly serverStatus: () => ServerStatus | null;
  /** Fires with every status the server reports. */
  readonly onDidChangeServerStatus: vscode.Event<ServerStatus>;
  /** Resolves once the language server has started (rejects if it cannot). */
  readonly serverReady: () => Promise<void>;
  /** What the running server declared it can do (code actions, code lenses, ...); null before it started. */
  readonly serverCapabilities: () => Readonly<Record<string, unknown>> | null;
  /** The last simulation shown in the results view, and the view's current HTML. */
  readonly simulation: () => { readonly result: SimulationResult | null; readonly html: string | null; readonly crashed: SimulationResult | null };
}

export async function activate(context: vscode.ExtensionContext): Promise<WhirlpoolApi> {
  const output = vscode.window.createOutputChannel('Whirlpool', { log: true });
  const status = new LanguageStatus(documentSelector as vscode.DocumentSelector);
  context.subscriptions.push(output, status);

  const client = createLanguageClient(context, output);
  let lastStatus: ServerStatus | null = null;
  const statusChanged = new vscode.EventEmitter<ServerStatus>();
  context.subscriptions.push(statusChanged);
  const setStatus = (value: unknown): void => {
    const parsed = parseServerStatus(value);
    if (!parsed) return;
    for (const problem of parsed.settingsProblems) {
      if (!lastStatus?.settingsProblems.includes(problem)) output.warn(`settings: ${problem}`);
    }
    lastStatus = parsed;
    status.update({ kind: 'running', status: parsed });
    statusChanged.fire(parsed);
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

  const simulator = new Simulator(context, output);
  context.subscriptions.push(simulator);
  let ready = startClient(client, output);
  // startClient has told the user; the API's callers see the rejection, nobody else should.
  ready.catch(() => undefined);
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
    vscode.commands.registerCommand('whirlpool.simulate', (args?: SimulateArguments) => simulator.simulate(args)),
    vscode.commands.registerCommand('whirlpool.openResults', (uri?: vscode.Uri) => openResults(simulator, uri)),
    { dispose: () => void client.stop() },
  );

  return {
    serverStatus: () => lastStatus,
    onDidChangeServerStatus: statusChanged.event,
    serverReady: () => ready,
    serverCapabilities: () => (client.initializeResult?.capabilities as Record<string, unknown> | undefined) ?? null,
    simulation: () => {
      const panel = simulator.state.panel?.shown ?? null;
      return { result: panel?.result ?? simulator.state.lastResult, html: panel?.html ?? null, crashed: panel?.crashed ?? null };
    },
  };
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

/** Shows a simulation result saved as JSON (`whirlpool simulate --result-json`) in the results view. */
async function openResults(simulator: Simulator, uri: vscode.Uri | undefined): Promise<SimulationResult | null> {
  const target = uri ?? (await vscode.window.showOpenDialog({ filters: { 'Simulation result': ['json'] }, canSelectMany: false }))?.[0];
  if (!target) return null;
  let parsed: ReturnType<typeof parseSimulationResult>;
  try {
    parsed = parseSimulationResult(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target))));
  } catch (error) {
    parsed = { value: null, problems: [error instanceof Error ? error.message : String(error)] };
  }
  if (!parsed.value) {
    void vscode.window.showErrorMessage(`Whirlpool: ${target.fsPath} is not a simulation result (${parsed.problems.join('; ')})`);
    return null;
  }
  simulator.showResult(parsed.value);
  return parsed.value;
}

async function refreshStatus(client: LanguageClient, apply: (value: unknown) => void, output: vscode.LogOutputChannel): Promise<void> {
  try {
    apply(await client.sendRequest(statusRequest));
  } catch (error) {
    // An older or partial server may not answer; the item then just says "running".
    output.debug(`no status from the server: ${error instanceof Error ? error.message : String(error)}`);
  }
}
