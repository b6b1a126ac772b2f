// Generated events as a source: offsets count events, `total` of them exist,
// and any range can be read again (the generator replays it from its seed).
// A Kafka-like source gets the same events as records whose value is their
// JSON text, through `generatedKafkaRecords`.

import { rowLimitedOffset, type ColumnType, type CorruptRecord, type ReadLimit, type Row, type SimSource } from '../engine/source';
import type { KafkaRecordLog } from '../io/kafka-source';
import type { EventGenerator } from './event-generator';

export class GeneratedSource implements SimSource {
  readonly schema: readonly ColumnType[];

  constructor(
    readonly name: string,
    private readonly generator: EventGenerator,
    private readonly total: number,
  ) {
    this.schema = generator.schema;
  }

  latestOffset(committed: number, limit: ReadLimit): number {
    return rowLimitedOffset(committed, this.total, limit);
  }

  getBatch(start: number, end: number): readonly Row[] {
    return this.generator.rows(start, Math.min(end, this.total));
  }

  corruptRecords(): readonly CorruptRecord[] {
    return [];
  }
}

/**
 * `total` generated events as Kafka records: the value is the event as JSON,
 * the key the event's first key-like column (a user or device id), and the
 * record timestamp the event's time, so a query that reads Kafka's `key` and
 * `timestamp` sees skew and late records too.
 */
export function generatedKafkaRecords(generator: EventGenerator, total: number): KafkaRecordLog {
  const keyColumn = generator.schema.find((column) => /(^|_)(user|device|sensor|customer|account|session)(_id)?$|(^|_)key$/i.test(column.name))?.name ?? null;
  const timeColumn = generator.schema.find((column) => column.name === generator.eventTimeColumn && column.type.startsWith('timestamp'))?.name ?? null;
  return {
    recordCount: total,
    read(from, to) {
      const rows = generator.rows(Math.max(0, from), Math.min(to, total));
      return rows.map((row, index) => {
        const time = timeColumn === null ? null : row[timeColumn];
        return {
          key: keyColumn === null || row[keyColumn] === null || row[keyColumn] === undefined ? null : String(row[keyColumn]),
          value: JSON.stringify(generator.toJson(row)),
          timestampMicros: typeof time === 'number' ? time : generator.nominalMicros(from + index),
        };
      });
    },
  };
}
