// Runs one simulation in its own Node processes, so a long run never blocks
// the extension host (diagnostics, typing): `whirlpool simulate` (out/cli.js)
// writes the SQLite file and streams one progress line per batch, then
// out/simulation-reader.js turns the file into the results view's JSON.
// Free of the vscode API: the plumbing is tested with stand-in scripts.

import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseSimulationResult, type SimulationResult } from '../results/result-types';
import type { QueryContext } from './read-simulation-database';
import { explainFailure, type SimulationProblem } from './simulation-failure';
import { simulateArguments, type SimulationRequest } from './simulation-request';

export interface RunOptions {
  readonly cliPath: string;
  readonly readerPath: string;
  /** Node executable; null: the one running this code (in VS Code, the extension host's runtime). */
  readonly nodePath: string | null;
  readonly onProgress: (progress: { readonly batchId: number; readonly batchesRun: number }) => void;
  /** Aborting kills the running process. */
  readonly signal: AbortSignal;
}

export type SimulationOutcome =
  | { readonly kind: 'result'; readonly result: SimulationResult }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly problem: SimulationProblem };

export async function runSimulation(request: SimulationRequest, options: RunOptions): Promise<SimulationOutcome> {
  for (const script of [options.cliPath, options.readerPath]) {
    if (!existsSync(script)) return { kind: 'failed', problem: { kind: 'missing-worker', message: `the simulator is not installed (${script} is missing)` } };
  }
  const node = options.nodePath ?? process.execPath;
  const nodeLabel = options.nodePath ?? `${process.execPath} (the extension host's runtime)`;
  // A database left by an earlier run would be resumed from its checkpoint, not replaced.
  rmSync(request.database, { force: true });
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${request.database}${suffix}`, { force: true });

  let batchesRun = 0;
  const simulate = await runProcess(node, [options.cliPath, ...simulateArguments(request)], request.workspaceFolder, options.signal, (line) => {
    const batchId = progressBatchId(line);
    if (batchId === null) return;
    batchesRun += 1;
    options.onProgress({ batchId, batchesRun });
  });
  if (simulate.kind === 'cancelled') return simulate;
  if (simulate.kind === 'spawn-error' || simulate.exitCode !== 0) {
    return { kind: 'failed', problem: explainFailure({ stderr: simulate.stderr, exitCode: simulate.exitCode, spawnError: simulate.spawnError, nodeLabel }) };
  }

  const context: QueryContext = {
    name: request.queryName ?? `${path.basename(request.file)}:${request.line}`,
    file: request.file,
    line: request.line,
    sink: describedSink(simulate.stderr) ?? 'unknown',
    sinkSemantics: request.sinkSemantics,
    crash: request.crash,
    database: request.database,
  };
  const read = await runProcess(node, [options.readerPath, request.database, JSON.stringify(context)], request.workspaceFolder, options.signal, null);
  if (read.kind === 'cancelled') return read;
  if (read.kind === 'spawn-error' || read.exitCode !== 0) {
    return { kind: 'failed', problem: explainFailure({ stderr: read.stderr, exitCode: read.exitCode, spawnError: read.spawnError, nodeLabel, sqliteBinding: read.exitCode === 3 }) };
  }
  let parsed: ReturnType<typeof parseSimulationResult>;
  try {
    parsed = parseSimulationResult(JSON.parse(read.stdout));
  } catch (error) {
    parsed = { value: null, problems: [error instanceof Error ? error.message : String(error)] };
  }
  return parsed.value
    ? { kind: 'result', result: parsed.value }
    : { kind: 'failed', problem: { kind: 'bad-result', message: `the simulation result cannot be read: ${parsed.problems.join('; ')}` } };
}

type ProcessOutcome =
  | { readonly kind: 'exited'; readonly exitCode: number | null; readonly stdout: string; readonly stderr: string; readonly spawnError?: undefined }
  | { readonly kind: 'spawn-error'; readonly exitCode: null; readonly stdout: string; readonly stderr: string; readonly spawnError: unknown }
  | { readonly kind: 'cancelled' };

function runProcess(node: string, args: readonly string[], cwd: string, signal: AbortSignal, onLine: ((line: string) => void) | null): Promise<ProcessOutcome> {
  if (signal.aborted) return Promise.resolve({ kind: 'cancelled' });
  return new Promise((resolve) => {
    const child = spawn(node, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Inside Electron the extension host's binary runs as plain Node only with this set.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let settled = false;
    const finish = (outcome: ProcessOutcome): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', abort);
      resolve(outcome);
    };
    const abort = (): void => {
      child.kill('SIGTERM');
      finish({ kind: 'cancelled' });
    };
    signal.addEventListener('abort', abort);
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (onLine === null) {
        stdout += text;
        return;
      }
      pending += text;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        onLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Enough to recognise a loader error; a chatty process cannot grow this without bound.
      if (stderr.length < 64_000) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => finish({ kind: 'spawn-error', exitCode: null, stdout, stderr, spawnError: error }));
    child.on('close', (exitCode) => {
      if (pending !== '' && onLine) onLine(pending);
      finish({ kind: 'exited', exitCode, stdout, stderr });
    });
  });
}

/** The batch id of a Spark-shaped progress line, or null for anything else. */
function progressBatchId(line: string): number | null {
  if (!line.startsWith('{')) return null;
  try {
    const batchId = (JSON.parse(line) as { batchId?: unknown }).batchId;
    return typeof batchId === 'number' ? batchId : null;
  } catch {
    return null;
  }
}

/** The sink format from the CLI's first report line, e.g. "simulating query 1 (line 27, delta sink, append mode)". */
function describedSink(stderr: string): string | null {
  // `simulating query 2 "name" (line 12, ...)`, or `(cell 3, line 2, ...)` for a Jupyter notebook.
  return /simulating query \d+(?: "[^"]*")? \((?:cell \d+, )?line \d+, ([^,]+) sink,/.exec(stderr)?.[1] ?? null;
}
