// Reading a simulation's SQLite file: what the results view plots and what
// scenario checks compare. Works on an open simulation's database or on a
// file opened later (any SQLite tool sees the same tables).

import Database from 'better-sqlite3';
import type { StreamingQueryProgress } from './progress';

export interface BatchSummary {
  readonly batchId: number;
  readonly runId: string;
  readonly timestampMs: number;
  readonly numInputRows: number;
  readonly numOutputRows: number;
  /** The watermark the batch ran with. */
  readonly watermarkMs: number;
  readonly stateRowsTotal: number;
  readonly droppedByWatermark: number;
}

export interface SinkRow {
  /** Insertion order in the sink table. */
  readonly id: number;
  readonly batchId: number;
  readonly values: readonly unknown[];
}

export interface SinkColumn {
  readonly name: string;
  readonly type: string;
}

export interface CheckpointEntry {
  readonly batchId: number;
  readonly name: string;
  readonly content: string;
}

export class SimulationReader {
  constructor(readonly db: Database.Database) {}

  static open(path: string): SimulationReader {
    return new SimulationReader(new Database(path, { readonly: true, fileMustExist: true }));
  }

  sinkSchema(): readonly SinkColumn[] {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'sinkSchema'").get() as { value: string } | undefined;
    return row === undefined ? [] : (JSON.parse(row.value) as SinkColumn[]);
  }

  outputMode(): string {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'outputMode'").get() as { value: string } | undefined;
    return row?.value ?? 'append';
  }

  batches(): BatchSummary[] {
    return (
      this.db
        .prepare(
          'SELECT batch_id AS batchId, run_id AS runId, timestamp_ms AS timestampMs, num_input_rows AS numInputRows, num_output_rows AS numOutputRows, watermark_ms AS watermarkMs, state_rows_total AS stateRowsTotal, dropped_by_watermark AS droppedByWatermark FROM progress ORDER BY id',
        )
        .all() as BatchSummary[]
    ).map((b) => ({ ...b }));
  }

  progress(afterId = 0): { id: number; progress: StreamingQueryProgress }[] {
    return (this.db.prepare('SELECT id, json FROM progress WHERE id > ? ORDER BY id').all(afterId) as { id: number; json: string }[]).map((r) => ({
      id: r.id,
      progress: JSON.parse(r.json) as StreamingQueryProgress,
    }));
  }

  lastProgressId(): number {
    return (this.db.prepare('SELECT MAX(id) AS id FROM progress').get() as { id: number | null }).id ?? 0;
  }

  /** Sink rows in insertion order, optionally only those after a row id or of one batch. */
  sinkRows(filter: { afterId?: number; batchId?: number } = {}): SinkRow[] {
    if (filter.batchId !== undefined) {
      const writes = this.db
        .prepare('SELECT first_row_id AS first, last_row_id AS last FROM sink_writes WHERE batch_id = ? AND num_rows > 0 ORDER BY id')
        .all(filter.batchId) as { first: number; last: number }[];
      return writes.flatMap((w) => this.rowsBetween(w.first, w.last));
    }
    return this.rowsBetween((filter.afterId ?? 0) + 1, Number.MAX_SAFE_INTEGER);
  }

  private rowsBetween(first: number, last: number): SinkRow[] {
    const rows = this.db.prepare('SELECT id, batch_id AS batchId, row FROM sink_rows WHERE id BETWEEN ? AND ? ORDER BY id').all(first, last) as {
      id: number;
      batchId: number;
      row: string;
    }[];
    return rows.map((r) => ({ id: r.id, batchId: r.batchId, values: JSON.parse(r.row) as unknown[] }));
  }

  lastSinkRowId(): number {
    return (this.db.prepare('SELECT MAX(id) AS id FROM sink_rows').get() as { id: number | null }).id ?? 0;
  }

  /** The batch id of the last write the sink accepted (complete mode's current result table), or null. */
  lastWrittenBatch(): number | null {
    const row = this.db.prepare('SELECT batch_id AS batchId FROM sink_writes WHERE skipped = 0 ORDER BY id DESC LIMIT 1').get() as { batchId: number } | undefined;
    return row?.batchId ?? null;
  }

  /** Rows of the last write the sink accepted (for complete mode: the current result table). */
  lastWriteRows(): SinkRow[] {
    const write = this.db.prepare('SELECT num_rows AS count, first_row_id AS first, last_row_id AS last FROM sink_writes WHERE skipped = 0 ORDER BY id DESC LIMIT 1').get() as
      | { count: number; first: number | null; last: number | null }
      | undefined;
    if (write === undefined || write.count === 0 || write.first === null || write.last === null) return [];
    return this.rowsBetween(write.first, write.last);
  }

  /** What the foreachBatch function received for a batch id (the last call, when a batch ran more than once). */
  foreachBatchRows(batchId: number): unknown[][] | null {
    const row = this.db.prepare('SELECT rows FROM foreach_batch_calls WHERE batch_id = ? ORDER BY id DESC LIMIT 1').get(batchId) as { rows: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.rows) as unknown[][]);
  }

  foreachBatchCalls(): { batchId: number; runId: string; numRows: number }[] {
    return (this.db.prepare('SELECT batch_id AS batchId, run_id AS runId, rows FROM foreach_batch_calls ORDER BY id').all() as { batchId: number; runId: string; rows: string }[]).map((r) => ({
      batchId: r.batchId,
      runId: r.runId,
      numRows: (JSON.parse(r.rows) as unknown[]).length,
    }));
  }

  offsets(): CheckpointEntry[] {
    return this.db.prepare('SELECT batch_id AS batchId, name, content FROM offsets ORDER BY batch_id, name').all() as CheckpointEntry[];
  }

  commits(): CheckpointEntry[] {
    return this.db.prepare('SELECT batch_id AS batchId, name, content FROM commits ORDER BY batch_id, name').all() as CheckpointEntry[];
  }

  corruptRecords(): { batchId: number; source: string; file: string | null; line: number | null; raw: string; error: string }[] {
    return this.db.prepare('SELECT batch_id AS batchId, source, file, line, raw, error FROM corrupt_records ORDER BY id').all() as {
      batchId: number;
      source: string;
      file: string | null;
      line: number | null;
      raw: string;
      error: string;
    }[];
  }

  /** Per batch and operator (downstream first): total, updated, removed, dropped. */
  stateSizes(): { batchId: number; operators: { operatorName: string; numRowsTotal: number; numRowsUpdated: number; numRowsRemoved: number; numRowsDroppedByWatermark: number }[] }[] {
    return this.progress().map(({ progress }) => ({ batchId: progress.batchId, operators: progress.stateOperators.map((op) => ({ ...op })) }));
  }

  close(): void {
    this.db.close();
  }
}
