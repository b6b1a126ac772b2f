// The results view's pure parts: run comparison, plot layout, result parsing.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { compareRuns, sinkRows } from '../../../client/src/results/compare-runs';
import { layoutPoints, valueRange } from '../../../client/src/results/plot';
import { cellText, formatTime, plotInputs } from '../../../client/src/results/render-results';
import { parseSimulationResult, type SimulationResult } from '../../../client/src/results/result-types';

const fixtures = path.join(__dirname, '..', '..', 'e2e', 'fixtures');
const load = (name: string): SimulationResult => parseSimulationResult(JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'))).value!;

test('the recorded crash on the idempotent sink duplicates nothing; the same crash on an append-only sink duplicates the replayed batch', () => {
  const clean = load('simulation-result.json');
  const crashed = load('simulation-result-crashed.json');
  const recorded = compareRuns(clean, crashed);
  assert.deepEqual([recorded.duplicated, recorded.lost], [0, 0]);
  const batchId = crashed.crash!.batchId;
  const replayedRows = crashed.batches.find((batch) => batch.batchId === batchId)!.rows;
  const appendOnly: SimulationResult = {
    ...crashed,
    batches: crashed.batches.map((batch) => (batch.batchId === batchId ? { ...batch, rows: [...batch.rows, ...batch.rows] } : batch)),
  };
  const comparison = compareRuns(clean, appendOnly);
  assert.equal(comparison.duplicated, replayedRows.length);
  assert.equal(comparison.lost, 0);
  assert.equal(comparison.rows.filter((row) => row.verdict === 'duplicated').length, replayedRows.length);
  // The differences are listed first.
  assert.ok(comparison.rows.slice(0, replayedRows.length).every((row) => row.verdict === 'duplicated'));
});

test('a crashed run missing a batch reports its rows as lost, whatever the key order of the rows', () => {
  const clean = load('simulation-result.json');
  const lossy: SimulationResult = {
    ...clean,
    batches: clean.batches.map((batch) => (batch.batchId === 2 ? { ...batch, rows: [] } : {
      ...batch,
      rows: batch.rows.map((row) => Object.fromEntries(Object.entries(row).reverse())),
    })),
  };
  const comparison = compareRuns(clean, lossy);
  assert.equal(comparison.lost, clean.batches.find((batch) => batch.batchId === 2)!.rows.length);
  assert.equal(comparison.duplicated, 0);
});

test('complete mode compares only the last result table', () => {
  const clean = load('simulation-result.json');
  const complete: SimulationResult = { ...clean, query: { ...clean.query, outputMode: 'complete' } };
  assert.deepEqual(sinkRows(complete), clean.batches[3]!.rows);
});

test('plot points: a null value leaves a gap, larger values are higher', () => {
  const points = layoutPoints([0, 1, 2], [1, null, 3], { min: 0, max: 3 });
  assert.deepEqual(points.map((point) => point.batchId), [0, 2]);
  assert.ok(points[1]!.y < points[0]!.y);
  assert.deepEqual(valueRange([{ name: 'n', key: 'n', values: [null, 4, 4] }], false), { min: 3, max: 5 });
  assert.deepEqual(valueRange([{ name: 'n', key: 'n', values: [] }], true), { min: 0, max: 1 });
});

test('each plot has one value per batch, from the matching batch field', () => {
  const clean = load('simulation-result.json');
  const plots = plotInputs(clean);
  assert.deepEqual(plots.map((plot) => plot.id), ['input-rows', 'state-rows', 'watermark', 'dropped-late']);
  for (const plot of plots) for (const series of plot.series) assert.equal(series.values.length, clean.batches.length);
  assert.equal(formatTime(14_000), '00:00:14');
  assert.equal(formatTime(Date.UTC(2024, 0, 2, 3, 4, 5)), '2024-01-02 03:04:05');
});

test('a malformed result is refused with the reasons', () => {
  const parsed = parseSimulationResult({ version: 2, batches: [{ rows: 'x' }] });
  assert.equal(parsed.value, null);
  assert.ok(parsed.problems.some((problem) => problem.includes('version')));
  assert.ok(parsed.problems.some((problem) => problem.includes('batches[0]')));
});

test('a struct cell reads as its fields, a list as JSON', () => {
  assert.equal(cellText({ start: '2024-05-14T09:20:00Z', end: '2024-05-14T09:25:00Z' }), 'start: 2024-05-14T09:20:00Z, end: 2024-05-14T09:25:00Z');
  assert.equal(cellText([1, 'a']), '[1,"a"]');
  assert.equal(cellText(3), '3');
});
