// Runs one simulation in its own Node process, so a long run never blocks
// the extension host (diagnostics, typing). Free of the vscode API: the
// plumbing is tested with stand-in workers.

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { SimulationResult } from '../results/result-types';
import { parseSimulationResult } from '../results/result-types';
import { explainFailure, type SimulationProblem } from './simulation-failure';
import { isWorkerMessage, type HostMessage, type SimulationRequest } from './simulation-protocol';

export interface RunOptions {
  readonly workerPath: string;
  /** Node executable for the worker; null: the one running this code (in VS Code, the extension host's). */
  readonly nodePath: string | null;
  readonly onProgress: (progress: { batchId: number; batchesDone: number; batchesTotal: number | null }) => void;
  /** Aborting kills the worker process. */
  readonly signal: AbortSignal;
}

export type SimulationOutcome =
  | { readonly kind: 'result'; readonly result: SimulationResult }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly problem: SimulationProblem };

export function runSimulation(request: SimulationRequest, options: RunOptions): Promise<SimulationOutcome> {
  const nodeLabel = options.nodePath ?? `${process.execPath} (the extension host's runtime)`;
  if (!existsSync(options.workerPath)) {
    return Promise.resolve({ kind: 'failed', problem: { kind: 'missing-worker', message: `the simulator is not installed (${options.workerPath} is missing)` } });
  }
  if (options.signal.aborted) return Promise.resolve({ kind: 'cancelled' });
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = fork(options.workerPath, [], {
        ...(options.nodePath ? { execPath: options.nodePath } : {}),
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        // Inside Electron the extension host's binary runs as plain Node only with this set.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
    } catch (error) {
      resolve({ kind: 'failed', problem: explainFailure({ stderr: String(error), exitCode: null, spawnError: error, nodeLabel }) });
      return;
    }
    let stderr = '';
    let settled = false;
    const finish = (outcome: SimulationOutcome): void => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', abort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      resolve(outcome);
    };
    const abort = (): void => finish({ kind: 'cancelled' });
    options.signal.addEventListener('abort', abort);
    child.stderr?.on('data', (chunk: Buffer) => {
      // Enough to recognise a loader error; a chatty worker cannot grow this without bound.
      if (stderr.length < 64_000) stderr += chunk.toString('utf8');
    });
    child.stdout?.resume();
    child.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) return;
      switch (message.kind) {
        case 'progress':
          options.onProgress({ batchId: message.batchId, batchesDone: message.batchesDone, batchesTotal: message.batchesTotal });
          return;
        case 'result': {
          const parsed = parseSimulationResult(message.result);
          finish(parsed.value
            ? { kind: 'result', result: parsed.value }
            : { kind: 'failed', problem: { kind: 'bad-result', message: `the simulator sent a result the view cannot read: ${parsed.problems.join('; ')}` } });
          return;
        }
        case 'error':
          finish({ kind: 'failed', problem: explainFailure({ stderr: message.message, exitCode: null, workerCode: message.code, nodeLabel }) });
          return;
        default: {
          const unreachable: never = message;
          return unreachable;
        }
      }
    });
    child.on('error', (error) => finish({ kind: 'failed', problem: explainFailure({ stderr, exitCode: null, spawnError: error, nodeLabel }) }));
    child.on('exit', (code) => {
      // Give 'message' events already queued a chance to land first.
      setImmediate(() => finish({ kind: 'failed', problem: explainFailure({ stderr, exitCode: code, nodeLabel }) }));
    });
    const run: HostMessage = { kind: 'run', request };
    child.send(run);
  });
}
