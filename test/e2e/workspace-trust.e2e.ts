// Restricted Mode in a real VS Code: with the folder not trusted, linting
// still works (the extension declares limited support), and the Simulate
// lens asks for trust instead of running a process.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { createProfile, installExtension, repositoryRoot, startServer, type RunningServer } from './code-server';
import { goToLine, openFile, showProblems } from './workbench';
import { artifactsFolder, copyExamples } from './workspace';

const vsix = path.join(repositoryRoot, 'whirlpool.vsix');
const example = 'orders_enrichment.py';

let server: RunningServer;
let browser: Browser;
let page: Page;
let workspace: string;

before(async () => {
  assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
  const profile = createProfile({ 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always' });
  installExtension(profile, vsix);
  workspace = copyExamples();
  server = await startServer('code-server', profile, workspace, { workspaceTrust: true });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  mkdirSync(artifactsFolder, { recursive: true });
});

after(async () => {
  await page?.screenshot({ path: path.join(artifactsFolder, 'workspace-trust-final.png') }).catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

test('in Restricted Mode diagnostics still show, and Simulate asks for trust without writing a database', async () => {
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // VS Code asks whether to trust the folder: decline.
  const decline = page.locator('.monaco-dialog-box a.monaco-button, .monaco-dialog-box .monaco-button', { hasText: /No, I don.t trust/ });
  await decline.first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(artifactsFolder, 'workspace-trust-prompt.png') });
  await decline.first().click();
  await page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });

  await openFile(page, example);
  await showProblems(page);
  // The example's findings are whatever the analysis says; any Whirlpool code (WPnnn) shows linting ran.
  await page.waitForFunction(
    () => /WP\d{3}/.test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } })
      .document.querySelector('.markers-panel')?.textContent ?? ''),
    undefined,
    { timeout: 60_000 },
  ).catch(async (error: unknown) => {
    throw new Error(`no Whirlpool diagnostic in Restricted Mode: ${String(error)}; panel: ${await page.locator('.markers-panel').textContent()}`);
  });

  // Code lenses are drawn for visible lines only: bring the query's start() into view.
  const startLine = readFileSync(path.join(workspace, example), 'utf8').split('\n').findIndex((line) => line.includes('.start(')) + 1;
  assert.ok(startLine > 0, `${example} starts no query`);
  await goToLine(page, startLine);
  const lens = page.locator('.codelens-decoration a', { hasText: 'Simulate' }).first();
  await lens.waitFor({ timeout: 60_000 });
  await lens.click();
  const notification = page.locator('.notification-toast', { hasText: 'needs a trusted workspace' });
  await notification.waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(artifactsFolder, 'workspace-trust-simulate.png') });
  assert.ok(!existsSync(path.join(workspace, '.whirlpool')) || readdirSync(path.join(workspace, '.whirlpool')).length === 0,
    'a simulation database was written in an untrusted folder');
});
