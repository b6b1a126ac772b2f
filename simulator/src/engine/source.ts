// How the simulator reads input: a source is a replayable log of rows
// addressed by integer offsets, as Spark's sources are. The micro-batch loop
// asks each source for its latest offset under a read limit, records the
// offsets in the offsets log before running the batch, and then asks for the
// rows between the committed and the planned offsets. Asking again for the same
// range after a restart must return the same rows (that is what makes replay
// and exactly-once possible).

/** A row as the engine sees it. Timestamps are microseconds since the epoch (as in Spark); structs are plain objects. */
export type Row = Record<string, unknown>;

export interface ColumnType {
  readonly name: string;
  /** Spark SQL type name, lower case (`bigint`, `string`, `timestamp`, `struct<...>`). */
  readonly type: string;
}

/** A limit on what one micro-batch may take from a source. */
export type ReadLimit =
  | { readonly kind: 'all' }
  | { readonly kind: 'maxRows'; readonly rows: number }
  | { readonly kind: 'maxFiles'; readonly files: number };

/** How far a source addressed by rows may read: all `available` rows, or `maxRows` past `committed` (a file limit does not count rows). */
export function rowLimitedOffset(committed: number, available: number, limit: ReadLimit): number {
  return limit.kind === 'maxRows' ? Math.min(available, committed + limit.rows) : available;
}

/** An input line the source could not parse, kept aside (never dropped silently). */
export interface CorruptRecord {
  readonly source: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly raw: string;
  readonly error: string;
}

export interface SimSource {
  /** The input's name: `events`, or the suffix of `events_<name>` for multi-input scenarios, or the source's path/table. */
  readonly name: string;
  readonly schema: readonly ColumnType[];
  /** The newest offset a batch starting after `committed` may read up to under `limit`; equal to `committed` when nothing new is available. */
  latestOffset(committed: number, limit: ReadLimit): number;
  /** Rows with offsets in (start, end], in order. Deterministic for a given range. */
  getBatch(start: number, end: number): readonly Row[];
  /** Malformed input met while reading (start, end]: the engine records it in the corrupt-records table and counts it in the progress. */
  corruptRecords(start: number, end: number): readonly CorruptRecord[];
}
