// Runs the extension-host tests (out/test/vscode/suite) inside the VS Code
// server bundled with code-server 4.100.3, opened in headless Chromium, for
// machines that cannot download a VS Code desktop build. The tests are the
// same ones run-electron.mjs runs with @vscode/test-electron.
//
// The extension under test is this repository (extensionDevelopmentPath);
// the tests write their results to a JSON file, and this harness fails if it
// never appears.

import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../e2e/browser';
import { createProfile, repositoryRoot, startServer } from '../e2e/code-server';
import { artifactsFolder, copyExamples } from '../e2e/workspace';
import type { TestResults } from './suite/index';

export interface ServerRunOptions {
  readonly timeoutMilliseconds?: number;
  /** Only tests whose full title matches (mocha's grep). */
  readonly grep?: string;
}

export async function runExtensionHostTestsInServer(options: ServerRunOptions = {}): Promise<TestResults> {
  const testsPath = path.join(repositoryRoot, 'out', 'test', 'vscode', 'suite');
  if (!existsSync(path.join(testsPath, 'index.js'))) {
    throw new Error(`${testsPath}/index.js is missing: run node test/vscode/build-tests.mjs`);
  }
  const resultsFile = path.join(testsPath, 'results.json');
  rmSync(resultsFile, { force: true });
  // The extension host inherits the server's environment: that is how the
  // tests learn where to write (and what to grep).
  process.env['WHIRLPOOL_VSCODE_TEST_RESULTS'] = resultsFile;
  if (options.grep) process.env['WHIRLPOOL_VSCODE_TEST_GREP'] = options.grep;
  else delete process.env['WHIRLPOOL_VSCODE_TEST_GREP'];

  const profile = createProfile();
  const workspace = copyExamples();
  const server = await startServer('vscode-server', profile, workspace);
  const browser = await launchBrowser();
  try {
    const remote = (absolute: string): string => `vscode-remote://127.0.0.1:${server.port}${absolute}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repositoryRoot)],
      ['extensionTestsPath', remote(path.join(testsPath, 'index.js'))],
    ]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    await server.waitForLog(/Extension Host Process exited with code/, options.timeoutMilliseconds ?? 300_000)
      .catch(async (error: unknown) => {
        mkdirSync(artifactsFolder, { recursive: true });
        await page.screenshot({ path: path.join(artifactsFolder, 'extension-host-timeout.png') }).catch(() => undefined);
        throw error;
      });
    if (!existsSync(resultsFile)) {
      throw new Error(`the extension-host tests ended without writing ${resultsFile}; server log:\n${server.log()}`);
    }
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as TestResults;
  } finally {
    await browser.close();
    await server.stop();
  }
}

export function formatResults(results: TestResults): string {
  const lines = results.tests.map((entry) => {
    const mark = entry.state === 'passed' ? 'ok  ' : entry.state === 'pending' ? 'skip' : 'FAIL';
    return `${mark} ${entry.title}${entry.state === 'passed' ? ` (${entry.durationMs} ms)` : ''}${entry.error ? `\n     ${entry.error.split('\n').join('\n     ')}` : ''}`;
  });
  lines.push(`${results.passes} passed, ${results.failures} failed, ${results.pending} skipped`);
  return lines.join('\n');
}

if (require.main === module) {
  runExtensionHostTestsInServer({ ...(process.argv[2] ? { grep: process.argv[2] } : {}) })
    .then((results) => {
      console.log(formatResults(results));
      process.exit(results.failures > 0 || results.passes === 0 ? 1 : 0);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
