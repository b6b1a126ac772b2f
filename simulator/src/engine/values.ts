// Run-time value helpers shared by expressions and operators: casts with
// Spark's rules for the types the engine tracks, comparisons, grouping keys.

import type { DataType } from './data-type';

export function formatTimestamp(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const iso = new Date(millis).toISOString();
  const fraction = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const base = iso.slice(0, 19).replace('T', ' ');
  if (fraction === 0) return base;
  return `${base}.${String(fraction).padStart(6, '0').replace(/0+$/, '')}`;
}

/** Spark's progress timestamps: `2016-12-05T20:54:20.827Z`. */
export function isoMillis(millis: number): string {
  return new Date(millis).toISOString();
}

/** Parses `yyyy-MM-dd[ HH:mm:ss[.SSSSSS]]` or ISO text as UTC; null when it is not a timestamp. */
export function parseTimestamp(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (match === null) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  let millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    millis -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const micros = fraction === undefined ? 0 : Number(fraction.padEnd(6, '0').slice(0, 6));
  return millis * 1000 + micros;
}

export function castValue(value: unknown, from: DataType, to: DataType): unknown {
  if (value === null || value === undefined) return null;
  if (to.kind !== 'atomic') return value;
  const source = from.kind === 'atomic' ? from.name : 'struct';
  switch (to.name) {
    case 'int':
    case 'bigint': {
      if (source === 'timestamp') return Math.floor((value as number) / 1_000_000);
      if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string') {
        const parsed = Number(value.trim());
        return value.trim() === '' || !Number.isFinite(parsed) ? null : Math.trunc(parsed);
      }
      return null;
    }
    case 'double': {
      if (source === 'timestamp') return (value as number) / 1_000_000;
      if (typeof value === 'number') return value;
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string') {
        const parsed = Number(value.trim());
        return value.trim() === '' || Number.isNaN(parsed) ? null : parsed;
      }
      return null;
    }
    case 'string': {
      if (source === 'timestamp') return formatTimestamp(value as number);
      if (typeof value === 'object') return JSON.stringify(value);
      if (source === 'double' && typeof value === 'number' && Number.isInteger(value)) return `${value}.0`;
      return String(value);
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      if (typeof value === 'string') {
        const lower = value.trim().toLowerCase();
        if (['true', 't', 'yes', 'y', '1'].includes(lower)) return true;
        if (['false', 'f', 'no', 'n', '0'].includes(lower)) return false;
      }
      return null;
    }
    case 'timestamp': {
      if (source === 'timestamp') return value;
      if (typeof value === 'number') return Math.round(value * 1_000_000);
      if (typeof value === 'string') return parseTimestamp(value);
      return null;
    }
    case 'date': {
      if (source === 'timestamp') return Math.floor((value as number) / 86_400_000_000) * 86_400_000_000;
      if (typeof value === 'string') {
        const parsed = parseTimestamp(value);
        return parsed === null ? null : Math.floor(parsed / 86_400_000_000) * 86_400_000_000;
      }
      return null;
    }
    case 'interval':
    case 'binary':
    case 'null':
    case 'unknown':
      return value;
    default: {
      const never: never = to.name;
      return never;
    }
  }
}

/** Total order used by comparisons, min/max and sorting; null when either side is null. */
export function compareValues(a: unknown, b: unknown): number | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (typeof a === 'object' && typeof b === 'object') {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const key of Object.keys(left)) {
      const order = compareValues(left[key], right[key]);
      if (order === null) return null;
      if (order !== 0) return order;
    }
    return 0;
  }
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function valuesEqual(a: unknown, b: unknown): boolean | null {
  const order = compareValues(a, b);
  return order === null ? null : order === 0;
}

/** A Map key for a tuple of grouping values. */
export function groupKey(values: readonly unknown[]): string | number {
  if (values.length === 1) {
    const only = values[0];
    if (typeof only === 'number') return only;
    if (typeof only === 'string') return `s${only}`;
  }
  return JSON.stringify(values);
}
