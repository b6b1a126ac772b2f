// An event file as a source: each record line is one offset (offset k means
// "the first k records have been read"), so a batch can take any number of
// lines and a restarted query re-reads exactly the same range. Lines are parsed
// with the source's format and mode; malformed ones are kept as corrupt records.

import { rowLimitedOffset, type ColumnType, type CorruptRecord, type ReadLimit, type Row, type SimSource } from '../engine/source';
import type { LineLog } from './line-log';
import type { ParseSink, RecordParser } from './record-parser';

export class EventFileSource implements SimSource {
  /** The last parsed range, so `corruptRecords` after `getBatch` on the same range does not parse twice. */
  private cached: { readonly start: number; readonly end: number; readonly sink: ParseSink } | null = null;

  constructor(
    readonly name: string,
    readonly schema: readonly ColumnType[],
    private readonly lines: LineLog,
    private readonly parser: RecordParser,
  ) {}

  latestOffset(committed: number, limit: ReadLimit): number {
    return rowLimitedOffset(committed, this.lines.lineCount, limit);
  }

  getBatch(start: number, end: number): readonly Row[] {
    return this.parse(start, end).rows;
  }

  corruptRecords(start: number, end: number): readonly CorruptRecord[] {
    return this.parse(start, end).corrupt;
  }

  private parse(start: number, end: number): ParseSink {
    if (this.cached !== null && this.cached.start === start && this.cached.end === end) return this.cached.sink;
    const range = this.lines.read(start, end);
    const sink: ParseSink = { rows: [], corrupt: [] };
    const file = this.lines.file;
    for (let index = 0; index < range.lines.length; index++) {
      this.parser.parse(range.lines[index] as string, { source: this.name, file, line: range.lineNumbers[index] ?? null }, sink);
    }
    this.cached = { start, end, sink };
    return sink;
  }
}
