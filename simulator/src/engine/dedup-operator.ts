// Streaming deduplication (StreamingDeduplicateExec and, for
// dropDuplicatesWithinWatermark, StreamingDeduplicateWithinWatermarkExec).
// Late rows (event time <= the late-events watermark) are dropped and counted
// per row. The first row per key is emitted and remembered. State is evicted
// only when the event time is part of the key (by that time) or, within
// watermark, when the key's expiry (event time + delay) <= the watermark.

import { type BatchContext, emptyMetrics, type Executor, type OperatorMetrics, type StatefulOperator } from './executor';
import type { Row } from './schema';
import { StateMap } from './state-map';
import { groupKey } from './values';

export interface DedupOptions {
  readonly child: Executor;
  readonly keyColumns: readonly number[];
  /** The input's event-time column, when it has one. */
  readonly eventTimeColumn: number | null;
  /** True when the event-time column is one of the keys (state can be evicted). */
  readonly eventTimeInKey: boolean;
  /** dropDuplicatesWithinWatermark: the watermark delay (µs) added to the event time to get the expiry. */
  readonly withinWatermarkDelayUs: number | null;
}

export class DedupOperator implements Executor, StatefulOperator {
  readonly operatorName: string;
  /** Value: the eviction time in µs (event time or expiry), or null when the state never expires. */
  readonly state = new StateMap<number | null>();
  readonly metrics: OperatorMetrics = emptyMetrics();
  readonly usesWatermark: boolean;

  constructor(private readonly options: DedupOptions) {
    this.operatorName = options.withinWatermarkDelayUs === null ? 'dedupe' : 'dedupeWithinWatermark';
    this.usesWatermark = options.eventTimeColumn !== null;
    this.resetMetrics();
  }

  numRowsTotal(): number {
    return this.state.size;
  }

  resetMetrics(): void {
    Object.assign(this.metrics, emptyMetrics());
    this.metrics.customMetrics = { numDroppedDuplicateRows: 0 };
  }

  afterRestore(): void {}

  execute(batch: BatchContext): Row[] {
    const input = this.options.child.execute(batch);
    const { keyColumns, eventTimeColumn, eventTimeInKey, withinWatermarkDelayUs } = this.options;
    const lateBound = batch.lateWatermarkMs * 1000;
    const out: Row[] = [];
    const custom = this.metrics.customMetrics;
    for (const row of input) {
      let eventTime: number | null = null;
      if (eventTimeColumn !== null) {
        const value = row[eventTimeColumn];
        eventTime = typeof value === 'number' ? value : null;
        if (eventTime !== null && eventTime <= lateBound) {
          this.metrics.numRowsDroppedByWatermark++;
          continue;
        }
      }
      const key = groupKey(keyColumns.map((c) => row[c]));
      if (this.state.map.has(key)) {
        custom['numDroppedDuplicateRows'] = (custom['numDroppedDuplicateRows'] ?? 0) + 1;
        continue;
      }
      const expiry =
        withinWatermarkDelayUs !== null && eventTime !== null ? eventTime + withinWatermarkDelayUs : eventTimeInKey ? eventTime : null;
      this.state.set(key, expiry);
      this.metrics.numRowsUpdated++;
      out.push(row);
    }
    if (eventTimeInKey || withinWatermarkDelayUs !== null) {
      const bound = batch.evictionWatermarkMs * 1000;
      for (const [key, expiry] of this.state.map) {
        if (expiry !== null && expiry <= bound) {
          this.state.delete(key);
          this.metrics.numRowsRemoved++;
        }
      }
    }
    return out;
  }
}
