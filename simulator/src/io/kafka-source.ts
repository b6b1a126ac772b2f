// A Kafka-like source: each line is one record of a single-partition topic
// whose `value` holds the line's text, so a pipeline that reads
// `from_json(col("value").cast("string"), schema)` works unchanged. Offsets
// are record offsets, and `maxOffsetsPerTrigger` arrives as a row limit.
//
// Binary columns (`key`, `value`) carry the text they hold: the simulator
// represents binary as a string, so `cast("string")` is the identity. The
// source itself never rejects a record (Kafka does not look at values); a
// value that is not JSON shows up where the pipeline parses it.

import { rowLimitedOffset, type ColumnType, type CorruptRecord, type ReadLimit, type Row, type SimSource } from '../engine/source';
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

/** One record as the source hands it out. */
export interface KafkaRecord {
  readonly key: string | null;
  readonly value: string;
  /** The record's timestamp (Kafka's CreateTime), microseconds since the epoch. */
  readonly timestampMicros: number;
}

/** A replayable log of records addressed by 0-based offset. */
export interface KafkaRecordLog {
  readonly recordCount: number;
  read(from: number, to: number): readonly KafkaRecord[];
}

/** Each line of a text log is a record value with no key, stamped with one time (the simulation's start). */
export function lineRecords(lines: LineLog, timestampMicros: number): KafkaRecordLog {
  return {
    get recordCount() {
      return lines.lineCount;
    },
    read(from, to) {
      return lines.read(from, to).lines.map((value) => ({ key: null, value, timestampMicros }));
    },
  };
}

export class KafkaSource implements SimSource {
  readonly schema = kafkaSchema;

  constructor(
    readonly name: string,
    private readonly topic: string,
    private readonly records: KafkaRecordLog,
  ) {}

  latestOffset(committed: number, limit: ReadLimit): number {
    return rowLimitedOffset(committed, this.records.recordCount, limit);
  }

  getBatch(start: number, end: number): readonly Row[] {
    const records = this.records.read(start, end);
    const rows: Row[] = new Array(records.length);
    for (let index = 0; index < records.length; index++) {
      const record = records[index] as KafkaRecord;
      rows[index] = {
        key: record.key,
        value: record.value,
        topic: this.topic,
        partition: 0,
        offset: start + index,
        timestamp: record.timestampMicros,
        timestampType: 0,
      };
    }
    return rows;
  }

  corruptRecords(): readonly CorruptRecord[] {
    return [];
  }
}
