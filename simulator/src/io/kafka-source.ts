// A Kafka-like source: each line is one record of a single-partition topic
// whose `value` holds the line's text, so a pipeline that reads
// `from_json(col("value").cast("string"), schema)` works unchanged. Offsets
// are record offsets, and `maxOffsetsPerTrigger` arrives as a row limit.
//
// Binary columns (`key`, `value`) carry the text they hold: the simulator
// represents binary as a string, so `cast("string")` is the identity. The
// source itself never rejects a record (Kafka does not look at values); a
// value that is not JSON shows up where the pipeline parses it.

import type { ColumnType, CorruptRecord, ReadLimit, Row, SimSource } from '../engine/source';
import type { LineLog } from './line-log';

/** The columns Spark's Kafka source produces, in its order. */
export const kafkaSchema: readonly ColumnType[] = [
  { name: 'key', type: 'binary' },
  { name: 'value', type: 'binary' },
  { name: 'topic', type: 'string' },
  { name: 'partition', type: 'int' },
  { name: 'offset', type: 'bigint' },
  { name: 'timestamp', type: 'timestamp' },
  { name: 'timestampType', type: 'int' },
];

export interface KafkaRecordTiming {
  /** The record's timestamp (microseconds), from its 0-based offset; Kafka's CreateTime. */
  timestampMicros(offset: number): number;
}

export class KafkaSource implements SimSource {
  readonly schema = kafkaSchema;

  constructor(
    readonly name: string,
    private readonly topic: string,
    private readonly lines: LineLog,
    private readonly timing: KafkaRecordTiming,
  ) {}

  latestOffset(committed: number, limit: ReadLimit): number {
    const available = this.lines.lineCount;
    return limit.kind === 'maxRows' ? Math.min(available, committed + limit.rows) : available;
  }

  getBatch(start: number, end: number): readonly Row[] {
    const range = this.lines.read(start, end);
    const rows: Row[] = new Array(range.lines.length);
    for (let index = 0; index < range.lines.length; index++) {
      const offset = start + index;
      rows[index] = {
        key: null,
        value: range.lines[index],
        topic: this.topic,
        partition: 0,
        offset,
        timestamp: this.timing.timestampMicros(offset),
        timestampType: 0,
      };
    }
    return rows;
  }

  corruptRecords(): readonly CorruptRecord[] {
    return [];
  }
}
