// Aggregation and deduplication of static (batch) DataFrames: no state, the
// whole input every time the static side is evaluated (every batch, or once
// when it is cached). This is the talk's remedy of aggregating batch data
// before joining it with a stream.

import { BufferUpdater } from './aggregate-buffer';
import type { AggregateCall, Compiled } from './compile-expression';
import { assignWindows } from './compile-expression';
import type { BatchContext, Executor } from './executor';
import type { Row } from './schema';
import { groupKey } from './values';

export class BatchAggregateExecutor implements Executor {
  private readonly updater: BufferUpdater;

  constructor(
    private readonly child: Executor,
    private readonly keys: readonly Compiled[],
    calls: readonly AggregateCall[],
    private readonly outputs: readonly ((row: Row) => unknown)[],
  ) {
    this.updater = new BufferUpdater(calls);
  }

  execute(batch: BatchContext): Row[] {
    const groups = new Map<string | number, [unknown[], unknown[]]>();
    const add = (keys: unknown[], row: Row) => {
      const key = groupKey(keys);
      let group = groups.get(key);
      if (group === undefined) {
        group = [keys, this.updater.init()];
        groups.set(key, group);
      }
      this.updater.update(group[1], row);
    };
    const windowKey = this.keys.findIndex((k) => k.window !== null && k.window.kind === 'time');
    for (const row of this.child.execute(batch)) {
      const keys = this.keys.map((k, i) => (i === windowKey ? null : k.evaluate(row)));
      const spec = windowKey >= 0 ? this.keys[windowKey]?.window : null;
      if (spec !== null && spec !== undefined && spec.kind === 'time') {
        const t = spec.time.evaluate(row);
        if (typeof t !== 'number') continue;
        for (const window of assignWindows(t, spec.durationUs, spec.slideUs, spec.startUs)) {
          const copy = keys.slice();
          copy[windowKey] = window;
          add(copy, row);
        }
      } else {
        add(keys, row);
      }
    }
    const out: Row[] = [];
    for (const [keys, buffers] of groups.values()) {
      const combined: Row = [...keys, ...this.updater.results(buffers)];
      const row: Row = keys.slice();
      for (const output of this.outputs) row.push(output(combined));
      out.push(row);
    }
    return out;
  }
}

export class BatchDedupExecutor implements Executor {
  constructor(
    private readonly child: Executor,
    private readonly keyColumns: readonly number[],
  ) {}

  execute(batch: BatchContext): Row[] {
    const seen = new Set<string | number>();
    const out: Row[] = [];
    for (const row of this.child.execute(batch)) {
      const key = groupKey(this.keyColumns.map((c) => row[c]));
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(row);
    }
    return out;
  }
}
