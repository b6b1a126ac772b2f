// Unordered (multiset) comparison of result rows, with a readable diff: the
// rows missing from the actual result and the rows that should not be there.

export interface RowDiff {
  readonly equal: boolean;
  readonly missing: readonly string[];
  readonly extra: readonly string[];
}

function canonical(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value;
    return Number(value.toPrecision(12));
  }
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value === undefined ? null : value;
}

export function rowText(row: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(canonical(row));
}

export function compareRows(expected: readonly Readonly<Record<string, unknown>>[], actual: readonly Readonly<Record<string, unknown>>[]): RowDiff {
  const counts = new Map<string, number>();
  for (const row of actual) {
    const key = rowText(row);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const missing: string[] = [];
  for (const row of expected) {
    const key = rowText(row);
    const count = counts.get(key) ?? 0;
    if (count > 0) counts.set(key, count - 1);
    else missing.push(key);
  }
  const extra: string[] = [];
  for (const [key, count] of counts) for (let i = 0; i < count; i++) extra.push(key);
  return { equal: missing.length === 0 && extra.length === 0, missing, extra };
}

export function describeDiff(diff: RowDiff, expectedCount: number, actualCount: number): string {
  const lines = [`expected ${expectedCount} row(s), got ${actualCount}`];
  for (const row of diff.missing) lines.push(`  missing: ${row}`);
  for (const row of diff.extra) lines.push(`  extra:   ${row}`);
  return lines.join('\n');
}
