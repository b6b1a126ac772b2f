// A minimal LSP client for end-to-end tests: spawns the bundled server over
// stdio and speaks JSON-RPC to it (vscode-jsonrpc's connection, as re-exported
// by vscode-languageserver/node). Tests wait on what the server sends
// (diagnostics, refresh requests, log lines); the only timer is a guard that
// turns a hang into a failure that says what was awaited.

import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver/node';

export const repositoryRoot = path.resolve(__dirname, '..', '..');
export const serverBundle = path.join(repositoryRoot, 'out', 'server.js');

export interface Diagnostic {
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
  readonly severity?: number;
  readonly code?: string | number;
  readonly codeDescription?: { readonly href: string };
  readonly source?: string;
  readonly message: string;
  readonly relatedInformation?: readonly { readonly location: { uri: string; range: unknown }; readonly message: string }[];
  readonly data?: unknown;
}

export interface PullReport {
  readonly kind: 'full' | 'unchanged';
  readonly resultId?: string;
  readonly items?: readonly Diagnostic[];
}

/** A `whirlpool` section, or one per scope (document URI; `undefined` for the global request). */
export type Settings = Record<string, unknown> | ((scopeUri: string | undefined) => Record<string, unknown>);

export interface ClientOptions {
  /** Advertise pull diagnostics (`textDocument/diagnostic`) and diagnostic refresh. */
  readonly pull: boolean;
  /** The `whirlpool` section answered to `workspace/configuration`. */
  readonly settings?: Settings;
  /** `stdio` (Neovim and most editors) or `ipc` (how the VS Code client starts the server). */
  readonly transport?: 'stdio' | 'ipc';
  /** Advertise `codeAction/resolve` for edits (actions come without edits and are resolved on demand). */
  readonly resolveCodeActions?: boolean;
}

const guardMilliseconds = 15_000;

interface Waiter {
  readonly check: () => boolean;
  readonly resolve: () => void;
}

export class TestClient {
  readonly published = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  readonly logs: string[] = [];
  refreshCount = 0;
  configurationRequests = 0;
  private settings: Settings;
  /** The scopes the server asked settings for, in order. */
  readonly configurationScopes: (string | undefined)[] = [];
  private readonly waiters = new Set<Waiter>();
  private stderr = '';
  private exited = false;

  private constructor(
    /** The server process; null for a server running in this process. */
    private readonly child: ChildProcess | null,
    readonly connection: MessageConnection,
    readonly options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
    child?.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child?.on('exit', () => {
      this.exited = true;
      this.notify();
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      this.published.set(params.uri, { ...(params.version === undefined ? {} : { version: params.version }), diagnostics: params.diagnostics });
      this.notify();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.notify();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) => {
      this.configurationRequests++;
      return params.items.map((item) => {
        this.configurationScopes.push(item.scopeUri);
        if (item.section !== 'whirlpool') return null;
        return typeof this.settings === 'function' ? this.settings(item.scopeUri) : this.settings;
      });
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshCount++;
      this.notify();
      return null;
    });
    connection.listen();
  }

  static async start(options: ClientOptions): Promise<TestClient> {
    if (!existsSync(serverBundle)) throw new Error(`${serverBundle} is missing: run \`npm run build\` first`);
    let child: ChildProcess;
    let connection: MessageConnection;
    if (options.transport === 'ipc') {
      child = fork(serverBundle, ['--node-ipc'], { cwd: repositoryRoot, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
      connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    } else {
      const stdio = spawn(process.execPath, [serverBundle, '--stdio'], { cwd: repositoryRoot });
      child = stdio;
      connection = createMessageConnection(new StreamMessageReader(stdio.stdout), new StreamMessageWriter(stdio.stdin));
    }
    return TestClient.initialize(new TestClient(child, connection, options));
  }

  /** A client of a server running in this process, over the given connection. */
  static connect(connection: MessageConnection, options: ClientOptions): Promise<TestClient> {
    return TestClient.initialize(new TestClient(null, connection, options));
  }

  private static async initialize(client: TestClient): Promise<TestClient> {
    const options = client.options;
    const result = await client.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      // A server in this process would poll the process id forever; only a child watches its parent.
      processId: client.child === null ? null : process.pid,
      rootUri: null,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          ...(options.pull ? { diagnostics: { refreshSupport: true } } : {}),
        },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true },
          ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
          ...(options.resolveCodeActions ? { codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } } } : {}),
        },
      },
    });
    client.capabilities = result.capabilities;
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  capabilities: Record<string, unknown> = {};

  open(uri: string, text: string, version = 1, languageId = 'python'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: readonly unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Replaces the settings the client answers with and tells the server they changed. */
  changeSettings(settings: Settings): Promise<void> {
    this.settings = settings;
    return this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  pull(uri: string, previousResultId?: string): Promise<PullReport> {
    return this.connection.sendRequest<PullReport>('textDocument/diagnostic', {
      textDocument: { uri },
      ...(previousResultId === undefined ? {} : { previousResultId }),
    });
  }

  /** Waits until the server has published diagnostics for `uri` that satisfy `predicate`. */
  async diagnostics(uri: string, predicate: (diagnostics: readonly Diagnostic[], version: number | undefined) => boolean, what: string): Promise<Diagnostic[]> {
    await this.until(() => {
      const entry = this.published.get(uri);
      return entry !== undefined && predicate(entry.diagnostics, entry.version);
    }, what);
    return this.published.get(uri)?.diagnostics ?? [];
  }

  /** Resolves once `condition` holds, checked whenever the server sends something. */
  until(condition: () => boolean, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `timed out waiting for ${what}; last diagnostics: ${JSON.stringify([...this.published])}; logs: ${JSON.stringify(this.logs)}; stderr: ${this.stderr}`,
          ),
        );
      }, guardMilliseconds);
      const waiter: Waiter = {
        check: condition,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.add(waiter);
    });
  }

  get hasExited(): boolean {
    return this.exited;
  }

  get serverStderr(): string {
    return this.stderr;
  }

  async stop(): Promise<void> {
    if (this.child === null) {
      // The `exit` notification ends the server's process, which here is the test's.
      await this.connection.sendRequest('shutdown');
    } else if (!this.exited) {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
      await this.until(() => this.exited, 'the server to exit');
    }
    this.connection.dispose();
  }

  /** Ends the server without the shutdown handshake, for a test that failed half-way. */
  kill(): void {
    if (!this.exited) this.child?.kill();
    this.connection.dispose();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}
