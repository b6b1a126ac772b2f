// DDL schema strings as Spark accepts them in `.schema("...")` and
// `from_json(col, "...")`: `id BIGINT, ts TIMESTAMP`, `id: bigint, ts: timestamp`
// or `struct<id:bigint,ts:timestamp>`, with backquoted names, NOT NULL and
// COMMENT clauses. Parsing never throws: a bad string yields a message.

import type { ColumnType } from '../engine/source';
import { parseSparkType, sparkTypeName, TypeReader } from './spark-type';

export type DdlResult =
  | { readonly kind: 'schema'; readonly columns: readonly ColumnType[] }
  | { readonly kind: 'error'; readonly message: string };

export function parseDdlSchema(text: string): DdlResult {
  const trimmed = text.trim();
  if (/^struct\s*</i.test(trimmed)) {
    const type = parseSparkType(trimmed);
    if (type === null || type.kind !== 'struct') return { kind: 'error', message: `cannot read the schema '${text}'` };
    return { kind: 'schema', columns: type.fields.map((field) => ({ name: field.name, type: sparkTypeName(field.type) })) };
  }
  const reader = new TypeReader(trimmed);
  const columns: ColumnType[] = [];
  if (reader.atEnd()) return { kind: 'error', message: 'the schema string is empty' };
  for (;;) {
    const name = reader.identifier();
    if (name === null) return { kind: 'error', message: `cannot read a column name in the schema '${text}'` };
    reader.consume(':');
    const type = reader.type();
    if (type === null) return { kind: 'error', message: `cannot read the type of column '${name}' in the schema '${text}'` };
    while (reader.fieldModifier()) {
      // NOT NULL and COMMENT do not change what the simulator reads
    }
    columns.push({ name, type: sparkTypeName(type) });
    if (reader.atEnd()) return { kind: 'schema', columns };
    if (!reader.consume(',')) return { kind: 'error', message: `expected ',' after column '${name}' in the schema '${text}'` };
  }
}
