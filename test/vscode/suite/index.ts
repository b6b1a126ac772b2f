// The extension-host test entry (`extensionTestsPath`): runs every
// *.spec.js beside it with mocha inside VS Code, the same way under
// @vscode/test-electron and under the VS Code server. Results also go to a
// JSON file because, in the server, nothing reads the extension host's stdout.

import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export interface TestResults {
  readonly passes: number;
  readonly failures: number;
  readonly pending: number;
  readonly tests: readonly { readonly title: string; readonly state: 'passed' | 'failed' | 'pending'; readonly error: string | null; readonly durationMs: number }[];
}

export function run(): Promise<void> {
  const resultsFile = process.env['WHIRLPOOL_VSCODE_TEST_RESULTS'] ?? path.join(__dirname, 'results.json');
  const grep = process.env['WHIRLPOOL_VSCODE_TEST_GREP'];
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, ...(grep ? { grep } : {}) });
  for (const name of readdirSync(__dirname).filter((file) => file.endsWith('.spec.js')).sort()) {
    mocha.addFile(path.join(__dirname, name));
  }
  const tests: TestResults['tests'][number][] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const results: TestResults = {
        passes: tests.filter((entry) => entry.state === 'passed').length,
        failures,
        pending: tests.filter((entry) => entry.state === 'pending').length,
        tests,
      };
      writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
      else resolve();
    });
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed', error: null, durationMs: test.duration ?? 0 }));
    runner.on('fail', (test, error: Error) => tests.push({
      title: test.fullTitle(),
      state: 'failed',
      error: error.stack ?? error.message,
      durationMs: test.duration ?? 0,
    }));
    runner.on('pending', (test) => tests.push({ title: test.fullTitle(), state: 'pending', error: null, durationMs: 0 }));
  });
}
