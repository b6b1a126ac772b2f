// Session-window aggregation (Spark's MergingSessions + SessionWindowStateStore
// Restore/Save): per group of the other keys, a sorted list of sessions. A
// row at t opens [t, t + gap); sessions that overlap merge, and a session's
// end is its last event + gap. Late partial sessions (end <= watermark) are
// dropped; in Append a session is emitted once the eviction watermark passes
// its end.

import { BufferUpdater } from './aggregate-buffer';
import type { AggregateCall, Compiled } from './compile-expression';
import { type BatchContext, emptyMetrics, type Executor, type OperatorMetrics, type StatefulOperator } from './executor';
import type { OutputMode } from './aggregate-operator';
import type { Row } from './schema';
import { StateMap } from './state-map';
import { groupKey } from './values';

/** [start, end, buffers] */
type Session = [number, number, unknown[]];
/** [other key values, sessions sorted by start] */
type GroupSessions = [unknown[], Session[]];

export interface SessionOptions {
  readonly child: Executor;
  readonly keys: readonly Compiled[];
  readonly sessionKey: number;
  readonly gapUs: number;
  readonly time: Compiled;
  readonly calls: readonly AggregateCall[];
  readonly outputs: readonly ((row: Row) => unknown)[];
  readonly outputMode: OutputMode;
}

export class SessionWindowOperator implements Executor, StatefulOperator {
  readonly operatorName = 'sessionWindowStateStoreSaveExec';
  readonly state = new StateMap<GroupSessions>();
  readonly metrics: OperatorMetrics = emptyMetrics();
  readonly usesWatermark: boolean;
  private readonly updater: BufferUpdater;

  constructor(private readonly options: SessionOptions) {
    this.updater = new BufferUpdater(options.calls);
    this.usesWatermark = options.outputMode !== 'complete';
  }

  numRowsTotal(): number {
    let total = 0;
    for (const group of this.state.map.values()) total += group[1].length;
    return total;
  }

  resetMetrics(): void {
    Object.assign(this.metrics, emptyMetrics());
  }

  afterRestore(): void {}

  execute(batch: BatchContext): Row[] {
    const input = this.options.child.execute(batch);
    const { keys, sessionKey, gapUs, time } = this.options;
    const partial = new Map<string | number, GroupSessions>();
    for (const row of input) {
      const t = time.evaluate(row);
      if (typeof t !== 'number') continue;
      const other = keys.flatMap((k, i) => (i === sessionKey ? [] : [k.evaluate(row)]));
      const key = groupKey(other);
      let group = partial.get(key);
      if (group === undefined) {
        group = [other, []];
        partial.set(key, group);
      }
      const buffers = this.updater.init();
      this.updater.update(buffers, row);
      group[1].push([t, t + gapUs, buffers]);
    }
    const mode = this.options.outputMode;
    const out: Row[] = [];
    for (const [key, group] of partial) {
      const merged = this.mergeSessions(group[1]);
      const live: Session[] = [];
      for (const session of merged) {
        if (mode !== 'complete' && session[1] <= batch.lateWatermarkMs * 1000) this.metrics.numRowsDroppedByWatermark++;
        else live.push(session);
      }
      if (live.length === 0) continue;
      const existing = this.state.get(key);
      const all = this.mergeSessions([...(existing?.[1] ?? []), ...live]);
      // A session counts as updated when it holds one of this batch's sessions
      const changed = all.filter((s) => live.some((l) => l[0] >= s[0] && l[0] < s[1]));
      this.metrics.numRowsUpdated += changed.length;
      this.state.set(key, [group[0], all]);
      if (mode === 'update') for (const session of changed) out.push(this.outputRow(group[0], session));
    }
    if (mode === 'complete') {
      for (const group of this.state.map.values()) for (const session of group[1]) out.push(this.outputRow(group[0], session));
      return out;
    }
    for (const [key, group] of this.state.map) {
      const keep: Session[] = [];
      for (const session of group[1]) {
        if (session[1] <= batch.evictionWatermarkMs * 1000) {
          if (mode === 'append') out.push(this.outputRow(group[0], session));
          this.metrics.numRowsRemoved++;
        } else keep.push(session);
      }
      if (keep.length === group[1].length) continue;
      if (keep.length === 0) this.state.delete(key);
      else this.state.set(key, [group[0], keep]);
    }
    return out;
  }

  private mergeSessions(sessions: Session[]): Session[] {
    const sorted = [...sessions].sort((a, b) => a[0] - b[0]);
    const out: Session[] = [];
    for (const session of sorted) {
      const last = out[out.length - 1];
      if (last !== undefined && session[0] <= last[1]) {
        const buffers = last[2].slice();
        this.updater.merge(buffers, session[2]);
        out[out.length - 1] = [last[0], Math.max(last[1], session[1]), buffers];
      } else {
        out.push([session[0], session[1], session[2].slice()]);
      }
    }
    return out;
  }

  private outputRow(other: readonly unknown[], session: Session): Row {
    const keys: unknown[] = [];
    let o = 0;
    for (let i = 0; i < this.options.keys.length; i++) {
      keys.push(i === this.options.sessionKey ? { start: session[0], end: session[1] } : other[o++]);
    }
    const combined: Row = [...keys, ...this.updater.results(session[2])];
    const row: Row = keys.slice();
    for (const output of this.options.outputs) row.push(output(combined));
    return row;
  }
}
