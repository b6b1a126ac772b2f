// What `whirlpool simulate` prints: a progress bar while batches run (only on a
// terminal), one plain line per batch otherwise, and a per-batch summary table
// at the end. Pure functions over batch summaries, so tests check the text.

export interface BatchSummary {
  readonly batchId: number;
  readonly inputRows: number;
  readonly outputRows: number;
  readonly stateRows: number;
  /** The watermark the batch ran with, epoch milliseconds; null before any. */
  readonly watermarkMs: number | null;
  readonly droppedLateRows: number;
  readonly corruptRecords: number;
}

const headers = ['batch', 'input rows', 'output rows', 'state rows', 'watermark', 'late rows dropped', 'corrupt records'] as const;

export function formatSummaryTable(batches: readonly BatchSummary[]): string {
  const rows = batches.map((batch) => [
    String(batch.batchId),
    String(batch.inputRows),
    String(batch.outputRows),
    String(batch.stateRows),
    formatWatermark(batch.watermarkMs),
    String(batch.droppedLateRows),
    String(batch.corruptRecords),
  ]);
  const totals = [
    'total',
    String(sum(batches, (batch) => batch.inputRows)),
    String(sum(batches, (batch) => batch.outputRows)),
    '',
    '',
    String(sum(batches, (batch) => batch.droppedLateRows)),
    String(sum(batches, (batch) => batch.corruptRecords)),
  ];
  const widths = headers.map((header, column) => Math.max(header.length, ...[...rows, totals].map((row) => (row[column] ?? '').length)));
  // Numbers right-aligned, the watermark left-aligned
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 4 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(headers), rule, ...rows.map(line), rule, line(totals)].join('\n');
}

/** One line per batch, for logs and pipes. */
export function formatBatchLine(batch: BatchSummary): string {
  return `batch ${batch.batchId}: ${batch.inputRows} in, ${batch.outputRows} out, ${batch.stateRows} in state, watermark ${formatWatermark(batch.watermarkMs)}, ${batch.droppedLateRows} late dropped, ${batch.corruptRecords} corrupt`;
}

/** A progress bar line (to be written after a carriage return): data batches done of those expected, rows read so far. */
export function formatProgressBar(done: number, total: number | null, batchId: number, rowsIn: number, width = 30): string {
  if (total === null || total <= 0) return `batch ${batchId}: ${done} data batches, ${rowsIn} rows in`;
  const filled = Math.min(width, Math.round((Math.min(done, total) / total) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} data batches, ${rowsIn} rows in (batch ${batchId})`;
}

export function formatWatermark(watermarkMs: number | null): string {
  if (watermarkMs === null || watermarkMs <= 0) return '-';
  return new Date(watermarkMs).toISOString().replace('.000Z', 'Z');
}

function sum(batches: readonly BatchSummary[], pick: (batch: BatchSummary) => number): number {
  return batches.reduce((total, batch) => total + pick(batch), 0);
}
