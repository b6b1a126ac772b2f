// Shared by the extension-host specs: find the extension, open example files,
// and wait for VS Code events (diagnostics changed) instead of sleeping.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as vscode from 'vscode';

export const extensionId = 'whirlpool.whirlpool';

export interface ServerStatus {
  readonly sparkVersion: string;
  readonly ruleCount: number;
  readonly enabled: boolean;
  readonly busy: boolean;
  readonly lastLint: { readonly uri: string; readonly finishedAt: string; readonly findingCount: number } | null;
}

export interface WhirlpoolApi {
  readonly serverStatus: () => ServerStatus | null;
  readonly onDidChangeServerStatus: vscode.Event<ServerStatus>;
  readonly serverReady: () => Promise<void>;
  readonly serverCapabilities: () => Readonly<Record<string, unknown>> | null;
}

/** The activated extension; by default also waits for its language server (the results view does not need it). */
export async function activeExtension(waitForServer = true): Promise<{ extension: vscode.Extension<WhirlpoolApi>; api: WhirlpoolApi }> {
  const extension = vscode.extensions.getExtension<WhirlpoolApi>(extensionId);
  if (!extension) throw new Error(`${extensionId} is not loaded`);
  const api = await extension.activate();
  if (waitForServer) await api.serverReady();
  return { extension, api };
}

export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the examples folder open as the workspace');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function openExample(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  return vscode.window.showTextDocument(document);
}

export function whirlpoolDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'whirlpool');
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return String(code);
}

/** Resolves with the diagnostics once `accept` holds for them, re-checking on every change event. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMilliseconds = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = whirlpoolDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      cleanup();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const seen = whirlpoolDiagnostics(uri).map(codeOf).join(', ') || 'none';
      reject(new Error(`timed out waiting for diagnostics on ${uri.fsPath}; current codes: ${seen}`));
    }, timeoutMilliseconds);
    const cleanup = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

export interface CliFinding {
  readonly code: string;
  readonly rule: string;
  readonly line: number;
  readonly column: number;
  readonly fixes: readonly { readonly title: string; readonly safety: string }[];
}

/** What the bundled CLI finds in a file: the reference the editor must agree with. */
export function lintWithCli(extensionPath: string, file: string): CliFinding[] {
  const cli = path.join(extensionPath, 'out', 'cli.js');
  try {
    return JSON.parse(execFileSync(process.execPath, [cli, 'lint', file, '--format', 'json'], { encoding: 'utf8' })) as CliFinding[];
  } catch (error) {
    // Exit code 1 means "there are findings"; the JSON is still on stdout.
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout) return JSON.parse(stdout) as CliFinding[];
    throw error;
  }
}

export async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('whirlpool').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Resolves with the server status once `accept` holds, re-checking on every status the server sends. */
export function waitForStatus(api: WhirlpoolApi, accept: (status: ServerStatus) => boolean, timeoutMilliseconds = 20_000): Promise<ServerStatus> {
  const current = api.serverStatus();
  if (current && accept(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting for the server status; last: ${JSON.stringify(api.serverStatus())}`));
    }, timeoutMilliseconds);
    const subscription = api.onDidChangeServerStatus((status) => {
      if (!accept(status)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(status);
    });
  });
}
