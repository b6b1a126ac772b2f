// The results view inside the real workbench (code-server in headless
// Chromium): "Whirlpool: Open Simulation Results…" on a recorded result shows
// the webview under its Content-Security-Policy; its plots are drawn and a
// click on a plot point selects that batch.

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { cellText } from '../../client/src/results/render-results';
import type { SimulationResult } from '../../client/src/results/result-types';
import { launchBrowser } from './browser';
import { createProfile, installExtension, repositoryRoot, startServer, type RunningServer } from './code-server';
import { openWorkbench, runCommand } from './workbench';
import { artifactsFolder, copyExamples } from './workspace';

const vsix = path.join(repositoryRoot, 'whirlpool.vsix');
const fixture = path.join(__dirname, 'fixtures', 'simulation-result.json');

let server: RunningServer;
let browser: Browser;
let page: Page;
let workspace: string;

before(async () => {
  assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
  const profile = createProfile();
  installExtension(profile, vsix);
  workspace = copyExamples();
  copyFileSync(fixture, path.join(workspace, 'recorded-result.json'));
  server = await startServer('code-server', profile, workspace);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  mkdirSync(artifactsFolder, { recursive: true });
});

after(async () => {
  await page?.screenshot({ path: path.join(artifactsFolder, 'results-webview-final.png') }).catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

/** The page inside a webview: VS Code nests it in two iframes. */
export function webviewContent(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

test('a recorded simulation opens in the results webview, plots drawn, a click selects a batch', async () => {
  const result = JSON.parse(readFileSync(fixture, 'utf8')) as SimulationResult;
  await openWorkbench(page, server.url, workspace);
  await runCommand(page, 'Whirlpool: Open Simulation Results');
  // code-server's file dialog is a quick input holding a path.
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(path.join(workspace, 'recorded-result.json'));
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'recorded-result.json' }).first().waitFor();
  await page.keyboard.press('Enter');

  const view = webviewContent(page);
  const inputPoints = view.locator('figure[data-plot="input-rows"] circle.point');
  await inputPoints.first().waitFor({ timeout: 30_000 });
  assert.equal(await inputPoints.count(), result.batches.length);
  const values = await inputPoints.evaluateAll((circles) => circles.map((circle) => Number(circle.getAttribute('data-value'))));
  assert.deepEqual(values, result.batches.map((batch) => batch.inputRows));

  // The script ran (CSP allowed the nonce'd script): the first batch with rows is shown.
  const first = result.batches.find((batch) => batch.rows.length > 0)!.batchId;
  assert.notEqual(first, 2);
  await view.locator(`body[data-selected-batch="${first}"]`).waitFor();
  await view.locator('figure[data-plot="state-rows"] circle.point[data-batch="2"]').click({ force: true });
  await view.locator('body[data-selected-batch="2"]').waitFor();
  await view.locator('.batch-rows[data-batch="2"]').waitFor({ state: 'visible' });
  const cells = await view.locator('.batch-rows[data-batch="2"] tbody tr:first-child td').allTextContents();
  const expectedRow = result.batches.find((batch) => batch.batchId === 2)!.rows[0]!;
  assert.deepEqual(cells, result.columns.map((column) => cellText(expectedRow[column] ?? null)));
  await page.screenshot({ path: path.join(artifactsFolder, 'results-webview-in-vscode.png') });
});
