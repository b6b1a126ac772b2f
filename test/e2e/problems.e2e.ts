// End-to-end in a real VS Code (code-server 4.100.3 in headless Chromium):
// install the packaged .vsix, open a copy of examples/, and see the language
// server's diagnostics, with their codes, in the Problems panel.
//
// The expected codes come from the CLI bundled inside the installed
// extension, run on the same file: the test checks that the editor shows what
// the analysis finds (and that the packaged CLI and wasm load from the
// installed folder), without copying the rule catalogue into the test.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { createProfile, installExtension, repositoryRoot, startServer, type Profile, type RunningServer } from './code-server';
import { openFile, openWorkbench, showProblems, waitForProblems } from './workbench';
import { artifactsFolder, copyExamples } from './workspace';

const vsix = path.join(repositoryRoot, 'whirlpool.vsix');
const exampleFile = 'orders_enrichment.py';

let profile: Profile;
let server: RunningServer;
let browser: Browser;
let page: Page;
let workspace: string;

before(async () => {
  assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
  profile = createProfile();
  installExtension(profile, vsix);
  workspace = copyExamples();
  server = await startServer('code-server', profile, workspace);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  mkdirSync(artifactsFolder, { recursive: true });
});

after(async () => {
  await page?.screenshot({ path: path.join(artifactsFolder, 'problems-final.png') }).catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

test('the installed extension lists the analysis findings with their codes in the Problems panel', async () => {
  const installed = installedExtensionFolder(profile);
  const expected = lintWithInstalledCli(installed, path.join(workspace, exampleFile));
  assert.ok(expected.length > 0, `the example ${exampleFile} should have findings, the CLI found none`);

  await openWorkbench(page, server.url, workspace);
  await openFile(page, exampleFile);
  await showProblems(page);
  const text = await waitForProblems(page, expected.map((finding) => finding.code));
  await page.screenshot({ path: path.join(artifactsFolder, 'problems-panel.png') });

  for (const finding of expected) {
    assert.ok(text.includes(finding.code), `Problems panel lacks ${finding.code} (${finding.rule})`);
  }
  assert.match(text, new RegExp(`${exampleFile.replace('.', '\\.')}`));
});

test('the language status item shows the target Spark version and the rule count', async () => {
  // The `{}` item next to the language mode opens the language status hover.
  await page.locator('#status\\.languageStatus').click();
  const hover = page.locator('.monaco-hover', { hasText: 'Whirlpool' }).first();
  await hover.waitFor({ timeout: 30_000 });
  const text = (await hover.textContent()) ?? '';
  await page.screenshot({ path: path.join(artifactsFolder, 'language-status.png') });
  assert.match(text, /Spark \d+\.\d+/);
  assert.match(text, /\d+ rules?/);
  assert.match(text, /linted at \d\d:\d\d:\d\d/);
});

interface CliFinding {
  readonly code: string;
  readonly rule: string;
}

function installedExtensionFolder(profile: Profile): string {
  const name = readdirSync(profile.extensionsDir).find((entry) => entry.startsWith('whirlpool.whirlpool-'));
  assert.ok(name, `whirlpool is not installed in ${profile.extensionsDir}`);
  return path.join(profile.extensionsDir, name);
}

function lintWithInstalledCli(extension: string, file: string): CliFinding[] {
  const cli = path.join(extension, 'out', 'cli.js');
  assert.ok(existsSync(cli), 'the package has no out/cli.js');
  // Exit code 1 means "findings"; only the JSON matters here.
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [cli, 'lint', file, '--format', 'json'], { encoding: 'utf8' });
  } catch (error) {
    stdout = (error as { stdout?: string }).stdout ?? '';
  }
  const findings = JSON.parse(stdout) as CliFinding[];
  return findings.filter((finding, index) => findings.findIndex((other) => other.code === finding.code) === index);
}
