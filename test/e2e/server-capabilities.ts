// Asks a language server bundle what it can do (the `initialize` answer), so
// a UI test of a feature the server has not declared yet is skipped, not
// failed, and runs as soon as the server declares it.

import { spawn } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';

export async function serverCapabilities(serverBundle: string): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  try {
    const result = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
      capabilities: Record<string, unknown>;
    };
    return result.capabilities;
  } finally {
    connection.dispose();
    child.kill();
  }
}
