// Generated events as a source: offsets count events, `total` of them exist,
// and any range can be read again (the generator replays it from its seed).
// A Kafka-like source gets the same events as JSON text lines instead, through
// `generatedLineLog`.

import type { ColumnType, CorruptRecord, ReadLimit, Row, SimSource } from '../engine/source';
import type { LineLog } from '../io/line-log';
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
    return limit.kind === 'maxRows' ? Math.min(this.total, committed + limit.rows) : this.total;
  }

  getBatch(start: number, end: number): readonly Row[] {
    return this.generator.rows(start, Math.min(end, this.total));
  }

  corruptRecords(): readonly CorruptRecord[] {
    return [];
  }
}

/** `total` generated events as JSON lines (a Kafka topic's values, or the lines of a generated event file). */
export function generatedLineLog(generator: EventGenerator, total: number): LineLog {
  return {
    file: null,
    lineCount: total,
    read(from, to) {
      const first = Math.max(0, from);
      const lines = generator.jsonLines(first, Math.min(to, total));
      return { lines, lineNumbers: lines.map((_, index) => first + index + 1) };
    },
  };
}
