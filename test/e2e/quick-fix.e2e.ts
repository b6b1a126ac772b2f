// End-to-end in a real VS Code: a quick fix offered on a Whirlpool diagnostic
// (Ctrl+.) and applied through the UI changes the text. The fix to apply is
// one the bundled CLI lists for the example, so the test needs no knowledge
// of the rules; it fails when the server declares no code actions.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { createProfile, installExtension, repositoryRoot, startServer, type Profile, type RunningServer } from './code-server';
import { serverCapabilities } from './server-capabilities';
import { goToLine, openFile, type BrowserGlobals, openWorkbench, saveActiveEditor, showProblems, waitForProblems } from './workbench';
import { artifactsFolder, copyExamples } from './workspace';

const vsix = path.join(repositoryRoot, 'whirlpool.vsix');
const examples = ['orders_enrichment.py', 'sensor_rollups.py', 'kafka_to_delta.py', 'clickstream_windowed_counts.py', 'cdc_merge.py', 'nightly_export.py'];

let profile: Profile;
let server: RunningServer | null = null;
let browser: Browser | null = null;
let page: Page;
let workspace: string;
let extension: string;

before(async () => {
  assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
  profile = createProfile();
  installExtension(profile, vsix);
  const name = readdirSync(profile.extensionsDir).find((entry) => entry.startsWith('whirlpool.whirlpool-'));
  assert.ok(name);
  extension = path.join(profile.extensionsDir, name);
  workspace = copyExamples();
  mkdirSync(artifactsFolder, { recursive: true });
});

after(async () => {
  if (browser && page) await page.screenshot({ path: path.join(artifactsFolder, 'quick-fix-final.png') }).catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

interface ListedFix {
  readonly file: string;
  readonly code: string;
  readonly line: number;
  readonly title: string;
}

function firstListedFix(): ListedFix | null {
  for (const file of examples) {
    const cli = path.join(extension, 'out', 'cli.js');
    let stdout: string;
    try {
      stdout = execFileSync(process.execPath, [cli, 'lint', path.join(workspace, file), '--format', 'json'], { encoding: 'utf8' });
    } catch (error) {
      stdout = (error as { stdout?: string }).stdout ?? '[]';
    }
    const findings = JSON.parse(stdout) as { code: string; line: number; fixes: { title: string; safety: string }[] }[];
    for (const finding of findings) {
      const fix = finding.fixes.find((candidate) => candidate.safety !== 'display-only');
      if (fix) return { file, code: finding.code, line: finding.line, title: fix.title };
    }
  }
  return null;
}

test('a quick fix chosen from the lightbulb menu changes the file', async () => {
  const capabilities = await serverCapabilities(path.join(extension, 'out', 'server.js'));
  assert.ok(capabilities['codeActionProvider'], 'the language server declares no code actions');
  const fix = firstListedFix();
  assert.ok(fix, 'no example has a fix the CLI lists');
  server = await startServer('code-server', profile, workspace);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await openWorkbench(page, server.url, workspace);
  await openFile(page, fix.file);
  await showProblems(page);
  await waitForProblems(page, [fix.code]);
  const before = readFileSync(path.join(workspace, fix.file), 'utf8');
  const countBefore = await countInProblems(page, fix.code);
  assert.ok(countBefore > 0, `the Problems panel does not list ${fix.code}`);

  await goToLine(page, fix.line);
  await page.keyboard.press('Control+Period');
  const item = page.locator('.action-widget .monaco-list-row', { hasText: fix.title }).first();
  await item.waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(artifactsFolder, 'quick-fix-menu.png') });
  // Choose it with the keyboard, as a user does after Ctrl+.: move the focus to it, then Enter.
  const rows = await page.locator('.action-widget .monaco-list-row').count();
  for (let step = 0; step < rows; step++) {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').textContent();
    if (focused?.includes(fix.title)) break;
    await page.keyboard.press('ArrowDown');
  }
  assert.match((await page.locator('.action-widget .monaco-list-row.focused').textContent()) ?? '', new RegExp(escapeRegExp(fix.title)));
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').waitFor({ state: 'hidden' });
  await saveActiveEditor(page);
  const after = await waitForFileChange(path.join(workspace, fix.file), before);
  assert.notEqual(after, before, `"${fix.title}" did not change ${fix.file}`);
  // The server re-lints the fixed text: that finding is gone from the Problems panel.
  await page.waitForFunction(
    ([needle, count]) => {
      const text = (globalThis as unknown as BrowserGlobals).document.querySelector('.markers-panel')?.textContent ?? '';
      return text.split(needle).length - 1 === count;
    },
    [fix.code, countBefore - 1] as const,
  ).catch(async (error: unknown) => {
    throw new Error(`${String(error)}; before ${countBefore}; panel: ${await page.locator('.markers-panel').textContent()}`);
  });
  await page.screenshot({ path: path.join(artifactsFolder, 'quick-fix-applied.png') });
});

/** Resolves with the file's text once it differs from `before` (the save lands asynchronously). */
async function waitForFileChange(file: string, before: string, timeoutMilliseconds = 20_000): Promise<string> {
  const { watch } = await import('node:fs');
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const text = readFileSync(file, 'utf8');
      if (text === before) return false;
      watcher.close();
      clearTimeout(timer);
      resolve(text);
      return true;
    };
    const watcher = watch(path.dirname(file), () => void check());
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${file} never changed on disk`));
    }, timeoutMilliseconds);
    check();
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function countInProblems(page: Page, needle: string): Promise<number> {
  const text = (await page.locator('.markers-panel').textContent()) ?? '';
  return text.split(needle).length - 1;
}
