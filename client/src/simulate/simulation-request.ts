// What the extension asks the simulator for: one query of one file, run
// through `whirlpool simulate` (out/cli.js) in its own Node process.

import type { CrashInjection, SinkSemantics } from '../results/result-types';

export interface SimulationRequest {
  /** Absolute path of the Python file, as saved on disk. */
  readonly file: string;
  /** 1-based line of the query's `start()` / `toTable()`. */
  readonly line: number;
  /** Which started writeStream of the file, 1-based in source order (the CLI's --query). */
  readonly queryNumber: number;
  /** The query's name when the job gives one (`queryName(...)`). */
  readonly queryName: string | null;
  /** Data batches to run. */
  readonly batches: number;
  readonly sinkSemantics: SinkSemantics;
  readonly crash: CrashInjection | null;
  /** Absolute path of the SQLite file to create (replaced if it exists). */
  readonly database: string;
  /** Working folder of the simulator process: relative input paths resolve against it. */
  readonly workspaceFolder: string;
}

/** The `whirlpool simulate` arguments for a request. */
export function simulateArguments(request: SimulationRequest): string[] {
  const args = [
    'simulate', request.file,
    '--query', String(request.queryNumber),
    '--db', request.database,
    '--batches', String(request.batches),
    '--sink-semantics', request.sinkSemantics,
    '--progress', 'jsonl',
  ];
  if (request.crash) args.push('--crash-at', request.crash.phase, '--crash-batch', String(request.crash.batchId));
  return args;
}
