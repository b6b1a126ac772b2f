// The "simulation result": what the results view shows, as plain JSON. The
// simulator process produces it (from the SQLite file it wrote); the view
// never reads the database itself, so it renders the same from a live run
// or from a recorded fixture. Mirrors the simulator's tables: batches and
// their progress, the sink's rows, the offsets and commit logs, and the
// corrupt records kept aside.

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type Row = Readonly<Record<string, JsonValue>>;

export interface SimulationResult {
  readonly version: 1;
  readonly query: QueryInfo;
  /** The SQLite file the run wrote, absolute; null for a result read from elsewhere. */
  readonly database: string | null;
  /** Column order of the sink's rows. */
  readonly columns: readonly string[];
  readonly batches: readonly BatchResult[];
  readonly corruptRecords: readonly CorruptRecordRow[];
  /** One entry per batch id that has an offsets-log entry, in batch order. */
  readonly checkpoint: readonly CheckpointEntry[];
  /** The crash this run had injected, or null for a clean run. */
  readonly crash: CrashInjection | null;
}

export interface QueryInfo {
  /** The query's name (`queryName(...)`) or a name made from its sink and line. */
  readonly name: string;
  readonly file: string;
  /** 1-based line of the `start()` / `toTable()` call. */
  readonly line: number;
  readonly outputMode: 'append' | 'update' | 'complete';
  /** Sink format as written in the job (`delta`, `kafka`, `foreachBatch`, ...). */
  readonly sink: string;
  /** How the simulated sink treats a batch written again after a restart. */
  readonly sinkKind: SinkKind;
  readonly sinkSemantics: SinkSemantics;
}

/** `atomic`: sink rows and commit in one transaction; `spark-faithful`: two steps, so a crash between them replays the batch. */
export type SinkSemantics = 'atomic' | 'spark-faithful';

/** `memory`: skips batch ids it already holds (idempotent); `append-only`: inserts every write; `foreachBatch`: records each call, at least once. */
export type SinkKind = 'memory' | 'append-only' | 'foreachBatch';

export interface BatchResult {
  readonly batchId: number;
  /** Rows read from the sources in this batch (0 for a no-data batch). */
  readonly inputRows: number;
  /** Rows in the state stores after the batch, summed over stateful operators. */
  readonly stateRows: number;
  /** The watermark this batch ran with, epoch milliseconds; null before any event time was seen. */
  readonly watermarkMs: number | null;
  /** The largest event time read so far, epoch milliseconds; null when none. */
  readonly maxEventTimeMs: number | null;
  /** Input rows dropped as late by the watermark in this batch. */
  readonly droppedLateRows: number;
  /** Rows the sink received in this batch (in complete mode: the whole result table). */
  readonly rows: readonly Row[];
  /** True when the sink received this batch's rows again after a restart (a replay). */
  readonly replayed: boolean;
}

export interface CorruptRecordRow {
  readonly batchId: number | null;
  readonly source: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly raw: string;
  readonly error: string;
}

export interface CheckpointEntry {
  readonly batchId: number;
  /** The offsets-log entry: end offset per source. */
  readonly offsets: Readonly<Record<string, number>>;
  /** Whether the commit log has an entry for this batch. */
  readonly committed: boolean;
}

/** Where in a micro-batch the simulated process dies (Spark's order: offsets log, sink write, commit log); the simulator's names. */
export type CrashPhase = 'after-offsets' | 'mid-sink-write' | 'after-sink-before-commit' | 'after-commit';

export const crashPhases: readonly { readonly phase: CrashPhase; readonly label: string }[] = [
  { phase: 'after-offsets', label: 'after the offsets log, before the sink write' },
  { phase: 'mid-sink-write', label: 'in the middle of the sink write' },
  { phase: 'after-sink-before-commit', label: 'after the sink write, before the commit' },
  { phase: 'after-commit', label: 'after the commit' },
];

export interface CrashInjection {
  readonly phase: CrashPhase;
  readonly batchId: number;
}

/** Narrows untrusted JSON (a file, a process's output) to a SimulationResult, or says what is wrong. */
export function parseSimulationResult(value: unknown): { readonly value: SimulationResult | null; readonly problems: readonly string[] } {
  const problems: string[] = [];
  if (!isRecord(value)) return { value: null, problems: ['a simulation result must be a JSON object'] };
  if (value['version'] !== 1) problems.push(`unsupported simulation result version ${JSON.stringify(value['version'])}`);
  for (const key of ['query', 'columns', 'batches', 'corruptRecords', 'checkpoint'] as const) {
    if (!(key in value)) problems.push(`a simulation result needs "${key}"`);
  }
  if (!Array.isArray(value['batches'])) problems.push('"batches" must be a list');
  else {
    value['batches'].forEach((batch: unknown, index: number) => {
      if (!isRecord(batch) || typeof batch['batchId'] !== 'number' || !Array.isArray(batch['rows'])) {
        problems.push(`batches[${index}] needs a numeric batchId and a list of rows`);
      }
    });
  }
  if (!Array.isArray(value['checkpoint'])) problems.push('"checkpoint" must be a list');
  if (!Array.isArray(value['columns'])) problems.push('"columns" must be a list');
  return problems.length > 0 ? { value: null, problems } : { value: value as unknown as SimulationResult, problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
