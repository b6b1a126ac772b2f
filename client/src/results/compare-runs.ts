// Compares what the sink holds after a clean run and after a run with a
// crash injected: a row the crashed run has more often is a duplicate, one
// it has less often is lost. Rows compare as a multiset, as Spark's tests do.

import type { Row, SimulationResult } from './result-types';

export type RowVerdict = 'same' | 'duplicated' | 'lost';

export interface RowComparison {
  readonly row: Row;
  readonly cleanCount: number;
  readonly crashCount: number;
  readonly verdict: RowVerdict;
}

export interface RunComparison {
  readonly rows: readonly RowComparison[];
  readonly duplicated: number;
  readonly lost: number;
}

export function compareRuns(clean: SimulationResult, crashed: SimulationResult): RunComparison {
  const counts = new Map<string, { row: Row; clean: number; crash: number }>();
  const add = (result: SimulationResult, side: 'clean' | 'crash'): void => {
    for (const row of sinkRows(result)) {
      const key = canonicalKey(row);
      const entry = counts.get(key) ?? { row, clean: 0, crash: 0 };
      entry[side] += 1;
      counts.set(key, entry);
    }
  };
  add(clean, 'clean');
  add(crashed, 'crash');
  const rows = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, entry]): RowComparison => ({
      row: entry.row,
      cleanCount: entry.clean,
      crashCount: entry.crash,
      verdict: entry.crash > entry.clean ? 'duplicated' : entry.crash < entry.clean ? 'lost' : 'same',
    }));
  // Differences first: they are what the user re-ran the query to see.
  const order = (verdict: RowVerdict): number => (verdict === 'same' ? 1 : 0);
  rows.sort((a, b) => order(a.verdict) - order(b.verdict));
  return {
    rows,
    duplicated: rows.reduce((sum, entry) => sum + Math.max(0, entry.crashCount - entry.cleanCount), 0),
    lost: rows.reduce((sum, entry) => sum + Math.max(0, entry.cleanCount - entry.crashCount), 0),
  };
}

/** The rows the sink holds at the end: every batch's rows, or in complete mode only the last batch's table. */
export function sinkRows(result: SimulationResult): Row[] {
  if (result.query.outputMode === 'complete') {
    const last = [...result.batches].reverse().find((batch) => batch.rows.length > 0);
    return last ? [...last.rows] : [];
  }
  return result.batches.flatMap((batch) => batch.rows);
}

/** A key that ignores property order, so {a,b} and {b,a} count as the same row. */
function canonicalKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${canonicalKey(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
