// A schema read off an event file's first records, for a source whose code
// declares none (a table or Delta source bound to a JSON or CSV file). Spark
// would take the table's schema; the simulator can only look at the events.
// Text that reads as a timestamp is a timestamp, so event-time columns work.

import type { ColumnType } from '../engine/source';
import { splitCsvLine, type CsvDialect } from './csv';
import { parseTimestampMicros } from './timestamps';

const sampleSize = 200;

export function inferJsonSchema(lines: readonly string[]): ColumnType[] {
  const types = new Map<string, string>();
  for (const line of lines.slice(0, sampleSize)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
    for (const [key, value] of Object.entries(parsed)) types.set(key, widen(types.get(key) ?? null, jsonType(value)));
  }
  return [...types].map(([name, type]) => ({ name, type: type === 'void' ? 'string' : type }));
}

export function inferCsvSchema(header: string | null, lines: readonly string[], dialect: CsvDialect): ColumnType[] {
  const rows = lines.slice(0, sampleSize).map((line) => splitCsvLine(line, dialect) ?? []);
  const names = header === null ? null : splitCsvLine(header, dialect);
  const width = names?.length ?? Math.max(0, ...rows.map((row) => row.length));
  const columns: ColumnType[] = [];
  for (let index = 0; index < width; index++) {
    let type: string | null = null;
    for (const row of rows) {
      const text = row[index];
      if (text === undefined || text === dialect.nullValue) continue;
      type = widen(type, textType(text));
    }
    columns.push({ name: names?.[index]?.trim() || `_c${index}`, type: type === null || type === 'void' ? 'string' : type });
  }
  return columns;
}

function jsonType(value: unknown): string {
  if (value === null) return 'void';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'bigint' : 'double';
  if (typeof value === 'string') return parseTimestampMicros(value) !== null && value.length > 10 ? 'timestamp' : 'string';
  // Nested values are kept as their JSON text
  return 'string';
}

function textType(text: string): string {
  const trimmed = text.trim();
  if (/^[+-]?\d{1,15}$/.test(trimmed)) return 'bigint';
  if (trimmed !== '' && !Number.isNaN(Number(trimmed))) return 'double';
  if (/^(true|false)$/i.test(trimmed)) return 'boolean';
  if (trimmed.length > 10 && parseTimestampMicros(trimmed) !== null) return 'timestamp';
  return 'string';
}

function widen(current: string | null, next: string): string {
  if (current === null || current === 'void') return next;
  if (next === 'void' || current === next) return current;
  if ((current === 'bigint' && next === 'double') || (current === 'double' && next === 'bigint')) return 'double';
  return 'string';
}
