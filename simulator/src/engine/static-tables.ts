// Static DataFrames live in SQLite tables (`static_<name>`) that the user, a
// scenario step or any SQLite tool can change between batches: a stream-static
// join re-reads the table every batch unless the DataFrame is cached. Column
// names come from user code and reach SQL only through quoteIdentifier.

import type Database from 'better-sqlite3';
import { parseDataType } from './data-type';
import { quoteIdentifier } from './quote-identifier';
import type { Row } from './schema';
import type { ColumnType } from './source';

export function staticTableName(name: string): string {
  return `static_${name}`;
}

function inferType(values: readonly unknown[]): string {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return 'string';
  if (present.every((v) => typeof v === 'number')) {
    if (present.every((v) => Number.isInteger(v))) return present.every((v) => Math.abs(v as number) <= 2147483647) ? 'int' : 'bigint';
    return 'double';
  }
  if (present.every((v) => typeof v === 'boolean')) return 'boolean';
  if (present.every((v) => typeof v === 'object')) return 'string';
  return 'string';
}

/** Replaces the static table `name` with `rows`; the schema is given or inferred from the rows. */
export function writeStaticTable(db: Database.Database, name: string, rows: readonly Record<string, unknown>[], schema?: readonly ColumnType[]): readonly ColumnType[] {
  const columns: ColumnType[] = schema !== undefined ? [...schema] : [];
  if (schema === undefined) {
    const names: string[] = [];
    for (const row of rows) for (const key of Object.keys(row)) if (!names.includes(key)) names.push(key);
    for (const column of names) columns.push({ name: column, type: inferType(rows.map((r) => r[column])) });
  }
  const table = quoteIdentifier(staticTableName(name));
  const transaction = db.transaction(() => {
    db.exec(`DROP TABLE IF EXISTS ${table}`);
    const definitions = columns.map((c) => quoteIdentifier(c.name)).join(', ');
    db.exec(`CREATE TABLE ${table} (${definitions.length > 0 ? definitions : '"_empty"'})`);
    if (columns.length > 0) {
      const insert = db.prepare(`INSERT INTO ${table} (${columns.map((c) => quoteIdentifier(c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of rows) insert.run(...columns.map((c) => toSql(row[c.name])));
    }
    db.prepare('INSERT OR REPLACE INTO static_tables (name, table_name, schema) VALUES (?, ?, ?)').run(name, staticTableName(name), JSON.stringify(columns));
  });
  transaction();
  return columns;
}

export function staticSchema(db: Database.Database, name: string): readonly ColumnType[] | null {
  const row = db.prepare('SELECT schema FROM static_tables WHERE name = ?').get(name) as { schema: string } | undefined;
  return row === undefined ? null : (JSON.parse(row.schema) as ColumnType[]);
}

/** Reads the static table's current rows as engine rows (arrays in schema order). */
export function readStaticTable(db: Database.Database, name: string, columns: readonly ColumnType[]): Row[] {
  if (columns.length === 0) return [];
  const table = quoteIdentifier(staticTableName(name));
  const select = db.prepare(`SELECT ${columns.map((c) => quoteIdentifier(c.name)).join(', ')} FROM ${table}`).raw(true);
  const converters = columns.map((c) => fromSql(c.type));
  return (select.all() as unknown[][]).map((values) => values.map((value, i) => (converters[i] as (v: unknown) => unknown)(value)));
}

function toSql(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

function fromSql(typeText: string): (value: unknown) => unknown {
  const type = parseDataType(typeText);
  if (type === null) return (v) => v;
  if (type.kind === 'atomic' && type.name === 'boolean') return (v) => (v === null ? null : v === 1 || v === '1' || v === 'true');
  if (type.kind !== 'atomic') return (v) => (typeof v === 'string' ? JSON.parse(v) : v);
  if (type.name === 'int' || type.name === 'bigint' || type.name === 'double') return (v) => (typeof v === 'bigint' ? Number(v) : v);
  return (v) => v;
}
