// Reading a schema from the PySpark code that declares it, when the model only
// points at it (the schema argument of `from_json`, or `.schema(name)` bound to
// a variable): a DDL string literal, `StructType([StructField(...), ...])`,
// `StructType().add(...)`, or a name assigned one of those at module level.
// A small tokenizer and recursive descent over the text; never throws.

import type { ColumnType } from '../engine/source';
import { parseDdlSchema } from '../io/ddl';

export type SchemaLookup =
  | { readonly kind: 'schema'; readonly columns: readonly ColumnType[] }
  | { readonly kind: 'none'; readonly reason: string };

const simpleTypes: Readonly<Record<string, string>> = {
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
};

/** The schema an expression's text denotes; names are looked up in `file` (the whole source), last module-level assignment first. */
export function schemaFromPython(expression: string, file: string): SchemaLookup {
  return new SchemaParser(file).fromText(expression.trim(), 0);
}

interface Token {
  readonly kind: 'name' | 'string' | 'number' | 'op';
  readonly text: string;
}

class SchemaParser {
  constructor(private readonly file: string) {}

  fromText(text: string, depth: number): SchemaLookup {
    if (depth > 5) return { kind: 'none', reason: 'the schema refers to itself' };
    const tokens = tokenize(text);
    if (tokens === null) return { kind: 'none', reason: `cannot read '${clip(text)}'` };
    const cursor = { tokens, position: 0 };
    const first = tokens[0];
    if (first !== undefined && first.kind === 'name' && tokens.length === 1) return this.lookupName(first.text, depth);
    const type = this.type(cursor, depth);
    if (type === null) return { kind: 'none', reason: `cannot read a schema from '${clip(text)}'` };
    if (!type.startsWith('struct<')) return { kind: 'none', reason: `'${clip(text)}' is a ${type}, not a struct schema` };
    const ddl = parseDdlSchema(type);
    return ddl.kind === 'schema' ? { kind: 'schema', columns: ddl.columns } : { kind: 'none', reason: ddl.message };
  }

  private lookupName(name: string, depth: number): SchemaLookup {
    const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(?::[^=\\n]*)?=(?!=)`, 'gm');
    let start = -1;
    for (let match = pattern.exec(this.file); match !== null; match = pattern.exec(this.file)) start = match.index + match[0].length;
    if (start === -1) return { kind: 'none', reason: `no assignment to '${name}' at module level` };
    const text = balancedExpression(this.file, start);
    return this.fromText(text, depth + 1);
  }

  /** A type expression: returns a Spark type name, or null. */
  private type(cursor: Cursor, depth: number): string | null {
    const token = next(cursor);
    if (token === undefined) return null;
    if (token.kind === 'string') {
      const ddl = parseDdlSchema(token.text);
      if (ddl.kind === 'schema') return `struct<${ddl.columns.map((column) => `${quoteName(column.name)}:${column.type}`).join(',')}>`;
      // A single type name given as text (`"string"` in `StructField("a", "string")` is not valid PySpark, but `.add("a", "string")` is)
      return /^[a-z_<>(),: 0-9]+$/i.test(token.text) ? token.text.toLowerCase() : null;
    }
    if (token.kind !== 'name') return null;
    // Skip a module prefix: `T.StringType()`, `pyspark.sql.types.StructType(...)`
    let name = token.text;
    while (peek(cursor)?.text === '.') {
      next(cursor);
      const part = next(cursor);
      if (part?.kind !== 'name') return null;
      name = part.text;
    }
    const simple = simpleTypes[name];
    if (simple !== undefined) {
      if (!expect(cursor, '(')) return null;
      skipArguments(cursor);
      return simple;
    }
    if (name === 'DecimalType') {
      if (!expect(cursor, '(')) return null;
      const numbers: string[] = [];
      while (peek(cursor) !== undefined && peek(cursor)?.text !== ')') {
        const item = next(cursor);
        if (item?.kind === 'number') numbers.push(item.text);
      }
      next(cursor);
      return `decimal(${numbers[0] ?? '10'},${numbers[1] ?? '0'})`;
    }
    if (name === 'ArrayType') {
      if (!expect(cursor, '(')) return null;
      const element = this.type(cursor, depth);
      skipArguments(cursor);
      return element === null ? null : `array<${element}>`;
    }
    if (name === 'MapType') {
      if (!expect(cursor, '(')) return null;
      const key = this.type(cursor, depth);
      if (!expect(cursor, ',')) return null;
      const value = this.type(cursor, depth);
      skipArguments(cursor);
      return key === null || value === null ? null : `map<${key},${value}>`;
    }
    if (name === 'StructType') return this.structType(cursor, depth);
    // A name bound elsewhere in the file (a nested schema variable)
    if (peek(cursor)?.text !== '(') {
      const found = this.lookupName(name, depth);
      return found.kind === 'schema' ? `struct<${found.columns.map((column) => `${quoteName(column.name)}:${column.type}`).join(',')}>` : null;
    }
    return null;
  }

  private structType(cursor: Cursor, depth: number): string | null {
    if (!expect(cursor, '(')) return null;
    const fields: string[] = [];
    if (peek(cursor)?.text === '[') {
      next(cursor);
      while (peek(cursor) !== undefined && peek(cursor)?.text !== ']') {
        const field = this.structField(cursor, depth);
        if (field === null) return null;
        fields.push(field);
        if (peek(cursor)?.text === ',') next(cursor);
      }
      if (!expect(cursor, ']')) return null;
    }
    skipArguments(cursor);
    // `.add("name", type)` calls chained on the StructType
    while (peek(cursor)?.text === '.') {
      next(cursor);
      if (next(cursor)?.text !== 'add' || !expect(cursor, '(')) return null;
      const name = next(cursor);
      if (name?.kind !== 'string' || !expect(cursor, ',')) return null;
      const type = this.type(cursor, depth);
      if (type === null) return null;
      fields.push(`${quoteName(name.text)}:${type}`);
      skipArguments(cursor);
    }
    return `struct<${fields.join(',')}>`;
  }

  private structField(cursor: Cursor, depth: number): string | null {
    const head = next(cursor);
    if (head?.kind !== 'name') return null;
    while (peek(cursor)?.text === '.') {
      next(cursor);
      next(cursor);
    }
    if (!expect(cursor, '(')) return null;
    const name = next(cursor);
    if (name?.kind !== 'string' || !expect(cursor, ',')) return null;
    const type = this.type(cursor, depth);
    if (type === null) return null;
    skipArguments(cursor);
    return `${quoteName(name.text)}:${type}`;
  }
}

interface Cursor {
  readonly tokens: readonly Token[];
  position: number;
}

function next(cursor: Cursor): Token | undefined {
  const token = cursor.tokens[cursor.position];
  cursor.position += 1;
  return token;
}

function peek(cursor: Cursor): Token | undefined {
  return cursor.tokens[cursor.position];
}

function expect(cursor: Cursor, text: string): boolean {
  if (peek(cursor)?.text !== text) return false;
  cursor.position += 1;
  return true;
}

/** Skips the rest of an argument list up to and including its closing parenthesis. */
function skipArguments(cursor: Cursor): void {
  let depth = 1;
  while (cursor.position < cursor.tokens.length) {
    const text = next(cursor)?.text;
    if (text === '(' || text === '[') depth += 1;
    else if (text === ')' || text === ']') {
      depth -= 1;
      if (depth === 0) return;
    }
  }
}

function quoteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const rest = text.slice(index);
    const space = /^(\s+|#[^\n]*|\\\n)/.exec(rest);
    if (space !== null) {
      index += space[0].length;
      continue;
    }
    const string = /^[rRbBuU]?("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/.exec(rest);
    if (string !== null) {
      const body = string[1] as string;
      const quote = body.startsWith('"""') || body.startsWith("'''") ? 3 : 1;
      const value = body.slice(quote, body.length - quote).replace(/\\(.)/g, '$1');
      // Adjacent string literals concatenate, as in Python
      const previous = tokens[tokens.length - 1];
      if (previous?.kind === 'string') tokens[tokens.length - 1] = { kind: 'string', text: previous.text + value };
      else tokens.push({ kind: 'string', text: value });
      index += string[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (name !== null) {
      tokens.push({ kind: 'name', text: name[0] });
      index += name[0].length;
      continue;
    }
    const number = /^\d+/.exec(rest);
    if (number !== null) {
      tokens.push({ kind: 'number', text: number[0] });
      index += number[0].length;
      continue;
    }
    if ('()[],.=:'.includes(rest[0] as string)) {
      tokens.push({ kind: 'op', text: rest[0] as string });
      index += 1;
      continue;
    }
    return null;
  }
  return tokens;
}

/** The text of the expression starting at `start`: up to the end of the line, or further while brackets are open. */
function balancedExpression(text: string, start: number): string {
  let depth = 0;
  let index = start;
  let quote: string | null = null;
  while (index < text.length) {
    const character = text[index] as string;
    if (quote !== null) {
      if (character === '\\') index += 1;
      else if (text.startsWith(quote, index)) {
        index += quote.length;
        quote = null;
        continue;
      }
    } else if (text.startsWith('"""', index) || text.startsWith("'''", index)) {
      quote = text.slice(index, index + 3);
      index += 3;
      continue;
    } else if (character === '"' || character === "'") {
      quote = character;
    } else if (character === '#') {
      while (index < text.length && text[index] !== '\n') index += 1;
      continue;
    } else if ('([{'.includes(character)) depth += 1;
    else if (')]}'.includes(character)) depth -= 1;
    else if (character === '\n' && depth <= 0 && text[index - 1] !== '\\') break;
    index += 1;
  }
  return text.slice(start, index);
}

function clip(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
