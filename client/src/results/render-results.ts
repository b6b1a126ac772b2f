// The results view as one HTML document, from a simulation result (and,
// after a crash re-run, the crashed run beside the clean one). Pure: data in,
// HTML out, so a browser test renders it from a recorded result without VS
// Code. The document's Content-Security-Policy allows nothing but its own
// nonce'd style and script: no remote content, no inline handlers.

import { compareRuns, type RunComparison } from './compare-runs';
import { escapeHtml } from './escape-html';
import { renderPlot, type PlotInput } from './plot';
import { resultsScript } from './results-script';
import { resultsStyle } from './results-style';
import { crashPhases, type BatchResult, type JsonValue, type Row, type SimulationResult } from './result-types';

export interface ResultsViewInput {
  readonly result: SimulationResult;
  /** The same query re-run with a crash injected, shown side by side with `result`. */
  readonly crashed: SimulationResult | null;
  /** A fresh random value per render; the only key to the inline style and script. */
  readonly nonce: string;
  /** The batch selected at first; defaults to the first batch with rows. */
  readonly selectedBatch?: number;
}

export function renderResultsHtml(input: ResultsViewInput): string {
  const { result, crashed, nonce } = input;
  // The nonce goes into the policy verbatim, so it must be plain base64.
  if (!/^[A-Za-z0-9+/=]{8,}$/.test(nonce)) throw new Error('the results view needs a base64 nonce of at least 8 characters');
  const selected = input.selectedBatch ?? firstInterestingBatch(result.batches);
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:;`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Simulation: ${escapeHtml(result.query.name)}</title>`,
    `<style nonce="${nonce}">${resultsStyle}</style>`,
    '</head>',
    `<body data-selected-batch="${selected ?? ''}">`,
    renderHeader(result),
    renderPlots(result),
    renderBatches(result, selected),
    renderCheckpoint(result),
    renderCorruptRecords(result),
    crashed ? renderComparison(result, crashed, compareRuns(result, crashed)) : '',
    `<script nonce="${nonce}">${resultsScript}</script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/** The plots' data, exposed for tests: one series per measure, one value per batch. */
export function plotInputs(result: SimulationResult): PlotInput[] {
  const batchIds = result.batches.map((batch) => batch.batchId);
  const count = (value: number): string => String(Math.round(value));
  return [
    { id: 'input-rows', title: 'Input rows', batchIds, format: count,
      series: [{ name: 'input rows', key: 'input', values: result.batches.map((batch) => batch.inputRows) }] },
    { id: 'state-rows', title: 'State rows', batchIds, format: count,
      series: [{ name: 'state rows', key: 'state', values: result.batches.map((batch) => batch.stateRows) }] },
    { id: 'watermark', title: 'Watermark and max event time', batchIds, format: formatClock,
      series: [
        { name: 'watermark', key: 'watermark', values: result.batches.map((batch) => batch.watermarkMs) },
        { name: 'max event time', key: 'event-time', values: result.batches.map((batch) => batch.maxEventTimeMs) },
      ] },
    { id: 'dropped-late', title: 'Rows dropped as late', batchIds, format: count,
      series: [{ name: 'dropped as late', key: 'dropped', values: result.batches.map((batch) => batch.droppedLateRows) }] },
  ];
}

function renderHeader(result: SimulationResult): string {
  const query = result.query;
  const phaseOptions = crashPhases
    .map((entry) => `<option value="${entry.phase}">${escapeHtml(entry.label)}</option>`)
    .join('');
  const batchOptions = result.batches
    .map((batch) => `<option value="${batch.batchId}">batch ${batch.batchId}</option>`)
    .join('');
  const crash = result.crash ? ` · crashed ${escapeHtml(describePhase(result.crash.phase))} in batch ${result.crash.batchId}` : '';
  return `<header>
<h1>${escapeHtml(query.name)}</h1>
<p class="summary" title="${escapeHtml(query.file)}">${escapeHtml(query.file.split(/[\\/]/).pop() ?? query.file)}:${query.line} · ${escapeHtml(query.outputMode)} mode · sink ${escapeHtml(query.sink)} (simulated as ${escapeHtml(query.sinkKind)}, ${escapeHtml(query.sinkSemantics)}) · ${result.batches.length} batches${crash}</p>
<div class="actions">
<button id="open-database" ${result.database ? '' : 'disabled'} title="${escapeHtml(result.database ?? 'no database file')}">Open SQLite file</button>
<span class="crash-controls">
<label>Crash <select id="crash-phase">${phaseOptions}</select></label>
<label>in <select id="crash-batch">${batchOptions}</select></label>
<button id="rerun-with-crash" ${result.batches.length === 0 ? 'disabled' : ''}>Re-run with crash</button>
</span>
</div>
</header>`;
}

function renderPlots(result: SimulationResult): string {
  const plots = plotInputs(result).map((plot) => renderPlot(plot, plot.id !== 'watermark')).join('\n');
  return `<section id="plots" aria-label="Plots over batches"><h2>Over batches</h2><div class="plots">${plots}</div></section>`;
}

function renderBatches(result: SimulationResult, selected: number | null): string {
  if (result.batches.length === 0) return '<section id="batches"><h2>Batches</h2><p class="empty">The simulation ran no batch</p></section>';
  const list = result.batches.map((batch) =>
    `<button class="batch-button" data-batch="${batch.batchId}" aria-pressed="${batch.batchId === selected}">` +
    `${batch.batchId}<span class="count">${batch.rows.length}</span></button>`).join('');
  const tables = result.batches.map((batch) => renderBatchRows(result.columns, batch, batch.batchId === selected)).join('\n');
  return `<section id="batches"><h2>Emitted rows per batch</h2><div class="batch-list" role="toolbar">${list}</div>${tables}</section>`;
}

function renderBatchRows(columns: readonly string[], batch: BatchResult, visible: boolean): string {
  const facts = [
    `${batch.inputRows} input rows`,
    `${batch.stateRows} state rows`,
    `watermark ${batch.watermarkMs === null ? 'none' : formatTime(batch.watermarkMs)}`,
    `${batch.droppedLateRows} dropped as late`,
    ...(batch.replayed ? ['replayed after a restart'] : []),
  ];
  const body = batch.rows.length === 0
    ? '<p class="empty">No rows emitted in this batch</p>'
    : renderTable(columns, batch.rows, 'rows');
  return `<div class="batch-rows" data-batch="${batch.batchId}"${visible ? '' : ' hidden'}>` +
    `<h3>Batch ${batch.batchId}</h3><p class="facts">${escapeHtml(facts.join(' · '))}</p>${body}</div>`;
}

function renderCheckpoint(result: SimulationResult): string {
  if (result.checkpoint.length === 0) return '<section id="checkpoint"><h2>Checkpoint</h2><p class="empty">No offsets were written</p></section>';
  const rows = result.checkpoint.map((entry) => {
    const offsets = Object.entries(entry.offsets).map(([source, offset]) => `${source}: ${offset}`).join(', ');
    return `<tr class="${entry.committed ? 'committed' : 'uncommitted'}" data-batch="${entry.batchId}">` +
      `<td>${entry.batchId}</td><td>${escapeHtml(offsets)}</td>` +
      `<td>${entry.committed ? 'committed' : 'offsets written, no commit: replayed on restart'}</td></tr>`;
  }).join('');
  return `<section id="checkpoint"><h2>Checkpoint</h2><table class="checkpoint"><thead><tr><th>batch</th><th>offsets log</th><th>commit log</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function renderCorruptRecords(result: SimulationResult): string {
  if (result.corruptRecords.length === 0) {
    return '<section id="corrupt"><h2>Corrupt records</h2><p class="empty">No corrupt records</p></section>';
  }
  const rows = result.corruptRecords.map((record) =>
    `<tr data-batch="${record.batchId ?? ''}"><td>${record.batchId ?? ''}</td><td>${escapeHtml(record.source)}</td>` +
    `<td>${escapeHtml(record.file === null ? '' : `${record.file}${record.line === null ? '' : `:${record.line}`}`)}</td>` +
    `<td><code>${escapeHtml(record.raw)}</code></td><td>${escapeHtml(record.error)}</td></tr>`).join('');
  return `<section id="corrupt"><h2>Corrupt records</h2><table class="corrupt"><thead><tr><th>batch</th><th>source</th><th>where</th><th>record</th><th>error</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function renderComparison(clean: SimulationResult, crashed: SimulationResult, comparison: RunComparison): string {
  const crash = crashed.crash;
  const heading = crash
    ? `Clean run beside a crash ${escapeHtml(describePhase(crash.phase))} in batch ${crash.batchId}`
    : 'Clean run beside the second run';
  const verdict = comparison.duplicated === 0 && comparison.lost === 0
    ? '<p class="verdict ok">Same sink contents: the crash lost and duplicated nothing</p>'
    : `<p class="verdict bad">${comparison.duplicated} duplicated row${comparison.duplicated === 1 ? '' : 's'}, ${comparison.lost} lost row${comparison.lost === 1 ? '' : 's'}</p>`;
  const columns = clean.columns.length > 0 ? clean.columns : crashed.columns;
  const header = columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('');
  const rows = comparison.rows.map((entry) =>
    `<tr class="${entry.verdict}">${columns.map((column) => `<td>${formatCell(entry.row[column])}</td>`).join('')}` +
    `<td class="number">${entry.cleanCount}</td><td class="number">${entry.crashCount}</td><td>${entry.verdict}</td></tr>`).join('');
  return `<section id="comparison"><h2>${heading}</h2>${verdict}` +
    `<table class="comparison"><thead><tr>${header}<th>clean run</th><th>crashed run</th><th>verdict</th></tr></thead><tbody>${rows}</tbody></table>` +
    `<div class="side-by-side"><div><h3>Clean run: checkpoint</h3>${checkpointSummary(clean)}</div><div><h3>Crashed run: checkpoint</h3>${checkpointSummary(crashed)}</div></div>` +
    '</section>';
}

function checkpointSummary(result: SimulationResult): string {
  const items = result.checkpoint.map((entry) =>
    `<li class="${entry.committed ? 'committed' : 'uncommitted'}">batch ${entry.batchId}: ${entry.committed ? 'committed' : 'no commit'}</li>`).join('');
  return `<ul class="checkpoint-summary">${items}</ul>`;
}

function renderTable(columns: readonly string[], rows: readonly Row[], className: string): string {
  const names = columns.length > 0 ? columns : [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const header = names.map((name) => `<th>${escapeHtml(name)}</th>`).join('');
  const body = rows.map((row) => `<tr>${names.map((name) => `<td>${formatCell(row[name])}</td>`).join('')}</tr>`).join('');
  return `<table class="${className}"><thead><tr>${header}</tr></thead><tbody>${body}</tbody></table>`;
}

function formatCell(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '<span class="null">null</span>';
  return escapeHtml(cellText(value));
}

/** A cell's text: a struct (e.g. a window) as `start: …, end: …`, a list as JSON, anything else as is. */
export function cellText(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, JsonValue>).map(([key, field]) => `${key}: ${cellText(field)}`).join(', ');
  }
  return String(value);
}

function firstInterestingBatch(batches: readonly BatchResult[]): number | null {
  return (batches.find((batch) => batch.rows.length > 0) ?? batches[0])?.batchId ?? null;
}

function describePhase(phase: string): string {
  return crashPhases.find((entry) => entry.phase === phase)?.label ?? phase;
}

/** Epoch milliseconds as a UTC time of day, HH:MM:SS: short enough for an axis label. */
export function formatClock(milliseconds: number): string {
  const date = new Date(milliseconds);
  return Number.isNaN(date.getTime()) ? String(milliseconds) : date.toISOString().slice(11, 19);
}

/** Epoch milliseconds as a UTC time of day (dates only when not 1970-01-01, the scenarios' usual epoch). */
export function formatTime(milliseconds: number): string {
  const date = new Date(milliseconds);
  if (Number.isNaN(date.getTime())) return String(milliseconds);
  const iso = date.toISOString();
  const time = iso.slice(11, 19);
  return iso.startsWith('1970-01-01') ? time : `${iso.slice(0, 10)} ${time}`;
}
