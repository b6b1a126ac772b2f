// Schemas as written in PySpark: DDL strings (`"a INT, b STRING"`) and
// `pyspark.sql.types` constructors, both to Spark SQL type names in lower case.

import type { SchemaField } from '../model/pipeline';

/** `pyspark.sql.types` class name to Spark SQL type name (parameterless types). */
export const simpleTypeNames: Readonly<Record<string, string>> = {
  StringType: 'string',
  LongType: 'bigint',
  IntegerType: 'int',
  ShortType: 'smallint',
  ByteType: 'tinyint',
  DoubleType: 'double',
  FloatType: 'float',
  BooleanType: 'boolean',
  TimestampType: 'timestamp',
  TimestampNTZType: 'timestamp_ntz',
  DateType: 'date',
  BinaryType: 'binary',
  NullType: 'void',
  VariantType: 'variant',
  CharType: 'char',
  VarcharType: 'varchar',
  DayTimeIntervalType: 'interval day to second',
  YearMonthIntervalType: 'interval year to month',
};

const ddlAliases: Readonly<Record<string, string>> = {
  integer: 'int',
  long: 'bigint',
  short: 'smallint',
  byte: 'tinyint',
  real: 'float',
  bool: 'boolean',
  dec: 'decimal',
  numeric: 'decimal',
};

/** Normalises a DDL type (`INT`, `Long`, `ARRAY<STRING>`, `DECIMAL(10, 2)`) to Spark's lower-case name. */
export function normaliseTypeName(type: string): string {
  const compact = type.trim().replace(/\s*([<>(),:])\s*/g, '$1').replace(/\s+/g, ' ').toLowerCase();
  return compact.replace(/[a-z_]+/g, (word, offset: number) => {
    // field names inside struct<name:type> keep their spelling
    const next = compact[offset + word.length];
    if (next === ':') return word;
    return ddlAliases[word] ?? word;
  });
}

/** Parses a DDL schema string; `null` when it is not one (a JSON schema, a typo). */
export function parseDdlSchema(ddl: string): SchemaField[] | null {
  const fields: SchemaField[] = [];
  for (const part of splitTopLevel(ddl.trim().replace(/^struct\s*<([\s\S]*)>$/i, '$1'))) {
    const text = part.trim();
    if (!text) continue;
    const match = /^(`[^`]+`|[A-Za-z_][\w]*)\s*:?\s+([\s\S]+)$/.exec(text) ?? /^(`[^`]+`|[A-Za-z_][\w]*)\s*:\s*([\s\S]+)$/.exec(text);
    if (!match) return null;
    const name = (match[1] ?? '').replace(/^`|`$/g, '');
    let type = match[2] ?? '';
    let nullable = true;
    type = type.replace(/\s+COMMENT\s+(['"])[\s\S]*\1\s*$/i, '');
    if (/\s+NOT\s+NULL\s*$/i.test(type)) {
      nullable = false;
      type = type.replace(/\s+NOT\s+NULL\s*$/i, '');
    }
    if (!/^[A-Za-z]/.test(type.trim())) return null;
    fields.push({ name, type: normaliseTypeName(type), nullable });
  }
  return fields.length > 0 ? fields : null;
}

/** Splits at commas outside `<>` and `()`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The SQL type of a struct with these fields, as Spark prints it. */
export function structTypeName(fields: readonly SchemaField[]): string {
  return `struct<${fields.map((field) => `${field.name}:${field.type}`).join(',')}>`;
}
