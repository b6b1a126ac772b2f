// Line plots over batches as inline SVG strings: no chart library, nothing
// loaded from the network. Colours come from classes (`series-<key>`) the
// view's stylesheet maps to the theme's --vscode-charts-* variables: the
// Content-Security-Policy forbids inline style attributes.
// Every point carries data-batch so a click selects that batch.

import { escapeHtml } from './escape-html';

export interface PlotSeries {
  readonly name: string;
  /** Kebab-case key: the class `series-<key>` colours it, `data-series` names it. */
  readonly key: string;
  /** One value per batch; null leaves a gap (e.g. no watermark yet). */
  readonly values: readonly (number | null)[];
}

export interface PlotInput {
  readonly id: string;
  readonly title: string;
  readonly batchIds: readonly number[];
  readonly series: readonly PlotSeries[];
  /** How a value reads in the tooltip and axis labels. */
  readonly format: (value: number) => string;
}

export interface PlotPoint {
  readonly batchId: number;
  readonly value: number;
  readonly x: number;
  readonly y: number;
}

export const plotWidth = 360;
export const plotHeight = 150;
const margin = { left: 56, right: 10, top: 10, bottom: 24 } as const;

/** Where each non-null value lands in the plot area; shared by every series of a plot so they compare. */
export function layoutPoints(batchIds: readonly number[], values: readonly (number | null)[], range: { min: number; max: number }): PlotPoint[] {
  const innerWidth = plotWidth - margin.left - margin.right;
  const innerHeight = plotHeight - margin.top - margin.bottom;
  const span = range.max - range.min || 1;
  const step = batchIds.length > 1 ? innerWidth / (batchIds.length - 1) : 0;
  const points: PlotPoint[] = [];
  batchIds.forEach((batchId, index) => {
    const value = values[index];
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    const x = margin.left + (batchIds.length > 1 ? index * step : innerWidth / 2);
    const y = margin.top + innerHeight - ((value - range.min) / span) * innerHeight;
    points.push({ batchId, value, x: round(x), y: round(y) });
  });
  return points;
}

/** The value range of all series; a flat or empty plot still gets a visible range. */
export function valueRange(series: readonly PlotSeries[], fromZero: boolean): { min: number; max: number } {
  const values = series.flatMap((entry) => entry.values).filter((value): value is number => value !== null && Number.isFinite(value));
  if (values.length === 0) return { min: 0, max: 1 };
  const min = fromZero ? Math.min(0, ...values) : Math.min(...values);
  const max = Math.max(...values);
  return max === min ? { min: fromZero ? min : min - 1, max: max + 1 } : { min, max };
}

export function renderPlot(plot: PlotInput, fromZero: boolean): string {
  const range = valueRange(plot.series, fromZero);
  const innerWidth = plotWidth - margin.left - margin.right;
  const bottom = plotHeight - margin.bottom;
  const columnWidth = plot.batchIds.length > 1 ? innerWidth / (plot.batchIds.length - 1) : innerWidth;
  const parts: string[] = [];
  parts.push(`<line class="axis" x1="${margin.left}" y1="${bottom}" x2="${plotWidth - margin.right}" y2="${bottom}"/>`);
  parts.push(`<line class="axis" x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${bottom}"/>`);
  parts.push(`<text class="tick" x="${margin.left - 4}" y="${margin.top + 8}" text-anchor="end">${escapeHtml(plot.format(range.max))}</text>`);
  parts.push(`<text class="tick" x="${margin.left - 4}" y="${bottom}" text-anchor="end">${escapeHtml(plot.format(range.min))}</text>`);
  // One transparent column per batch: an easy click target, highlighted when selected.
  plot.batchIds.forEach((batchId, index) => {
    const x = margin.left + (plot.batchIds.length > 1 ? index * columnWidth : innerWidth / 2);
    parts.push(`<rect class="hit" data-batch="${batchId}" x="${round(x - Math.max(columnWidth, 8) / 2)}" y="${margin.top}" width="${round(Math.max(columnWidth, 8))}" height="${bottom - margin.top}"><title>batch ${batchId}</title></rect>`);
    parts.push(`<text class="tick" x="${round(x)}" y="${plotHeight - 8}" text-anchor="middle">${batchId}</text>`);
  });
  for (const series of plot.series) {
    const points = layoutPoints(plot.batchIds, series.values, range);
    const seriesClass = `series-${escapeHtml(series.key)}`;
    // Consecutive points form one polyline; a null value breaks it.
    for (const run of contiguousRuns(plot.batchIds, points)) {
      if (run.length > 1) {
        parts.push(`<polyline class="line ${seriesClass}" points="${run.map((point) => `${point.x},${point.y}`).join(' ')}"/>`);
      }
    }
    for (const point of points) {
      parts.push(
        `<circle class="point ${seriesClass}" data-batch="${point.batchId}" data-series="${escapeHtml(series.key)}" data-value="${point.value}" cx="${point.x}" cy="${point.y}" r="3.5">` +
          `<title>${escapeHtml(series.name)}, batch ${point.batchId}: ${escapeHtml(plot.format(point.value))}</title></circle>`,
      );
    }
  }
  const legend = plot.series
    .map((series) => `<span class="legend-item"><span class="swatch series-${escapeHtml(series.key)}"></span>${escapeHtml(series.name)}</span>`)
    .join(' ');
  return `<figure class="plot" id="plot-${escapeHtml(plot.id)}" data-plot="${escapeHtml(plot.id)}">` +
    `<figcaption>${escapeHtml(plot.title)} <span class="legend">${legend}</span></figcaption>` +
    `<svg viewBox="0 0 ${plotWidth} ${plotHeight}" width="${plotWidth}" height="${plotHeight}" role="img" aria-label="${escapeHtml(plot.title)}">${parts.join('')}</svg>` +
    `</figure>`;
}

function contiguousRuns(batchIds: readonly number[], points: readonly PlotPoint[]): PlotPoint[][] {
  const position = new Map(batchIds.map((batchId, index) => [batchId, index]));
  const runs: PlotPoint[][] = [];
  let previous = -2;
  for (const point of points) {
    const index = position.get(point.batchId) ?? -1;
    if (index !== previous + 1 || runs.length === 0) runs.push([]);
    runs[runs.length - 1]!.push(point);
    previous = index;
  }
  return runs;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
