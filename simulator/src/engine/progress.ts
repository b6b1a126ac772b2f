// StreamingQueryProgress as Spark reports it after every trigger, built from
// the injected clock so it is deterministic in tests.

import type { StatefulOperator, WatermarkExecutor } from './executor';
import { isoMillis } from './values';

export interface StateOperatorProgress {
  readonly operatorName: string;
  readonly numRowsTotal: number;
  readonly numRowsUpdated: number;
  readonly numRowsRemoved: number;
  readonly numRowsDroppedByWatermark: number;
  readonly customMetrics: Readonly<Record<string, number>>;
}

export interface SourceProgress {
  readonly description: string;
  readonly startOffset: number | null;
  readonly endOffset: number;
  readonly latestOffset: number;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  /** Spark's per-source custom metrics (strings): here `numCorruptRecords`, the malformed input kept aside. */
  readonly metrics: Readonly<Record<string, string>>;
}

export interface StreamingQueryProgress {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly timestamp: string;
  readonly batchId: number;
  readonly batchDuration: number;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  readonly durationMs: {
    readonly addBatch: number;
    readonly getBatch: number;
    readonly latestOffset: number;
    readonly queryPlanning: number;
    readonly triggerExecution: number;
    readonly walCommit: number;
  };
  /** ISO strings, as Spark prints them; min/max/avg only when the batch had event times. */
  readonly eventTime: Readonly<Record<string, string>>;
  readonly stateOperators: readonly StateOperatorProgress[];
  readonly sources: readonly SourceProgress[];
  readonly sink: { readonly description: string; readonly numOutputRows: number };
}

export interface ProgressInput {
  readonly queryId: string;
  readonly runId: string;
  readonly name: string | null;
  readonly batchId: number;
  readonly batchTimestampMs: number;
  readonly batchWatermarkMs: number;
  readonly numInputRows: number;
  readonly numOutputRows: number;
  readonly durations: StreamingQueryProgress['durationMs'];
  readonly sinceLastTriggerMs: number;
  readonly watermarks: readonly WatermarkExecutor[];
  /** Downstream first, as Spark lists them. */
  readonly operators: readonly StatefulOperator[];
  readonly sources: readonly { description: string; startOffset: number; endOffset: number; numInputRows: number; numCorruptRecords: number }[];
  readonly sinkDescription: string;
}

function rate(rows: number, millis: number): number {
  return millis > 0 ? (rows * 1000) / millis : 0;
}

export function buildProgress(input: ProgressInput): StreamingQueryProgress {
  const eventTime: Record<string, string> = {};
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const watermark of input.watermarks) {
    if (watermark.count === 0) continue;
    count += watermark.count;
    sum += watermark.sum;
    min = Math.min(min, watermark.min);
    max = Math.max(max, watermark.max);
  }
  if (count > 0) {
    eventTime['avg'] = isoMillis(Math.round(sum / count));
    eventTime['max'] = isoMillis(max);
    eventTime['min'] = isoMillis(min);
  }
  if (input.watermarks.length > 0) eventTime['watermark'] = isoMillis(input.batchWatermarkMs);
  const processing = input.durations.triggerExecution;
  return {
    id: input.queryId,
    runId: input.runId,
    name: input.name,
    timestamp: isoMillis(input.batchTimestampMs),
    batchId: input.batchId,
    batchDuration: processing,
    numInputRows: input.numInputRows,
    inputRowsPerSecond: rate(input.numInputRows, input.sinceLastTriggerMs),
    processedRowsPerSecond: rate(input.numInputRows, processing),
    durationMs: input.durations,
    eventTime,
    stateOperators: input.operators.map((operator) => ({
      operatorName: operator.operatorName,
      numRowsTotal: operator.numRowsTotal(),
      numRowsUpdated: operator.metrics.numRowsUpdated,
      numRowsRemoved: operator.metrics.numRowsRemoved,
      numRowsDroppedByWatermark: operator.metrics.numRowsDroppedByWatermark,
      customMetrics: { ...operator.metrics.customMetrics },
    })),
    sources: input.sources.map((source) => ({
      description: source.description,
      startOffset: source.startOffset,
      endOffset: source.endOffset,
      latestOffset: source.endOffset,
      numInputRows: source.numInputRows,
      inputRowsPerSecond: rate(source.numInputRows, input.sinceLastTriggerMs),
      processedRowsPerSecond: rate(source.numInputRows, processing),
      metrics: { numCorruptRecords: String(source.numCorruptRecords) },
    })),
    sink: { description: input.sinkDescription, numOutputRows: input.numOutputRows },
  };
}
