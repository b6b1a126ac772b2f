// Creates the language client that runs the bundled server (out/server.js)
// in its own Node process over IPC. The server does all analysis; the client
// only forwards documents and settings, so a slow lint never blocks the editor.

import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type ClientCapabilities,
  type DocumentSelector,
  type StaticFeature,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

export const clientId = 'whirlpool';
export const configurationSection = 'whirlpool';

/** Python and Scala files (saved, unsaved and notebook cells) and the build files that pin Spark. */
export const documentSelector: DocumentSelector = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
  { scheme: 'vscode-notebook-cell', language: 'python' },
  { scheme: 'vscode-notebook-cell', language: 'scala' },
  { scheme: 'file', language: 'scala' },
  { scheme: 'untitled', language: 'scala' },
  { scheme: 'file', pattern: '**/{requirements*.txt,pyproject.toml,build.sbt,pom.xml,databricks.yml}' },
];

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    synchronize: { configurationSection },
    initializationOptions: { settings: vscode.workspace.getConfiguration(configurationSection) },
    // Restart a crashed server a few times, then say so instead of looping.
    connectionOptions: { maxRestartCount: 4 },
  };
  const client = new LanguageClient(clientId, 'Whirlpool', serverOptions, clientOptions);
  client.registerFeature(pushDiagnosticsOnly);
  return client;
}

/**
 * Asks the server to push diagnostics instead of answering pulls.
 * vscode-languageclient 9 pulls only for documents shown in text tabs; a
 * notebook's cells live in a notebook tab and would never be pulled, so they
 * would never show a diagnostic. Registered after the built-in features, so
 * it removes the capability they declared.
 */
const pushDiagnosticsOnly: StaticFeature = {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    if (capabilities.textDocument) delete capabilities.textDocument.diagnostic;
    if (capabilities.workspace) delete capabilities.workspace.diagnostics;
  },
  initialize(): void {},
  getState: () => ({ kind: 'static' }),
  clear(): void {},
};
