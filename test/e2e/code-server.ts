// Starts code-server 4.100.3 (installed by scripts/setup-code-server.sh) or
// the bare VS Code server inside it, on loopback, with throwaway extension
// and user-data folders, and stops it by the process id it started.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const repositoryRoot = path.resolve(__dirname, '..', '..');
export const codeServerVersion = '4.100.3';

export function codeServerRoot(): string {
  const cache = process.env['WHIRLPOOL_CODE_SERVER_CACHE'] ?? path.join(repositoryRoot, '.cache', 'code-server');
  const root = path.join(cache, codeServerVersion, 'package');
  if (!existsSync(path.join(root, 'out', 'node', 'entry.js'))) {
    throw new Error(`code-server ${codeServerVersion} is not installed in ${root}: run scripts/setup-code-server.sh`);
  }
  return root;
}

export interface Profile {
  readonly extensionsDir: string;
  readonly userDataDir: string;
}

/** Fresh extension and user-data folders; settings go into the user settings file. */
export function createProfile(settings: Readonly<Record<string, unknown>> = {}): Profile {
  const base = mkdtempSync(path.join(os.tmpdir(), 'whirlpool-vscode-'));
  const extensionsDir = path.join(base, 'extensions');
  const userDataDir = path.join(base, 'user-data');
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'chat.disableAIFeatures': true,
      ...settings,
    }, null, 2),
  );
  return { extensionsDir, userDataDir };
}

/** Installs a .vsix into the profile's extension folder with code-server's CLI. */
export function installExtension(profile: Profile, vsix: string): void {
  const result = spawnSync(
    process.execPath,
    [path.join(codeServerRoot(), 'out', 'node', 'entry.js'), '--extensions-dir', profile.extensionsDir,
      '--user-data-dir', profile.userDataDir, '--install-extension', vsix],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0) {
    throw new Error(`installing ${vsix} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Everything the server printed, for failure messages and for waiting on log lines. */
  readonly log: () => string;
  readonly waitForLog: (pattern: RegExp, timeoutMilliseconds: number) => Promise<RegExpMatchArray>;
  readonly stop: () => Promise<void>;
}

export type ServerKind = 'code-server' | 'vscode-server';

/** `workspaceTrust`: keep VS Code's workspace trust on (the tests otherwise trust every folder). */
export async function startServer(kind: ServerKind, profile: Profile, workspace: string, options: { readonly workspaceTrust?: boolean } = {}): Promise<RunningServer> {
  const root = codeServerRoot();
  const port = await freePort();
  const args = kind === 'code-server'
    ? [path.join(root, 'out', 'node', 'entry.js'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
        '--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir,
        '--disable-telemetry', '--disable-update-check', ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override', workspace]
    : [path.join(root, 'lib', 'vscode', 'out', 'server-main.js'), '--host', '127.0.0.1', '--port', String(port),
        '--without-connection-token', '--accept-server-license-terms', '--disable-telemetry',
        '--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    // Its own config folder, so nothing is written into the user's home.
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile.userDataDir, 'config'), VSCODE_CLI: undefined },
  });
  const server = watch(child, port);
  const ready = kind === 'code-server' ? /HTTP server listening on/ : /Extension host agent listening on/;
  await server.waitForLog(ready, 60_000);
  return server;
}

function watch(child: ChildProcess, port: number): RunningServer {
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    for (const listener of listeners) listener();
    resolve();
  }));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log: () => text,
    waitForLog: (pattern, timeoutMilliseconds) => new Promise((resolve, reject) => {
      const check = (): void => {
        const match = text.match(pattern);
        if (match) {
          cleanup();
          resolve(match);
        } else if (exited) {
          cleanup();
          reject(new Error(`the server exited before printing ${pattern}:\n${text}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMilliseconds} ms waiting for ${pattern}; server log:\n${text}`));
      }, timeoutMilliseconds);
      const cleanup = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    }),
    stop: async () => {
      if (exited || child.pid === undefined) return;
      // The server was started detached, so its process group is ours: the
      // extension hosts and language servers it spawned stop with it.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
