// The zero-config input: events made up from a schema, reproducible from a
// seed. Event times advance with jitter; a share of rows arrive out of order
// (a little behind the newest time seen) and a smaller share arrive late (far
// behind, beyond the watermark delay), so watermarks and late-row drops show
// in a simulation of any file.
//
// Any range of events can be produced again: the generator saves the PRNG
// state every `checkpointEvery` events and replays from the nearest one. That
// is what lets a restarted query re-read a batch and keeps memory flat on long
// runs.

import type { ColumnType, Row } from '../engine/source';
import { parseSparkType, type SparkType } from '../io/spark-type';
import { formatDateDays, formatTimestampMicros } from '../io/timestamps';
import { hashText, Prng } from './prng';
import { valueGenerator, type RowContext, type ValueGenerator } from './value-generator';

export interface GeneratorOptions {
  readonly seed: number;
  /** Event time of the first event, microseconds since the epoch. */
  readonly startMicros: number;
  /** Mean gap between consecutive events' times. */
  readonly spacingMicros: number;
  /** The column that carries event time (the watermark's column); null picks the first timestamp column. */
  readonly eventTimeColumn: string | null;
  /** Share of rows that come slightly behind the newest time seen. */
  readonly outOfOrderShare: number;
  /** How far behind an out-of-order row may be (keep it under the watermark delay so it is not dropped). */
  readonly maxDisorderMicros: number;
  /** Share of rows that come later than the watermark delay allows. */
  readonly lateShare: number;
  /** How far behind a late row is (at least); make it exceed the pipeline's watermark delay. */
  readonly lateByMicros: number;
}

/** 2024-01-01T00:00:00Z: a fixed start, so runs do not depend on the day. */
export const defaultStartMicros = Date.UTC(2024, 0, 1) * 1000;
export const defaultSeed = 42;

export function defaultGeneratorOptions(overrides: Partial<GeneratorOptions> = {}): GeneratorOptions {
  return {
    seed: defaultSeed,
    startMicros: defaultStartMicros,
    spacingMicros: 1_000_000,
    eventTimeColumn: null,
    outOfOrderShare: 0.1,
    maxDisorderMicros: 5_000_000,
    lateShare: 0.02,
    lateByMicros: 15 * 60_000_000,
    ...overrides,
  };
}

const checkpointEvery = 1024;

interface CompiledColumn {
  readonly name: string;
  readonly type: SparkType | null;
  readonly generate: ValueGenerator;
  /** Turns the engine value into its JSON form (timestamps as ISO text). */
  readonly toJson: (value: unknown) => unknown;
}

export class EventGenerator {
  private readonly columns: readonly CompiledColumn[];
  /** The column carrying each event's time (a timestamp column), or null. */
  readonly eventTimeColumn: string | null;
  /** PRNG state before event k·checkpointEvery. */
  private readonly checkpoints: number[] = [];

  constructor(
    readonly schema: readonly ColumnType[],
    readonly options: GeneratorOptions,
    /** Mixed into the seed so two sources of one run differ. */
    salt = '',
  ) {
    this.eventTimeColumn = options.eventTimeColumn ?? schema.find((column) => isTimestamp(column.type))?.name ?? null;
    this.columns = schema.map((column) => {
      const type = parseSparkType(column.type);
      return {
        name: column.name,
        type,
        generate: type === null ? () => null : this.eventTimeGenerator(column.name, type) ?? valueGenerator(column.name, type),
        toJson: type === null ? (value: unknown) => value : jsonForm(type),
      };
    });
    this.checkpoints.push((options.seed ^ hashText(salt)) >>> 0);
  }

  /** Events with 0-based indexes in [from, to), as engine values (timestamps in microseconds). */
  rows(from: number, to: number): Row[] {
    const rows: Row[] = [];
    this.generate(from, to, (row) => rows.push(row));
    return rows;
  }

  /** The same events as JSON text lines, timestamps as ISO-8601 text (what a Kafka producer would send). */
  jsonLines(from: number, to: number): string[] {
    const lines: string[] = [];
    this.generate(from, to, (row) => lines.push(JSON.stringify(this.toJson(row))));
    return lines;
  }

  /** The time an event was produced (its nominal time, before disorder): a Kafka record's CreateTime. */
  nominalMicros(index: number): number {
    return this.options.startMicros + index * this.options.spacingMicros;
  }

  toJson(row: Row): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const column of this.columns) result[column.name] = column.toJson(row[column.name]);
    return result;
  }

  private generate(from: number, to: number, emit: (row: Row) => void): void {
    if (to <= from) return;
    const start = Math.max(0, from);
    const block = Math.min(Math.floor(start / checkpointEvery), this.checkpoints.length - 1);
    const prng = new Prng(this.checkpoints[block] as number);
    for (let index = block * checkpointEvery; index < to; index++) {
      if (index % checkpointEvery === 0 && index / checkpointEvery === this.checkpoints.length) this.checkpoints.push(prng.state);
      const row = this.event(index, prng);
      if (index >= start) emit(row);
    }
  }

  private event(index: number, prng: Prng): Row {
    const { spacingMicros, maxDisorderMicros, lateByMicros } = this.options;
    let micros = this.nominalMicros(index) + Math.round((prng.next() - 0.5) * spacingMicros);
    const draw = prng.next();
    if (draw < this.options.lateShare && index * spacingMicros > 1.5 * lateByMicros) {
      micros -= lateByMicros + Math.round(prng.next() * lateByMicros * 0.5);
    } else if (draw < this.options.lateShare + this.options.outOfOrderShare) {
      micros -= Math.round(prng.next() * maxDisorderMicros);
    }
    const context: RowContext = { prng, index, eventMicros: micros };
    const row: Row = {};
    for (const column of this.columns) row[column.name] = column.generate(context);
    return row;
  }

  /** The event-time column's generator: the event's own time in the column's representation. */
  private eventTimeGenerator(name: string, type: SparkType): ValueGenerator | null {
    if (name !== this.eventTimeColumn && !(this.eventTimeColumn === null && isEpochName(name, type))) return null;
    if (type.kind !== 'primitive') return null;
    switch (type.name) {
      case 'timestamp':
      case 'timestamp_ntz':
        return (context) => context.eventMicros;
      case 'bigint':
      case 'int':
        return /ms|milli/i.test(name)
          ? (context) => Math.floor(context.eventMicros / 1000)
          : (context) => Math.floor(context.eventMicros / 1_000_000);
      case 'double':
        return (context) => context.eventMicros / 1_000_000;
      case 'string':
        return (context) => formatTimestampMicros(context.eventMicros);
      default:
        return null;
    }
  }
}

function isTimestamp(type: string): boolean {
  return type === 'timestamp' || type === 'timestamp_ntz';
}

/** A number or text column that holds the event time when the schema has no timestamp (`ts`, `event_time_ms`, `epoch`). */
function isEpochName(name: string, type: SparkType): boolean {
  return type.kind === 'primitive' && /^(ts|time|timestamp|epoch)$|(^|_)(ts|time|timestamp|epoch)(_ms|_millis|_sec|_seconds)?$/i.test(name);
}

function jsonForm(type: SparkType): (value: unknown) => unknown {
  switch (type.kind) {
    case 'primitive':
      if (type.name === 'timestamp' || type.name === 'timestamp_ntz') return (value) => (typeof value === 'number' ? formatTimestampMicros(value) : value);
      if (type.name === 'date') return (value) => (typeof value === 'number' ? formatDateDays(value) : value);
      return (value) => value;
    case 'decimal':
      return (value) => value;
    case 'array': {
      const element = jsonForm(type.element);
      return (value) => (Array.isArray(value) ? value.map(element) : value);
    }
    case 'map': {
      const element = jsonForm(type.value);
      return (value) =>
        value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, element(item)]))
          : value;
    }
    case 'struct': {
      const fields = type.fields.map((field) => ({ name: field.name, form: jsonForm(field.type) }));
      return (value) => {
        if (value === null || typeof value !== 'object') return value;
        const source = value as Record<string, unknown>;
        const result: Record<string, unknown> = {};
        for (const field of fields) result[field.name] = field.form(source[field.name]);
        return result;
      };
    }
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}
