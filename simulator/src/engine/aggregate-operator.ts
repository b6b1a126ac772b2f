// Streaming aggregation with Spark's emission rules (StateStoreSaveExec):
// the batch's rows are first aggregated per group (the partial aggregate),
// then each group is either dropped as late (one per group, which is what
// numRowsDroppedByWatermark counts) or merged into the state. Append emits
// only the groups the eviction watermark closes; Update emits the groups this
// batch changed and evicts silently; Complete emits the whole table and never
// evicts or drops.

import { BufferUpdater } from './aggregate-buffer';
import type { Compiled, AggregateCall } from './compile-expression';
import { assignWindows } from './compile-expression';
import { type BatchContext, emptyMetrics, type Executor, type OperatorMetrics, type StatefulOperator } from './executor';
import type { Row } from './schema';
import { StateMap } from './state-map';
import { groupKey } from './values';

export type OutputMode = 'append' | 'update' | 'complete';

/** State value: the group's key values and its aggregate buffers. */
type GroupState = [unknown[], unknown[]];

export interface AggregateOptions {
  readonly child: Executor;
  readonly keys: readonly Compiled[];
  readonly calls: readonly AggregateCall[];
  /** Evaluated over [key values..., aggregate results...] to give the output columns after the keys. */
  readonly outputs: readonly ((row: Row) => unknown)[];
  readonly outputMode: OutputMode;
  /** The key holding the event time (a window struct or a watermarked timestamp), or null. */
  readonly eventKey: number | null;
}

export function eventTimeOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'end' in value) return (value as { end: number }).end;
  return null;
}

/** Spark's lateness predicate: event time (or window end) <= watermark. */
export function isBehind(value: unknown, watermarkMs: number): boolean {
  const time = eventTimeOf(value);
  return time !== null && time <= watermarkMs * 1000;
}

export class AggregateOperator implements Executor, StatefulOperator {
  readonly operatorName = 'stateStoreSave';
  readonly state = new StateMap<GroupState>();
  readonly metrics: OperatorMetrics = emptyMetrics();
  readonly usesWatermark: boolean;
  private readonly updater: BufferUpdater;
  private readonly keyEvaluators: ((row: Row) => unknown)[];
  private readonly windowKey: number;

  constructor(private readonly options: AggregateOptions) {
    this.updater = new BufferUpdater(options.calls);
    this.keyEvaluators = options.keys.map((k) => k.evaluate);
    this.windowKey = options.keys.findIndex((k) => k.window !== null && k.window.kind === 'time');
    this.usesWatermark = options.eventKey !== null && options.outputMode !== 'complete';
  }

  numRowsTotal(): number {
    return this.state.size;
  }

  resetMetrics(): void {
    Object.assign(this.metrics, emptyMetrics());
  }

  afterRestore(): void {}

  execute(batch: BatchContext): Row[] {
    const input = this.options.child.execute(batch);
    const local = new Map<string | number, GroupState>();
    const keyEvaluators = this.keyEvaluators;
    const updater = this.updater;
    const windowKey = this.windowKey;
    const addTo = (keys: unknown[], row: Row) => {
      const key = groupKey(keys);
      let group = local.get(key);
      if (group === undefined) {
        group = [keys, updater.init()];
        local.set(key, group);
      }
      updater.update(group[1], row);
    };
    for (const row of input) {
      const keys = keyEvaluators.map((evaluate, i) => (i === windowKey ? null : evaluate(row)));
      if (windowKey >= 0) {
        const spec = this.options.keys[windowKey]?.window;
        if (spec === undefined || spec === null || spec.kind !== 'time') continue;
        const t = spec.time.evaluate(row);
        // window() drops rows with a null time
        if (typeof t !== 'number') continue;
        if (spec.slideUs === spec.durationUs) {
          const start = t - (((t - spec.startUs) % spec.slideUs) + spec.slideUs) % spec.slideUs;
          keys[windowKey] = { start, end: start + spec.durationUs };
          addTo(keys, row);
        } else {
          for (const window of assignWindows(t, spec.durationUs, spec.slideUs, spec.startUs)) {
            const copy = keys.slice();
            copy[windowKey] = window;
            addTo(copy, row);
          }
        }
      } else {
        addTo(keys, row);
      }
    }

    const mode = this.options.outputMode;
    const eventKey = mode === 'complete' ? null : this.options.eventKey;
    const out: Row[] = [];
    for (const [key, group] of local) {
      if (eventKey !== null && isBehind(group[0][eventKey], batch.lateWatermarkMs)) {
        this.metrics.numRowsDroppedByWatermark++;
        continue;
      }
      const existing = this.state.get(key);
      if (existing === undefined) {
        this.state.set(key, group);
      } else {
        updater.merge(existing[1], group[1]);
        this.state.touch(key);
      }
      this.metrics.numRowsUpdated++;
      if (mode === 'update') out.push(this.outputRow(existing ?? group));
    }
    if (mode === 'complete') {
      for (const group of this.state.map.values()) out.push(this.outputRow(group));
      return out;
    }
    if (eventKey !== null) {
      for (const [key, group] of this.state.map) {
        if (isBehind(group[0][eventKey], batch.evictionWatermarkMs)) {
          if (mode === 'append') out.push(this.outputRow(group));
          this.state.delete(key);
          this.metrics.numRowsRemoved++;
        }
      }
    }
    return out;
  }

  private outputRow(group: GroupState): Row {
    const keys = group[0];
    const results = this.updater.results(group[1]);
    const combined: Row = [...keys, ...results];
    const row: Row = keys.slice();
    for (const output of this.options.outputs) row.push(output(combined));
    return row;
  }
}
