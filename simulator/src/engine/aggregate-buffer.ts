// Aggregate function buffers: created empty, updated with input values,
// merged (a batch's partial aggregate into the state, as Spark merges partial
// aggregates before StateStoreSave) and turned into a result. Buffers are
// JSON-able so state snapshots need no custom encoding.

import type { AggregateCall, AggregateFunction } from './compile-expression';
import type { Row } from './schema';
import { compareValues } from './values';

export interface AggregateImplementation {
  init(): unknown;
  update(buffer: unknown, value: unknown): unknown;
  merge(buffer: unknown, other: unknown): unknown;
  result(buffer: unknown): unknown;
}

const isNull = (value: unknown): boolean => value === null || value === undefined;

const implementations: Readonly<Record<AggregateFunction, AggregateImplementation>> = {
  count: {
    init: () => 0,
    update: (b, v) => (isNull(v) ? b : (b as number) + 1),
    merge: (b, o) => (b as number) + (o as number),
    result: (b) => b,
  },
  count_star: {
    init: () => 0,
    update: (b) => (b as number) + 1,
    merge: (b, o) => (b as number) + (o as number),
    result: (b) => b,
  },
  sum: {
    init: () => null,
    update: (b, v) => (typeof v === 'number' ? (b === null ? v : (b as number) + v) : b),
    merge: (b, o) => (o === null ? b : b === null ? o : (b as number) + (o as number)),
    result: (b) => b,
  },
  avg: {
    init: () => [0, 0],
    update: (b, v) => {
      if (typeof v !== 'number') return b;
      const pair = b as [number, number];
      pair[0] += v;
      pair[1] += 1;
      return pair;
    },
    merge: (b, o) => {
      const pair = b as [number, number];
      const other = o as [number, number];
      pair[0] += other[0];
      pair[1] += other[1];
      return pair;
    },
    result: (b) => {
      const pair = b as [number, number];
      return pair[1] === 0 ? null : pair[0] / pair[1];
    },
  },
  min: {
    init: () => null,
    update: (b, v) => (isNull(v) ? b : b === null || (compareValues(v, b) ?? 0) < 0 ? v : b),
    merge: (b, o) => (o === null ? b : b === null || (compareValues(o, b) ?? 0) < 0 ? o : b),
    result: (b) => b,
  },
  max: {
    init: () => null,
    update: (b, v) => (isNull(v) ? b : b === null || (compareValues(v, b) ?? 0) > 0 ? v : b),
    merge: (b, o) => (o === null ? b : b === null || (compareValues(o, b) ?? 0) > 0 ? o : b),
    result: (b) => b,
  },
  // [seen, value]
  first: {
    init: () => [0, null],
    update: (b, v) => ((b as [number, unknown])[0] === 1 ? b : [1, v ?? null]),
    merge: (b, o) => ((b as [number, unknown])[0] === 1 ? b : o),
    result: (b) => (b as [number, unknown])[1],
  },
  last: {
    init: () => [0, null],
    update: (_b, v) => [1, v ?? null],
    merge: (b, o) => ((o as [number, unknown])[0] === 1 ? o : b),
    result: (b) => (b as [number, unknown])[1],
  },
  collect_list: {
    init: () => [],
    update: (b, v) => {
      if (!isNull(v)) (b as unknown[]).push(v);
      return b;
    },
    merge: (b, o) => {
      for (const v of o as unknown[]) (b as unknown[]).push(v);
      return b;
    },
    result: (b) => [...(b as unknown[])],
  },
  collect_set: distinctSet((values) => Object.values(values)),
  // Exact: the simulator has no reason to approximate
  approx_count_distinct: distinctSet((values) => Object.keys(values).length),
  count_distinct: distinctSet((values) => Object.keys(values).length),
};

function distinctSet(result: (values: Record<string, unknown>) => unknown): AggregateImplementation {
  return {
    init: () => ({}),
    update: (b, v) => {
      if (!isNull(v)) (b as Record<string, unknown>)[typeof v === 'string' ? `s${v}` : JSON.stringify(v)] = v;
      return b;
    },
    merge: (b, o) => Object.assign(b as Record<string, unknown>, o as Record<string, unknown>),
    result: (b) => result(b as Record<string, unknown>),
  };
}

export function implementationOf(fn: AggregateFunction): AggregateImplementation {
  return implementations[fn];
}

/** Evaluates and folds one input row into the buffers of every aggregate call. */
export class BufferUpdater {
  private readonly impls: AggregateImplementation[];
  private readonly args: (((row: Row) => unknown) | null)[];

  constructor(readonly calls: readonly AggregateCall[]) {
    this.impls = calls.map((c) => implementationOf(c.fn));
    this.args = calls.map((c) => c.argument?.evaluate ?? null);
  }

  init(): unknown[] {
    return this.impls.map((impl) => impl.init());
  }

  update(buffers: unknown[], row: Row): void {
    const impls = this.impls;
    const args = this.args;
    for (let i = 0; i < impls.length; i++) {
      const arg = args[i];
      buffers[i] = (impls[i] as AggregateImplementation).update(buffers[i], arg === null || arg === undefined ? 1 : arg(row));
    }
  }

  merge(buffers: unknown[], other: readonly unknown[]): void {
    for (let i = 0; i < this.impls.length; i++) buffers[i] = (this.impls[i] as AggregateImplementation).merge(buffers[i], other[i]);
  }

  results(buffers: readonly unknown[]): unknown[] {
    return this.impls.map((impl, i) => impl.result(buffers[i]));
  }
}
