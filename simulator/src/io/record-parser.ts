// Turning the lines of an event file into rows, with Spark's handling of
// malformed records (the reader option `mode`):
// - PERMISSIVE (default): the row is kept; fields that could not be read are
//   null and the raw line goes to the corrupt-record column when the schema
//   has one (`columnNameOfCorruptRecord`, default `_corrupt_record`);
// - DROPMALFORMED: the row is dropped;
// - FAILFAST: reading stops with an error that names the file and line.
// In every mode the raw line is also handed back as a corrupt record, so the
// engine can land it in its corrupt-records table: bad input is never lost.

import type { ColumnType, CorruptRecord, Row } from '../engine/source';
import { csvConverter, invalidValue, jsonConverter, type Converter } from './coerce';
import { splitCsvLine, type CsvDialect } from './csv';
import { parseSparkType } from './spark-type';
import type { EpochUnit } from './timestamps';

export type ParseMode = 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST';

export type RecordFormat = 'json' | 'csv' | 'text';

export interface RecordParserOptions {
  readonly format: RecordFormat;
  readonly mode: ParseMode;
  readonly corruptColumn: string;
  readonly csv: CsvDialect;
  readonly epochUnit: EpochUnit;
}

/** Thrown in FAILFAST mode: the run stops with this message. */
export class MalformedRecordError extends Error {
  constructor(
    readonly record: CorruptRecord,
  ) {
    super(`malformed record in ${record.file ?? record.source}${record.line === null ? '' : ` line ${record.line}`} (mode FAILFAST): ${record.error}`);
    this.name = 'MalformedRecordError';
  }
}

/** Where a line came from, for corrupt records and messages. */
export interface LineOrigin {
  readonly source: string;
  readonly file: string | null;
  readonly line: number | null;
}

/** Collects rows and corrupt records while lines are parsed. */
export interface ParseSink {
  readonly rows: Row[];
  readonly corrupt: CorruptRecord[];
}

export interface RecordParser {
  /** Parses one non-blank line into the sink; throws `MalformedRecordError` in FAILFAST mode. */
  parse(line: string, origin: LineOrigin, sink: ParseSink): void;
}

export function parseMode(text: string | null): ParseMode | null {
  if (text === null) return 'PERMISSIVE';
  const upper = text.trim().toUpperCase();
  return upper === 'PERMISSIVE' || upper === 'DROPMALFORMED' || upper === 'FAILFAST' ? upper : null;
}

export function createRecordParser(schema: readonly ColumnType[], options: RecordParserOptions): RecordParser {
  switch (options.format) {
    case 'json':
      return new JsonRecordParser(schema, options);
    case 'csv':
      return new CsvRecordParser(schema, options);
    case 'text':
      return textParser(schema);
    default: {
      const unreachable: never = options.format;
      return unreachable;
    }
  }
}

interface CompiledColumn {
  readonly name: string;
  readonly convert: Converter;
}

/** The schema's data columns (the corrupt-record column is filled by the parser, not read). */
function dataColumns(schema: readonly ColumnType[], options: RecordParserOptions, make: typeof jsonConverter): CompiledColumn[] {
  return schema
    .filter((column) => column.name !== options.corruptColumn)
    .map((column) => {
      const type = parseSparkType(column.type);
      const convert: Converter = type === null ? () => invalidValue : make(type, { epochUnit: options.epochUnit });
      return { name: column.name, convert };
    });
}

abstract class ModeParser implements RecordParser {
  protected readonly hasCorruptColumn: boolean;

  constructor(
    schema: readonly ColumnType[],
    protected readonly options: RecordParserOptions,
  ) {
    this.hasCorruptColumn = schema.some((column) => column.name === options.corruptColumn);
  }

  abstract parse(line: string, origin: LineOrigin, sink: ParseSink): void;

  /** Applies the mode to a malformed line; `partial` is the row with what could be read (PERMISSIVE keeps it). */
  protected malformed(line: string, origin: LineOrigin, error: string, partial: Row, sink: ParseSink): void {
    const record: CorruptRecord = { source: origin.source, file: origin.file, line: origin.line, raw: line, error };
    if (this.options.mode === 'FAILFAST') throw new MalformedRecordError(record);
    sink.corrupt.push(record);
    if (this.options.mode === 'PERMISSIVE') {
      if (this.hasCorruptColumn) partial[this.options.corruptColumn] = line;
      sink.rows.push(partial);
    }
  }
}

class JsonRecordParser extends ModeParser {
  private readonly columns: CompiledColumn[];

  constructor(schema: readonly ColumnType[], options: RecordParserOptions) {
    super(schema, options);
    this.columns = dataColumns(schema, options, jsonConverter);
  }

  parse(line: string, origin: LineOrigin, sink: ParseSink): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      this.malformed(line, origin, `not valid JSON: ${(error as Error).message}`, this.nullRow(), sink);
      return;
    }
    if (Array.isArray(parsed)) {
      // Spark reads a top-level array of objects as one row per element
      if (parsed.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) {
        for (const item of parsed) this.object(item as Record<string, unknown>, line, origin, sink);
        return;
      }
      this.malformed(line, origin, 'a JSON array of non-objects is not a record', this.nullRow(), sink);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null) {
      this.malformed(line, origin, 'not a JSON object', this.nullRow(), sink);
      return;
    }
    this.object(parsed as Record<string, unknown>, line, origin, sink);
  }

  private object(source: Record<string, unknown>, line: string, origin: LineOrigin, sink: ParseSink): void {
    // The parsed object becomes the row: converting in place saves an allocation per record, which
    // matters on large files. Keys outside the schema stay but are never read; missing ones read as null.
    const row: Row = source;
    let bad: string | null = null;
    for (const column of this.columns) {
      const raw = source[column.name];
      const value = column.convert(raw);
      if (value === invalidValue) {
        row[column.name] = null;
        bad ??= `field '${column.name}': ${JSON.stringify(raw)} does not fit its type`;
      } else if (value !== raw) {
        row[column.name] = value;
      }
    }
    if (bad === null) {
      if (this.hasCorruptColumn) row[this.options.corruptColumn] = null;
      sink.rows.push(row);
    } else {
      this.malformed(line, origin, bad, row, sink);
    }
  }

  private nullRow(): Row {
    const row: Row = {};
    for (const column of this.columns) row[column.name] = null;
    return row;
  }
}

class CsvRecordParser extends ModeParser {
  private readonly columns: CompiledColumn[];

  constructor(schema: readonly ColumnType[], options: RecordParserOptions) {
    super(schema, options);
    this.columns = dataColumns(schema, options, csvConverter);
  }

  parse(line: string, origin: LineOrigin, sink: ParseSink): void {
    const fields = splitCsvLine(line, this.options.csv);
    const row: Row = {};
    let bad: string | null = null;
    if (fields === null) {
      bad = 'unbalanced quotes';
    } else if (fields.length !== this.columns.length) {
      // Spark pads or truncates the tokens and marks the record malformed
      bad = `${fields.length} fields, the schema has ${this.columns.length}`;
    }
    for (let index = 0; index < this.columns.length; index++) {
      const column = this.columns[index] as CompiledColumn;
      const text = fields?.[index] ?? null;
      const value = column.convert(text === this.options.csv.nullValue ? null : text);
      if (value === invalidValue) {
        row[column.name] = null;
        bad ??= `field '${column.name}': '${text}' does not fit its type`;
      } else {
        row[column.name] = value;
      }
    }
    if (bad === null) {
      if (this.hasCorruptColumn) row[this.options.corruptColumn] = null;
      sink.rows.push(row);
    } else {
      this.malformed(line, origin, bad, row, sink);
    }
  }
}

/** The text format: each line is a row with one string column (`value` unless the schema names it otherwise). */
function textParser(schema: readonly ColumnType[]): RecordParser {
  const column = schema[0]?.name ?? 'value';
  return {
    parse(line, _origin, sink) {
      sink.rows.push({ [column]: line });
    },
  };
}
