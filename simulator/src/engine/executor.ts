// The physical plan: executors that turn one micro-batch's input rows into
// output rows. Stateless executors are plain closures; stateful operators keep
// their state in a `StateMap` the micro-batch loop persists to the checkpoint.

import type { Row } from './schema';
import type { StateMap } from './state-map';

/** What one micro-batch runs with (Spark's OffsetSeqMetadata plus the input). */
export interface BatchContext {
  readonly batchId: number;
  readonly timestampUs: number;
  /** The watermark late rows are judged by: the previous batch's watermark in Spark ≥ 3.4, else the current one. */
  readonly lateWatermarkMs: number;
  /** The watermark state is evicted (and append rows emitted) by: the batch's own watermark. */
  readonly evictionWatermarkMs: number;
  readonly noData: boolean;
  /** Rows read from each bound source for this batch, by source key. */
  readonly inputs: ReadonlyMap<string, readonly Row[]>;
}

export interface Executor {
  execute(batch: BatchContext): Row[];
}

export interface OperatorMetrics {
  numRowsUpdated: number;
  numRowsRemoved: number;
  numRowsDroppedByWatermark: number;
  customMetrics: Record<string, number>;
}

/** A stateful operator: Spark's StateStoreSaveExec, StreamingDeduplicateExec, StreamingSymmetricHashJoinExec, ... */
export interface StatefulOperator {
  /** Spark's operator name in progress JSON (`stateStoreSave`, `dedupe`, `symmetricHashJoin`, `sessionWindowStateStoreSaveExec`). */
  readonly operatorName: string;
  readonly state: StateMap;
  readonly metrics: OperatorMetrics;
  /** True when it evicts by watermark, so a moved watermark asks for a no-data batch. */
  readonly usesWatermark: boolean;
  numRowsTotal(): number;
  resetMetrics(): void;
  /** Called after the state was loaded from the checkpoint (a restart). */
  afterRestore(): void;
}

export function emptyMetrics(): OperatorMetrics {
  return { numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, customMetrics: {} };
}

export class ScanExecutor implements Executor {
  constructor(private readonly sourceKey: string) {}

  execute(batch: BatchContext): Row[] {
    const rows = batch.inputs.get(this.sourceKey);
    return rows === undefined ? [] : (rows as Row[]);
  }
}

export class ProjectExecutor implements Executor {
  constructor(
    readonly child: Executor,
    readonly evaluators: readonly ((row: Row) => unknown)[],
  ) {}

  execute(batch: BatchContext): Row[] {
    const input = this.child.execute(batch);
    const evaluators = this.evaluators;
    const width = evaluators.length;
    const out: Row[] = new Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const row = input[i] as Row;
      const next: Row = new Array(width);
      for (let c = 0; c < width; c++) next[c] = (evaluators[c] as (row: Row) => unknown)(row);
      out[i] = next;
    }
    return out;
  }
}

export class FilterExecutor implements Executor {
  constructor(
    private readonly child: Executor,
    private readonly predicate: (row: Row) => unknown,
  ) {}

  execute(batch: BatchContext): Row[] {
    const input = this.child.execute(batch);
    const predicate = this.predicate;
    const out: Row[] = [];
    for (const row of input) if (predicate(row) === true) out.push(row);
    return out;
  }
}

export class UnionExecutor implements Executor {
  constructor(private readonly children: readonly Executor[]) {}

  execute(batch: BatchContext): Row[] {
    const out: Row[] = [];
    for (const child of this.children) for (const row of child.execute(batch)) out.push(row);
    return out;
  }
}

/** A fixed set of rows (a static DataFrame's scan), read by `load` each batch or once when frozen by a cache. */
export class StaticExecutor implements Executor {
  private frozen: Row[] | null = null;

  constructor(
    private readonly load: () => Row[],
    private readonly cached: boolean,
  ) {}

  execute(): Row[] {
    if (!this.cached) return this.load();
    if (this.frozen === null) this.frozen = this.load();
    return this.frozen;
  }

  /** A cached DataFrame is materialised when the query starts. */
  materialise(): void {
    if (this.cached) this.frozen = this.load();
  }
}

/** EventTimeWatermarkExec: passes rows through and gathers the event-time statistics of the batch (ms). */
export class WatermarkExecutor implements Executor {
  /** Filters the optimizer pushed below this node: rows failing them never reach it (nor its statistics). */
  private readonly pushedFilters: ((row: Row) => boolean)[] = [];
  max = -Infinity;
  min = Infinity;
  sum = 0;
  count = 0;

  constructor(
    readonly nodeId: number,
    private readonly child: Executor,
    private readonly column: number,
    readonly delayMs: number,
  ) {}

  reset(): void {
    this.max = -Infinity;
    this.min = Infinity;
    this.sum = 0;
    this.count = 0;
  }

  pushFilter(filter: (row: Row) => boolean): void {
    this.pushedFilters.push(filter);
  }

  execute(batch: BatchContext): Row[] {
    let rows = this.child.execute(batch);
    for (const filter of this.pushedFilters) rows = rows.filter(filter);
    const column = this.column;
    for (const row of rows) {
      const value = row[column];
      if (typeof value !== 'number') continue;
      const millis = Math.trunc(value / 1000);
      if (millis > this.max) this.max = millis;
      if (millis < this.min) this.min = millis;
      this.sum += millis;
      this.count++;
    }
    return rows;
  }
}

/** Lets one executor feed several parents in a batch (a DataFrame used twice) without running it twice. */
export class SharedExecutor implements Executor {
  // Keyed by batch id, not by the context object: a watermark shift hands parents different objects
  private lastBatchId: number | null = null;
  private lastRows: Row[] = [];

  constructor(private readonly child: Executor) {}

  execute(batch: BatchContext): Row[] {
    if (this.lastBatchId !== batch.batchId) {
      this.lastRows = this.child.execute(batch);
      this.lastBatchId = batch.batchId;
    }
    return this.lastRows;
  }
}


/**
 * Runs a subtree with the watermarks moved by `deltaMs`: Spark propagates
 * watermarks through the plan, and a time-interval join's output watermark is
 * its input watermark minus the longest wait its condition implies.
 */
export class ShiftWatermarkExecutor implements Executor {
  private lastInput: BatchContext | null = null;
  private lastShifted: BatchContext | null = null;

  constructor(
    private readonly child: Executor,
    private readonly deltaMs: number,
  ) {}

  execute(batch: BatchContext): Row[] {
    if (this.lastInput !== batch || this.lastShifted === null) {
      this.lastInput = batch;
      this.lastShifted = { ...batch, lateWatermarkMs: batch.lateWatermarkMs + this.deltaMs, evictionWatermarkMs: batch.evictionWatermarkMs + this.deltaMs };
    }
    return this.child.execute(this.lastShifted);
  }
}
