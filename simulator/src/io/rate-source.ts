// Spark's rate source on the simulator's virtual clock. The offset is the
// number of whole seconds since the source started; the rows of seconds
// [start, end) have consecutive values, and their timestamps spread the
// batch's time evenly over its values (RateStreamMicroBatchStream):
//   timestamp = startTime + start·1000 + round((value − firstValue) · msPerValue)
// With `rampUpTime` the speed grows linearly to `rowsPerSecond`
// (rowsPerSecond 10 over 4 s gives 2, 4, 6, 8 rows/s, then 10). Rows come out
// partition by partition, as Spark's `numPartitions` readers produce them.

import type { ColumnType, CorruptRecord, ReadLimit, Row, SimSource } from '../engine/source';
import type { SourceOptions } from './source-options';

export const rateSchema: readonly ColumnType[] = [
  { name: 'timestamp', type: 'timestamp' },
  { name: 'value', type: 'bigint' },
];

export interface RateSettings {
  readonly rowsPerSecond: number;
  readonly rampUpSeconds: number;
  readonly numPartitions: number;
}

/** Reads the rate source options; a message per invalid one (Spark fails the query on them). */
export function rateSettings(options: SourceOptions): { readonly value: RateSettings; readonly problems: readonly string[] } {
  const problems: string[] = [];
  const rows = options.positiveInteger('rowsPerSecond');
  if (rows.problem !== null) problems.push(rows.problem);
  const partitions = options.positiveInteger('numPartitions');
  if (partitions.problem !== null) problems.push(partitions.problem);
  let rampUpSeconds = 0;
  const rampUp = options.get('rampUpTime');
  if (rampUp !== null) {
    const seconds = durationSeconds(rampUp);
    if (seconds === null || seconds < 0) problems.push(`option 'rampUpTime' must be a non-negative duration such as '5s', got '${rampUp}'`);
    else rampUpSeconds = seconds;
  }
  return { value: { rowsPerSecond: rows.value ?? 1, rampUpSeconds, numPartitions: partitions.value ?? 1 }, problems };
}

/** The value count produced by the end of second `seconds` (Spark's `valueAtSecond`). */
export function valueAtSecond(seconds: number, rowsPerSecond: number, rampUpSeconds: number): number {
  const speedDeltaPerSecond = Math.floor(rowsPerSecond / (rampUpSeconds + 1));
  if (seconds <= rampUpSeconds) return ((speedDeltaPerSecond * seconds) * (seconds + 1)) / 2;
  const rampUpPart = valueAtSecond(rampUpSeconds, rowsPerSecond, rampUpSeconds);
  return rampUpPart + (seconds - rampUpSeconds) * rowsPerSecond;
}

export class RateSource implements SimSource {
  readonly schema = rateSchema;
  private readonly startMillis: number;
  private lastMillis: number;

  constructor(
    readonly name: string,
    private readonly settings: RateSettings,
    /** The virtual processing-time clock, in milliseconds; the source starts at its value when created. */
    private readonly clock: () => number,
  ) {
    this.startMillis = clock();
    this.lastMillis = this.startMillis;
  }

  latestOffset(committed: number, _limit: ReadLimit): number {
    // The rate source has no admission control: a batch takes every whole second elapsed
    this.lastMillis = Math.max(this.lastMillis, this.clock());
    return Math.max(committed, Math.floor((this.lastMillis - this.startMillis) / 1000));
  }

  getBatch(start: number, end: number): readonly Row[] {
    if (end <= start) return [];
    const { rowsPerSecond, rampUpSeconds, numPartitions } = this.settings;
    const first = valueAtSecond(start, rowsPerSecond, rampUpSeconds);
    const last = valueAtSecond(end, rowsPerSecond, rampUpSeconds);
    if (last <= first) return [];
    const batchStartMillis = this.startMillis + start * 1000;
    const millisPerValue = ((end - start) * 1000) / (last - first);
    const rows: Row[] = [];
    for (let partition = 0; partition < numPartitions; partition++) {
      for (let value = first + partition; value < last; value += numPartitions) {
        const millis = batchStartMillis + Math.round((value - first) * millisPerValue);
        rows.push({ timestamp: millis * 1000, value });
      }
    }
    return rows;
  }

  corruptRecords(): readonly CorruptRecord[] {
    return [];
  }
}

/** Seconds in a duration such as `5s`, `5 seconds`, `2 minutes`, `1500ms`, or a bare number of seconds. */
export function durationSeconds(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (match === null) return null;
  const amount = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  const scale: Readonly<Record<string, number>> = {
    '': 1,
    ms: 0.001,
    millisecond: 0.001,
    milliseconds: 0.001,
    s: 1,
    sec: 1,
    secs: 1,
    second: 1,
    seconds: 1,
    m: 60,
    min: 60,
    mins: 60,
    minute: 60,
    minutes: 60,
    h: 3600,
    hour: 3600,
    hours: 3600,
  };
  const factor = scale[unit];
  return factor === undefined ? null : Math.floor(amount * factor);
}
