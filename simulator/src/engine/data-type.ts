// The value types the engine tracks at plan time. Values at run time are plain
// JavaScript: numbers for integral and fractional types, microseconds since the
// epoch for timestamps (as Spark stores them), microseconds for intervals,
// objects for structs (a time window is `{ start, end }`), arrays for arrays.

export type AtomicName =
  | 'int'
  | 'bigint'
  | 'double'
  | 'string'
  | 'boolean'
  | 'timestamp'
  | 'date'
  | 'interval'
  | 'binary'
  | 'null'
  | 'unknown';

export type DataType =
  | { readonly kind: 'atomic'; readonly name: AtomicName }
  | { readonly kind: 'struct'; readonly fields: readonly StructField[] }
  | { readonly kind: 'array'; readonly element: DataType };

export interface StructField {
  readonly name: string;
  readonly type: DataType;
}

const atomics = new Map<AtomicName, DataType>();

export function atomic(name: AtomicName): DataType {
  let type = atomics.get(name);
  if (type === undefined) {
    type = { kind: 'atomic', name };
    atomics.set(name, type);
  }
  return type;
}

export const intType = atomic('int');
export const bigintType = atomic('bigint');
export const doubleType = atomic('double');
export const stringType = atomic('string');
export const booleanType = atomic('boolean');
export const timestampType = atomic('timestamp');
export const intervalType = atomic('interval');
export const nullType = atomic('null');
export const unknownType = atomic('unknown');

/** The struct Spark gives `window(...)` and `session_window(...)`. */
export const windowType: DataType = {
  kind: 'struct',
  fields: [
    { name: 'start', type: timestampType },
    { name: 'end', type: timestampType },
  ],
};

export function isAtomic(type: DataType, name: AtomicName): boolean {
  return type.kind === 'atomic' && type.name === name;
}

export function isNumeric(type: DataType): boolean {
  return type.kind === 'atomic' && (type.name === 'int' || type.name === 'bigint' || type.name === 'double');
}

export function isIntegral(type: DataType): boolean {
  return type.kind === 'atomic' && (type.name === 'int' || type.name === 'bigint');
}

/** A time window struct: the event-time predicate compares its `end`. */
export function isWindowStruct(type: DataType): boolean {
  return type.kind === 'struct' && type.fields.some((f) => f.name === 'end') && type.fields.some((f) => f.name === 'start');
}

const aliases: Readonly<Record<string, AtomicName>> = {
  int: 'int',
  integer: 'int',
  tinyint: 'int',
  smallint: 'int',
  short: 'int',
  byte: 'int',
  bigint: 'bigint',
  long: 'bigint',
  double: 'double',
  float: 'double',
  real: 'double',
  decimal: 'double',
  string: 'string',
  varchar: 'string',
  char: 'string',
  boolean: 'boolean',
  bool: 'boolean',
  timestamp: 'timestamp',
  timestamp_ntz: 'timestamp',
  timestamp_ltz: 'timestamp',
  date: 'date',
  binary: 'binary',
  interval: 'interval',
  void: 'null',
};

/** Parses a Spark SQL type name (`bigint`, `struct<a:int,b:string>`, `array<string>`); null when it is not one. */
export function parseDataType(text: string): DataType | null {
  const reader = { text: text.trim(), at: 0 };
  const type = readType(reader);
  skipSpaces(reader);
  return type !== null && reader.at === reader.text.length ? type : null;
}

interface Reader {
  text: string;
  at: number;
}

function skipSpaces(reader: Reader): void {
  while (reader.at < reader.text.length && /\s/.test(reader.text[reader.at] ?? '')) reader.at++;
}

function readWord(reader: Reader): string {
  skipSpaces(reader);
  const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(reader.text.slice(reader.at));
  if (match === null) return '';
  reader.at += match[0].length;
  return match[0];
}

function expect(reader: Reader, char: string): boolean {
  skipSpaces(reader);
  if (reader.text[reader.at] !== char) return false;
  reader.at++;
  return true;
}

function readType(reader: Reader): DataType | null {
  const word = readWord(reader).toLowerCase();
  if (word === 'struct') {
    if (!expect(reader, '<')) return null;
    const fields: StructField[] = [];
    skipSpaces(reader);
    if (reader.text[reader.at] === '>') {
      reader.at++;
      return { kind: 'struct', fields };
    }
    for (;;) {
      skipSpaces(reader);
      let name: string;
      if (reader.text[reader.at] === '`') {
        const end = reader.text.indexOf('`', reader.at + 1);
        if (end < 0) return null;
        name = reader.text.slice(reader.at + 1, end);
        reader.at = end + 1;
      } else {
        name = readWord(reader);
      }
      if (name === '') return null;
      if (!expect(reader, ':')) {
        // `struct<a int>` is accepted by Spark's DDL parser too
      }
      const type = readType(reader);
      if (type === null) return null;
      fields.push({ name, type });
      if (expect(reader, ',')) continue;
      if (expect(reader, '>')) return { kind: 'struct', fields };
      return null;
    }
  }
  if (word === 'array') {
    if (!expect(reader, '<')) return null;
    const element = readType(reader);
    if (element === null || !expect(reader, '>')) return null;
    return { kind: 'array', element };
  }
  const name = aliases[word];
  if (name === undefined) return null;
  if (word === 'decimal' || word === 'varchar' || word === 'char') {
    // skip `(p, s)` / `(n)`
    skipSpaces(reader);
    if (reader.text[reader.at] === '(') {
      const end = reader.text.indexOf(')', reader.at);
      if (end < 0) return null;
      reader.at = end + 1;
    }
  }
  return atomic(name);
}

export function typeName(type: DataType): string {
  switch (type.kind) {
    case 'atomic':
      return type.name;
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name}:${typeName(f.type)}`).join(',')}>`;
    case 'array':
      return `array<${typeName(type.element)}>`;
    default: {
      const never: never = type;
      return never;
    }
  }
}
