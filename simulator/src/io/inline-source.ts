// Rows given in memory (a test, a scenario step, rows written in the code) as a
// source: offsets count rows, and rows added later become visible to the next
// batch, as with Spark's MemoryStream. Rows are taken as engine values.

import { rowLimitedOffset, type ColumnType, type CorruptRecord, type ReadLimit, type Row, type SimSource } from '../engine/source';

export class InlineSource implements SimSource {
  private readonly rows: Row[] = [];

  constructor(
    readonly name: string,
    readonly schema: readonly ColumnType[],
    rows: readonly Row[] = [],
  ) {
    this.rows.push(...rows);
  }

  add(rows: readonly Row[]): void {
    for (const row of rows) this.rows.push(row);
  }

  latestOffset(committed: number, limit: ReadLimit): number {
    return rowLimitedOffset(committed, this.rows.length, limit);
  }

  getBatch(start: number, end: number): readonly Row[] {
    return this.rows.slice(Math.max(0, start), Math.max(0, end));
  }

  corruptRecords(): readonly CorruptRecord[] {
    return [];
  }
}
