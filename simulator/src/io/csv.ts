// One CSV line split into fields with Spark's default dialect: `sep` (alias
// `delimiter`) `,`, `quote` `"`, `escape` `\`; a doubled quote inside a quoted
// field is a quote too. Records span one line, as with Spark's default
// `multiLine=false`.

import type { SourceOptions } from './source-options';

export interface CsvDialect {
  readonly separator: string;
  readonly quote: string;
  readonly escape: string;
  /** The text read as null (Spark's `nullValue`, default empty). */
  readonly nullValue: string;
  readonly header: boolean;
  /** Lines starting with this are skipped (Spark's `comment`, off by default). */
  readonly comment: string | null;
}

export const defaultCsvDialect: CsvDialect = { separator: ',', quote: '"', escape: '\\', nullValue: '', header: false, comment: null };

export function csvDialect(options: SourceOptions): CsvDialect {
  const separator = options.get('sep') ?? options.get('delimiter') ?? ',';
  return {
    separator: separator === '\\t' ? '\t' : separator,
    quote: options.get('quote') ?? '"',
    escape: options.get('escape') ?? '\\',
    nullValue: options.get('nullValue') ?? '',
    header: options.boolean('header', false),
    comment: options.get('comment'),
  };
}

/** The fields of a line; `null` when a quoted field is not closed. */
export function splitCsvLine(line: string, dialect: CsvDialect): string[] | null {
  const { separator, quote, escape } = dialect;
  if (!line.includes(quote)) return line.split(separator);
  const fields: string[] = [];
  let field = '';
  let index = 0;
  let quoted = false;
  let fieldStart = true;
  while (index < line.length) {
    const character = line[index] as string;
    if (quoted) {
      if (character === escape && escape !== quote && line[index + 1] === quote) {
        field += quote;
        index += 2;
        continue;
      }
      if (character === quote) {
        if (line[index + 1] === quote) {
          field += quote;
          index += 2;
          continue;
        }
        quoted = false;
        index += 1;
        continue;
      }
      field += character;
      index += 1;
      continue;
    }
    if (line.startsWith(separator, index)) {
      fields.push(field);
      field = '';
      fieldStart = true;
      index += separator.length;
      continue;
    }
    if (character === quote && fieldStart) {
      quoted = true;
      fieldStart = false;
      index += 1;
      continue;
    }
    field += character;
    fieldStart = false;
    index += 1;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}
