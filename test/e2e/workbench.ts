// Drives the VS Code workbench served by code-server: waits on selectors and
// on text appearing, never on fixed sleeps.

import type { Page } from 'playwright-core';

const isMac = process.platform === 'darwin';
const modifier = isMac ? 'Meta' : 'Control';

export async function openWorkbench(page: Page, url: string, folder: string): Promise<void> {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // The explorer shows the folder once the workspace is restored.
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
}

/** Opens a workspace file through Quick Open and waits until its editor has focus. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = relativePath.split('/').pop() ?? relativePath;
  await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, force: true }).catch(() => undefined);
  await page.keyboard.press(`${modifier}+KeyP`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/**
 * Runs a command from the command palette by its title. The palette lists
 * the commands known when it opens, and an extension's contributions arrive
 * once its host has started: so reopen it until the title is listed.
 */
export async function runCommand(page: Page, title: string, timeoutMilliseconds = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMilliseconds;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    await page.keyboard.press(`${modifier}+Shift+KeyP`);
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the command palette never listed "${title}": ${String(error)}`);
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' });
    }
  }
  await page.keyboard.press('Enter');
}

/** Moves the cursor to a 1-based line of the active editor with Go to Line. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+KeyG');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await page.locator('.editor-instance .monaco-editor .current-line').first().waitFor();
}

export async function saveActiveEditor(page: Page): Promise<void> {
  await page.keyboard.press(`${modifier}+KeyS`);
  await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
}

export async function showProblems(page: Page): Promise<void> {
  await page.keyboard.press(`${modifier}+Shift+KeyM`);
  await page.locator('.markers-panel').waitFor({ state: 'visible' });
}

/** Waits until the Problems panel's text contains every string, and returns that text. */
export async function waitForProblems(page: Page, expected: readonly string[], timeoutMilliseconds = 60_000): Promise<string> {
  await page.waitForFunction(
    (wanted) => {
      const text = (globalThis as unknown as BrowserGlobals).document.querySelector('.markers-panel')?.textContent ?? '';
      return wanted.every((item) => text.includes(item));
    },
    expected,
    { timeout: timeoutMilliseconds },
  ).catch(async (error: unknown) => {
    const text = await page.locator('.markers-panel').textContent().catch(() => '');
    throw new Error(`the Problems panel never listed ${JSON.stringify(expected)}; it shows: ${text}\n${String(error)}`);
  });
  return (await page.locator('.markers-panel').textContent()) ?? '';
}

/** The little of the DOM the callbacks run in the page use (the tests compile without lib.dom). */
export interface BrowserGlobals {
  readonly document: { querySelector(selector: string): { readonly textContent: string | null } | null };
}
