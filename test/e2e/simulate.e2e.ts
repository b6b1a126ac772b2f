// End-to-end in a real VS Code: the Simulate code lens above a streaming
// query runs the packaged simulator (whirlpool simulate, then the reader) in
// their own processes and opens the results view with its batches and plots.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { createProfile, installExtension, repositoryRoot, startServer, type Profile, type RunningServer } from './code-server';
import { openFile, openWorkbench } from './workbench';
import { artifactsFolder, copyExamples } from './workspace';

const vsix = path.join(repositoryRoot, 'whirlpool.vsix');
// Its events/ folder holds recorded input for the job, so the run is deterministic.
const example = 'clickstream_windowed_counts.py';

let profile: Profile;
let extension: string;
let server: RunningServer | null = null;
let browser: Browser | null = null;
let page: Page;
let workspace: string;

before(() => {
  assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
  profile = createProfile({ 'whirlpool.simulator.batches': 4 });
  installExtension(profile, vsix);
  const name = readdirSync(profile.extensionsDir).find((entry) => entry.startsWith('whirlpool.whirlpool-'));
  assert.ok(name);
  extension = path.join(profile.extensionsDir, name);
  workspace = copyExamples();
  mkdirSync(artifactsFolder, { recursive: true });
});

after(async () => {
  if (browser && page) await page.screenshot({ path: path.join(artifactsFolder, 'simulate-final.png') }).catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

test('the Simulate code lens shows above the streaming query', async () => {
  server = await startServer('code-server', profile, workspace);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await openWorkbench(page, server.url, workspace);
  await openFile(page, example);
  await page.locator('.codelens-decoration a', { hasText: 'Simulate' }).first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(artifactsFolder, 'simulate-code-lens.png') });
});

test('the Simulate code lens opens the results view with batches and a plot', async () => {
  assert.ok(existsSync(path.join(extension, 'out', 'simulation-reader.js')), 'the package has no simulation reader');
  assert.ok(page, 'the workbench did not open');
  await page.locator('.codelens-decoration a', { hasText: 'Simulate' }).first().click();

  const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  const points = view.locator('figure[data-plot="input-rows"] circle.point');
  await points.first().waitFor({ timeout: 120_000 });
  const batches = await view.locator('.batch-button').count();
  assert.ok(batches > 0, 'the results view lists no batch');
  assert.equal(await points.count(), batches, 'one input-rows point per batch');
  await page.screenshot({ path: path.join(artifactsFolder, 'simulate-results.png') });
});

test('re-running with a crash after the sink write shows the crashed run beside the clean one', async () => {
  assert.ok(page, 'the workbench did not open');
  const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await view.locator('#crash-phase').selectOption('after-sink-before-commit');
  await view.locator('#crash-batch').selectOption('1');
  await view.locator('#rerun-with-crash').click();
  const verdict = view.locator('#comparison .verdict');
  await verdict.waitFor({ timeout: 120_000 });
  // The example writes to a sink the simulator treats as idempotent: the replay adds nothing.
  assert.match((await verdict.textContent()) ?? '', /Same sink contents|duplicated/);
  assert.match((await view.locator('#comparison h2').textContent()) ?? '', /after the sink write, before the commit in batch 1/);
  assert.ok(await view.locator('table.comparison tbody tr').count() > 0, 'the comparison lists no row');
  await view.locator('#comparison').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(artifactsFolder, 'simulate-crash-comparison.png') });
});
