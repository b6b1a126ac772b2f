// Spark SQL type names as a small tree, so readers and the event generator can
// walk nested types. The model and the source contract carry types as lower
// case strings (`bigint`, `struct<a:int,b:string>`); this turns them into data
// and back, normalising aliases (`long` is `bigint`, `integer` is `int`).

export type SparkType =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'array'; readonly element: SparkType }
  | { readonly kind: 'map'; readonly key: SparkType; readonly value: SparkType }
  | { readonly kind: 'struct'; readonly fields: readonly StructFieldType[] };

export type PrimitiveName =
  | 'string'
  | 'boolean'
  | 'tinyint'
  | 'smallint'
  | 'int'
  | 'bigint'
  | 'float'
  | 'double'
  | 'timestamp'
  | 'timestamp_ntz'
  | 'date'
  | 'binary'
  | 'void';

export interface StructFieldType {
  readonly name: string;
  readonly type: SparkType;
}

const aliases: Readonly<Record<string, PrimitiveName>> = {
  string: 'string',
  varchar: 'string',
  char: 'string',
  boolean: 'boolean',
  bool: 'boolean',
  tinyint: 'tinyint',
  byte: 'tinyint',
  smallint: 'smallint',
  short: 'smallint',
  int: 'int',
  integer: 'int',
  bigint: 'bigint',
  long: 'bigint',
  float: 'float',
  real: 'float',
  double: 'double',
  timestamp: 'timestamp',
  timestamp_ltz: 'timestamp',
  timestamp_ntz: 'timestamp_ntz',
  date: 'date',
  binary: 'binary',
  void: 'void',
  null: 'void',
};

/** Parses a type name such as `bigint`, `decimal(10,2)`, `array<struct<a:int>>`; `null` when it is not a Spark type. */
export function parseSparkType(text: string): SparkType | null {
  const reader = new TypeReader(text);
  const type = reader.type();
  return type !== null && reader.atEnd() ? type : null;
}

/** The canonical lower-case name of a type, as the source contract writes it. */
export function sparkTypeName(type: SparkType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'array':
      return `array<${sparkTypeName(type.element)}>`;
    case 'map':
      return `map<${sparkTypeName(type.key)},${sparkTypeName(type.value)}>`;
    case 'struct':
      return `struct<${type.fields.map((field) => `${fieldName(field.name)}:${sparkTypeName(field.type)}`).join(',')}>`;
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

function fieldName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

/** Normalises a type name (`long` → `bigint`); leaves text that is not a Spark type as written, lower-cased. */
export function normaliseTypeName(text: string): string {
  const parsed = parseSparkType(text);
  return parsed === null ? text.trim().toLowerCase() : sparkTypeName(parsed);
}

/**
 * A recursive-descent reader over type text. Also used by the DDL parser,
 * which reads `name type` pairs with the same tokenizer rules.
 */
export class TypeReader {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    this.skipSpace();
    return this.position >= this.text.length;
  }

  /** The next character after spaces, without consuming it. */
  peek(): string {
    this.skipSpace();
    return this.text[this.position] ?? '';
  }

  consume(expected: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(expected, this.position)) {
      this.position += expected.length;
      return true;
    }
    return false;
  }

  /** A field name: an identifier or a backquoted name (with `` `` `` as an escaped backquote). */
  identifier(): string | null {
    this.skipSpace();
    if (this.text[this.position] === '`') {
      let name = '';
      let index = this.position + 1;
      while (index < this.text.length) {
        const character = this.text[index];
        if (character === '`') {
          if (this.text[index + 1] === '`') {
            name += '`';
            index += 2;
            continue;
          }
          this.position = index + 1;
          return name;
        }
        name += character;
        index += 1;
      }
      return null;
    }
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.position));
    if (match === null) return null;
    this.position += match[0].length;
    return match[0];
  }

  /** Skips a `NOT NULL` or `COMMENT '...'` clause after a field type; returns whether anything was skipped. */
  fieldModifier(): boolean {
    this.skipSpace();
    const rest = this.text.slice(this.position);
    const notNull = /^not\s+null\b/i.exec(rest);
    if (notNull !== null) {
      this.position += notNull[0].length;
      return true;
    }
    const comment = /^comment\s+('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/i.exec(rest);
    if (comment !== null) {
      this.position += comment[0].length;
      return true;
    }
    return false;
  }

  type(): SparkType | null {
    const word = this.identifier();
    if (word === null) return null;
    const lower = word.toLowerCase();
    if (lower === 'array') {
      if (!this.consume('<')) return null;
      const element = this.type();
      if (element === null || !this.consume('>')) return null;
      return { kind: 'array', element };
    }
    if (lower === 'map') {
      if (!this.consume('<')) return null;
      const key = this.type();
      if (key === null || !this.consume(',')) return null;
      const value = this.type();
      if (value === null || !this.consume('>')) return null;
      return { kind: 'map', key, value };
    }
    if (lower === 'struct') {
      if (!this.consume('<')) return null;
      const fields: StructFieldType[] = [];
      if (this.consume('>')) return { kind: 'struct', fields };
      for (;;) {
        const name = this.identifier();
        if (name === null) return null;
        this.consume(':');
        const type = this.type();
        if (type === null) return null;
        while (this.fieldModifier()) {
          // NOT NULL and COMMENT do not change the simulated type
        }
        fields.push({ name, type });
        if (this.consume('>')) return { kind: 'struct', fields };
        if (!this.consume(',')) return null;
      }
    }
    if (lower === 'decimal' || lower === 'dec' || lower === 'numeric') {
      if (!this.consume('(')) return { kind: 'decimal', precision: 10, scale: 0 };
      const precision = this.integer();
      const scale = this.consume(',') ? this.integer() : 0;
      if (precision === null || scale === null || !this.consume(')')) return null;
      return { kind: 'decimal', precision, scale };
    }
    if (lower === 'varchar' || lower === 'char') {
      // The length does not matter to the simulator
      if (this.consume('(')) {
        if (this.integer() === null || !this.consume(')')) return null;
      }
      return { kind: 'primitive', name: 'string' };
    }
    if (lower === 'timestamp' && /^\s+with(out)?\s+time\s+zone/i.test(this.text.slice(this.position))) {
      const clause = /^\s+with(out)?\s+time\s+zone/i.exec(this.text.slice(this.position));
      this.position += clause?.[0].length ?? 0;
      return { kind: 'primitive', name: clause?.[1] === undefined ? 'timestamp' : 'timestamp_ntz' };
    }
    const primitive = aliases[lower];
    return primitive === undefined ? null : { kind: 'primitive', name: primitive };
  }

  private integer(): number | null {
    this.skipSpace();
    const match = /^\d+/.exec(this.text.slice(this.position));
    if (match === null) return null;
    this.position += match[0].length;
    return Number(match[0]);
  }

  private skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position] ?? '')) this.position += 1;
  }
}
