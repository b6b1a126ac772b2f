// The results view's HTML and script, rendered from a recorded simulation
// result and run in headless Chromium under its own Content-Security-Policy:
// rows per batch, the plots' data, batch selection by clicking, the
// checkpoint and corrupt-records tables, and the crash comparison.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { cellText, renderResultsHtml } from '../../client/src/results/render-results';
import { parseSimulationResult, type SimulationResult } from '../../client/src/results/result-types';
import { launchBrowser } from './browser';
import { artifactsFolder } from './workspace';

const clean = readFixture('simulation-result.json');
const crashed = readFixture('simulation-result-crashed.json');

let browser: Browser;

before(async () => {
  browser = await launchBrowser();
  mkdirSync(artifactsFolder, { recursive: true });
});

after(async () => {
  await browser?.close();
});

interface PageProbe {
  readonly page: Page;
  readonly violations: string[];
  readonly errors: string[];
}

/** Loads the rendered document with a stand-in for the webview API that records posted messages. */
async function load(html: string): Promise<PageProbe> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const violations: string[] = [];
  const errors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // A string, not a function: tsx's name-keeping helpers do not exist in the page.
  await page.addInitScript(`
    globalThis.sentMessages = [];
    let state = null;
    globalThis.acquireVsCodeApi = () => ({
      postMessage: (message) => globalThis.sentMessages.push(message),
      getState: () => state,
      setState: (value) => { state = value; },
    });
  `);
  // Served from an intercepted address (nothing leaves the browser) so the
  // init script runs as the document is created, like the webview's API.
  await page.route('http://results.view.test/', (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
  await page.goto('http://results.view.test/', { waitUntil: 'load' });
  return { page, violations, errors };
}

test('every batch has a point per plot series carrying its value', async () => {
  const { page, violations, errors } = await load(renderResultsHtml({ result: clean, crashed: null, nonce: 'testn0nce1' }));
  const points = await page.$$eval('svg circle.point', (circles) =>
    circles.map((circle) => ({
      plot: circle.closest('figure')?.getAttribute('data-plot'),
      series: circle.getAttribute('data-series'),
      batch: Number(circle.getAttribute('data-batch')),
      value: Number(circle.getAttribute('data-value')),
      y: Number(circle.getAttribute('cy')),
    })));
  const of = (series: string) => points.filter((point) => point.series === series);
  assert.deepEqual(of('input').map((point) => [point.batch, point.value]), clean.batches.map((batch) => [batch.batchId, batch.inputRows]));
  assert.deepEqual(of('state').map((point) => [point.batch, point.value]), clean.batches.map((batch) => [batch.batchId, batch.stateRows]));
  assert.deepEqual(of('dropped').map((point) => [point.batch, point.value]), clean.batches.map((batch) => [batch.batchId, batch.droppedLateRows]));
  // Batch 0 has no watermark yet: no point, not a point at zero.
  assert.deepEqual(
    of('watermark').map((point) => [point.batch, point.value]),
    clean.batches.filter((batch) => batch.watermarkMs !== null).map((batch) => [batch.batchId, batch.watermarkMs]),
  );
  assert.deepEqual(of('event-time').map((point) => point.value), clean.batches.map((batch) => batch.maxEventTimeMs));
  // Within a plot, a larger value is drawn higher (smaller y).
  for (const series of ['input', 'state', 'dropped']) {
    for (const a of of(series)) {
      for (const b of of(series)) {
        if (a.value > b.value) assert.ok(a.y < b.y, `${series}: ${a.value} drawn below ${b.value}`);
      }
    }
  }
  // The watermark never passes the max event time in this run, and the plot shows it below.
  for (const mark of of('watermark')) {
    const eventTime = of('event-time').find((point) => point.batch === mark.batch)!;
    assert.ok(mark.y > eventTime.y, `batch ${mark.batch}: watermark drawn above the max event time`);
  }
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('clicking a plot point selects that batch and shows its emitted rows', async () => {
  const { page } = await load(renderResultsHtml({ result: clean, crashed: null, nonce: 'testn0nce2' }));
  // At first the first batch with rows is shown.
  const first = String(clean.batches.find((batch) => batch.rows.length > 0)!.batchId);
  assert.notEqual(first, '2');
  assert.equal(await page.getAttribute('body', 'data-selected-batch'), first);
  assert.equal(await page.isVisible(`.batch-rows[data-batch="${first}"]`), true);
  assert.equal(await page.isVisible('.batch-rows[data-batch="2"]'), false);

  await page.click('figure[data-plot="input-rows"] circle.point[data-batch="2"]', { force: true });
  assert.equal(await page.getAttribute('body', 'data-selected-batch'), '2');
  assert.equal(await page.isVisible('.batch-rows[data-batch="2"]'), true);
  assert.equal(await page.isVisible(`.batch-rows[data-batch="${first}"]`), false);
  const rows = await page.$$eval('.batch-rows[data-batch="2"] tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  const expected = clean.batches.find((batch) => batch.batchId === 2)!.rows.map((row) => clean.columns.map((column) => cellText(row[column] ?? null)));
  assert.ok(expected.length > 0, 'the fixture emits rows in batch 2');
  assert.deepEqual(rows, expected);
  // Every plot marks the same batch; the crash controls follow the selection.
  assert.equal(await page.locator('svg .hit.selected').count(), 4);
  assert.equal(await page.locator('svg .hit.selected[data-batch="2"]').count(), 4);
  assert.equal(await page.inputValue('#crash-batch'), '2');
  await page.screenshot({ path: path.join(artifactsFolder, 'results-view.png'), fullPage: true });
  await page.close();
});

test('the corrupt records and the checkpoint are listed, a batch without commit highlighted', async () => {
  const died: SimulationResult = {
    ...clean,
    checkpoint: clean.checkpoint.map((entry, index) => (index === clean.checkpoint.length - 1 ? { ...entry, committed: false } : entry)),
  };
  const { page } = await load(renderResultsHtml({ result: died, crashed: null, nonce: 'testn0nce3' }));
  const corrupt = await page.$$eval('table.corrupt tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
  assert.equal(corrupt.length, clean.corruptRecords.length);
  assert.ok(corrupt[0]!.includes(clean.corruptRecords[0]!.raw));
  assert.ok(corrupt[0]!.includes(clean.corruptRecords[0]!.error));
  const checkpoint = await page.$$eval('table.checkpoint tbody tr', (trs) =>
    trs.map((tr) => ({ batch: tr.getAttribute('data-batch'), uncommitted: tr.classList.contains('uncommitted') })));
  const last = String(clean.checkpoint[clean.checkpoint.length - 1]!.batchId);
  assert.deepEqual(checkpoint.filter((row) => row.uncommitted).map((row) => row.batch), [last]);
  assert.equal(checkpoint.length, clean.checkpoint.length);
  await page.close();
});

test('a crash re-run on the idempotent sink: the replayed batch is marked, nothing duplicated or lost', async () => {
  const replayed = crashed.batches.filter((batch) => batch.replayed).map((batch) => batch.batchId);
  assert.deepEqual(replayed, [crashed.crash!.batchId]);
  const { page } = await load(renderResultsHtml({ result: clean, crashed, nonce: 'testn0nce4' }));
  assert.match((await page.textContent('#comparison .verdict')) ?? '', /Same sink contents/);
  assert.equal(await page.locator('table.comparison tr.duplicated, table.comparison tr.lost').count(), 0);
  await page.close();
});

test('a crash re-run on an append-only sink shows every row of the replayed batch as duplicated', async () => {
  // The recorded crash, as an append-only sink would have kept it: the replayed batch's rows twice.
  const batchId = crashed.crash!.batchId;
  const appendOnly: SimulationResult = {
    ...crashed,
    query: { ...crashed.query, sinkKind: 'append-only' },
    batches: crashed.batches.map((batch) => (batch.batchId === batchId ? { ...batch, rows: [...batch.rows, ...batch.rows] } : batch)),
  };
  const replayedRows = crashed.batches.find((batch) => batch.batchId === batchId)!.rows.length;
  assert.ok(replayedRows > 0);
  const { page } = await load(renderResultsHtml({ result: clean, crashed: appendOnly, nonce: 'testn0nce4' }));
  const verdict = await page.textContent('#comparison .verdict');
  assert.match(verdict ?? '', new RegExp(`^${replayedRows} duplicated rows?, 0 lost rows$`));
  const duplicated = await page.$$eval('table.comparison tr.duplicated', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.equal(duplicated.length, replayedRows);
  for (const row of duplicated) assert.deepEqual(row.slice(-3), ['1', '2', 'duplicated']);
  await page.screenshot({ path: path.join(artifactsFolder, 'results-view-crash.png'), fullPage: true });
  await page.close();
});

test('the buttons post their requests to the extension', async () => {
  const { page } = await load(renderResultsHtml({ result: { ...clean, database: '/tmp/run.sqlite' }, crashed: null, nonce: 'testn0nce5' }));
  await page.click('#open-database');
  await page.selectOption('#crash-phase', 'mid-sink-write');
  await page.selectOption('#crash-batch', '2');
  await page.click('#rerun-with-crash');
  const messages = await page.evaluate(() => (globalThis as unknown as { sentMessages: unknown[] }).sentMessages);
  assert.deepEqual(messages, [{ kind: 'openDatabase' }, { kind: 'rerunWithCrash', phase: 'mid-sink-write', batchId: 2 }]);
  await page.close();
});

test('text from the data is escaped, and an inline script without the nonce is refused', async () => {
  const hostile: SimulationResult = {
    ...clean,
    query: { ...clean.query, name: '<img src=x onerror="globalThis.pwned=1">' },
    corruptRecords: [{ ...clean.corruptRecords[0]!, raw: '<script>globalThis.pwned=2</script>' }],
  };
  const html = renderResultsHtml({ result: hostile, crashed: null, nonce: 'testn0nce6' })
    .replace('</body>', '<script>globalThis.pwned=3</script></body>');
  const { page, violations } = await load(html);
  assert.equal(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned ?? null), null);
  assert.equal(await page.textContent('h1'), hostile.query.name);
  assert.ok(violations.length > 0, 'the un-nonced script should be reported as a CSP violation');
  await page.close();
});

function readFixture(name: string): SimulationResult {
  const parsed = parseSimulationResult(JSON.parse(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')));
  assert.deepEqual(parsed.problems, []);
  return parsed.value!;
}
