// Creates the language client that runs the bundled server (out/server.js)
// in its own Node process over IPC. The server does all analysis; the client
// only forwards documents and settings, so a slow lint never blocks the editor.

import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
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
  return new LanguageClient(clientId, 'Whirlpool', serverOptions, clientOptions);
}
