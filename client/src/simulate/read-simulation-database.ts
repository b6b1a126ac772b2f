// Reads a simulation's SQLite file (the tables the simulator writes: meta,
// progress, sink_rows, sink_writes, offsets, commits, corrupt_records) into
// the JSON "simulation result" the results view renders. Runs in the
// simulator's process (read-result-main.ts), never in the extension host,
// which may not be able to load the SQLite binding. Takes the database as a
// minimal interface so tests can hand it a real better-sqlite3 connection.

import type { BatchResult, CheckpointEntry, CorruptRecordRow, CrashInjection, JsonValue, QueryInfo, Row, SimulationResult, SinkKind } from '../results/result-types';

export interface SqlDatabase {
  prepare(sql: string): { all(...parameters: unknown[]): unknown[] };
}

/** What the caller knows about the query that the database does not record. */
export interface QueryContext {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly sink: string;
  readonly sinkSemantics: QueryInfo['sinkSemantics'];
  readonly crash: CrashInjection | null;
  readonly database: string;
}

interface ProgressRow {
  readonly batchId: number;
  readonly inputRows: number;
  readonly watermarkMs: number;
  readonly stateRows: number;
  readonly dropped: number;
  readonly json: string;
}

interface Column {
  readonly name: string;
  readonly type: string;
}

export function readSimulationResult(db: SqlDatabase, context: QueryContext): SimulationResult {
  const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((row) => [row.key, row.value]));
  const columns = parseColumns(meta.get('sinkSchema'));
  const progress = db.prepare(
    'SELECT batch_id AS batchId, num_input_rows AS inputRows, watermark_ms AS watermarkMs, state_rows_total AS stateRows, dropped_by_watermark AS dropped, json FROM progress ORDER BY id',
  ).all() as ProgressRow[];
  const sinkRows = db.prepare('SELECT batch_id AS batchId, row FROM sink_rows ORDER BY id').all() as { batchId: number; row: string }[];

  // A batch that ran twice (replayed after a restart) has two progress rows; the
  // view shows one entry per batch id, with the last run's metrics and every row the sink kept.
  const runsPerBatch = new Map<number, number>();
  const lastProgress = new Map<number, ProgressRow>();
  for (const row of progress) {
    runsPerBatch.set(row.batchId, (runsPerBatch.get(row.batchId) ?? 0) + 1);
    lastProgress.set(row.batchId, row);
  }
  // The sink is called again for a batch re-run after a crash, even when it skips the write.
  const sinkCalls = new Map<number, number>();
  for (const { batchId } of db.prepare('SELECT batch_id AS batchId FROM sink_writes ORDER BY id').all() as { batchId: number }[]) {
    sinkCalls.set(batchId, (sinkCalls.get(batchId) ?? 0) + 1);
  }
  const rowsPerBatch = new Map<number, Row[]>();
  for (const { batchId, row } of sinkRows) {
    const list = rowsPerBatch.get(batchId) ?? [];
    list.push(toRow(columns, JSON.parse(row) as unknown));
    rowsPerBatch.set(batchId, list);
  }

  let maxEventTime: number | null = null;
  let sinkKind: SinkKind = 'memory';
  const batches: BatchResult[] = [...lastProgress.keys()].sort((a, b) => a - b).map((batchId) => {
    const row = lastProgress.get(batchId)!;
    const parsed = parseProgress(row.json);
    if (parsed.maxEventTimeMs !== null) maxEventTime = Math.max(maxEventTime ?? parsed.maxEventTimeMs, parsed.maxEventTimeMs);
    if (parsed.sinkKind) sinkKind = parsed.sinkKind;
    return {
      batchId,
      inputRows: row.inputRows,
      stateRows: row.stateRows,
      // Spark reports 0 (1970-01-01) before any watermark exists; the plot shows a gap instead.
      watermarkMs: row.watermarkMs > 0 ? row.watermarkMs : null,
      maxEventTimeMs: maxEventTime,
      droppedLateRows: row.dropped,
      rows: rowsPerBatch.get(batchId) ?? [],
      replayed: (runsPerBatch.get(batchId) ?? 0) > 1 || (sinkCalls.get(batchId) ?? 0) > 1,
    };
  });

  const commits = new Set((db.prepare('SELECT batch_id AS batchId FROM commits').all() as { batchId: number }[]).map((row) => row.batchId));
  const checkpoint: CheckpointEntry[] = (db.prepare('SELECT batch_id AS batchId, content FROM offsets ORDER BY batch_id').all() as { batchId: number; content: string }[])
    .map((row) => ({ batchId: row.batchId, offsets: parseOffsets(row.content), committed: commits.has(row.batchId) }));
  const corruptRecords = db.prepare('SELECT batch_id AS batchId, source, file, line, raw, error FROM corrupt_records ORDER BY id').all() as CorruptRecordRow[];

  const outputMode = meta.get('outputMode');
  return {
    version: 1,
    query: {
      name: context.name,
      file: context.file,
      line: context.line,
      outputMode: outputMode === 'update' || outputMode === 'complete' ? outputMode : 'append',
      sink: context.sink,
      sinkKind,
      sinkSemantics: context.sinkSemantics,
    },
    database: context.database,
    columns: columns.map((column) => column.name),
    batches,
    corruptRecords: corruptRecords.map((record) => ({ ...record })),
    checkpoint,
    crash: context.crash,
  };
}

function parseColumns(text: string | undefined): Column[] {
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed)
      ? parsed.filter((column): column is Column => typeof column?.name === 'string' && typeof column?.type === 'string')
      : [];
  } catch {
    return [];
  }
}

/** A stored row (values in schema order) as an object, timestamps (microseconds) as ISO text. */
function toRow(columns: readonly Column[], values: unknown): Row {
  const list = Array.isArray(values) ? values : [];
  const row: Record<string, JsonValue> = {};
  list.forEach((value, index) => {
    const column = columns[index];
    row[column?.name ?? `col${index}`] = display(value, column?.type ?? '');
  });
  return row;
}

function display(value: unknown, type: string): JsonValue {
  if (value === null || value === undefined) return null;
  if (type === 'timestamp' && typeof value === 'number') return formatMicros(value);
  if (type.startsWith('struct<') && typeof value === 'object' && !Array.isArray(value)) {
    const fieldTypes = structFields(type);
    const record: Record<string, JsonValue> = {};
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) record[key] = display(field, fieldTypes.get(key) ?? '');
    return record;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** Field types of `struct<a:timestamp,b:string>` (top level only; nested structs keep their raw values). */
function structFields(type: string): Map<string, string> {
  const fields = new Map<string, string>();
  const inner = type.slice('struct<'.length, -1);
  let depth = 0;
  let start = 0;
  for (let index = 0; index <= inner.length; index++) {
    const character = inner[index];
    if (character === '<') depth++;
    else if (character === '>') depth--;
    if ((character === ',' && depth === 0) || index === inner.length) {
      const part = inner.slice(start, index);
      const colon = part.indexOf(':');
      if (colon > 0) fields.set(part.slice(0, colon), part.slice(colon + 1));
      start = index + 1;
    }
  }
  return fields;
}

function formatMicros(micros: number): string {
  const date = new Date(Math.floor(micros / 1000));
  return Number.isNaN(date.getTime()) ? String(micros) : date.toISOString().replace('.000Z', 'Z');
}

function parseProgress(json: string): { maxEventTimeMs: number | null; sinkKind: SinkKind | null } {
  try {
    const progress = JSON.parse(json) as { eventTime?: { max?: string }; sink?: { description?: string } };
    const max = progress.eventTime?.max ? Date.parse(progress.eventTime.max) : Number.NaN;
    const description = progress.sink?.description ?? '';
    const sinkKind: SinkKind | null = description === 'MemorySink' ? 'memory'
      : description === 'AppendOnlySink' ? 'append-only'
        : description === 'ForeachBatchSink' ? 'foreachBatch' : null;
    return { maxEventTimeMs: Number.isNaN(max) ? null : max, sinkKind };
  } catch {
    return { maxEventTimeMs: null, sinkKind: null };
  }
}

function parseOffsets(content: string): Record<string, number> {
  try {
    const sources = (JSON.parse(content) as { sources?: Record<string, unknown> }).sources ?? {};
    return Object.fromEntries(Object.entries(sources).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  } catch {
    return {};
  }
}
