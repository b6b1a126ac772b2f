// The messages between the extension and the simulator process
// (out/simulator-worker.js, forked with an IPC channel). The extension sends
// one `run`; the worker answers with `progress` after each micro-batch and
// ends with exactly one `result` or `error`, then exits. Cancelling kills
// the process: the worker keeps nothing in memory worth saving, and the
// database it was writing is a throwaway file.
//
// Plain data on purpose: the simulator declares the same shapes on its side;
// neither imports the other.

import type { CrashInjection, SimulationResult, SinkKind, SinkSemantics } from '../results/result-types';

export interface SimulationRequest {
  /** Absolute path of the Python or Scala file. */
  readonly file: string;
  /** The file's text as the editor has it (it may be unsaved). */
  readonly text: string;
  /** 1-based line of the query's `start()` / `toTable()`. */
  readonly line: number;
  /** The model's writer id when the server supplied it, to pick the query without guessing from the line. */
  readonly writerId: number | null;
  readonly batches: number;
  readonly sinkSemantics: SinkSemantics;
  /** null: the simulator picks from the job (foreachBatch, else memory). */
  readonly sinkKind: SinkKind | null;
  readonly crash: CrashInjection | null;
  /** Absolute path of the SQLite file to create (replaced if it exists). */
  readonly database: string;
  /** Folder relative input paths in the job resolve against. */
  readonly workspaceFolder: string;
}

export type HostMessage = { readonly kind: 'run'; readonly request: SimulationRequest };

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly batchId: number; readonly batchesDone: number; readonly batchesTotal: number | null }
  | { readonly kind: 'result'; readonly result: SimulationResult }
  | { readonly kind: 'error'; readonly code: WorkerErrorCode; readonly message: string };

/** `sqlite-binding`: better-sqlite3 does not load in this Node; `unsupported`: the query uses something the simulator cannot run. */
export type WorkerErrorCode = 'sqlite-binding' | 'unsupported' | 'invalid-request' | 'failed';

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'progress' || kind === 'result' || kind === 'error';
}
