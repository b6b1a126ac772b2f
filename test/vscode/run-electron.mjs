// Runs the extension-host tests in a VS Code desktop build downloaded by
// @vscode/test-electron (needs internet; on machines without it, use
// `npm run test:vscode-server`, which runs the same tests in the VS Code server).
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const workspace = path.join(mkdtempSync(path.join(os.tmpdir(), 'whirlpool-workspace-')), 'examples');
cpSync(path.join(root, 'examples'), workspace, { recursive: true });

try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { WHIRLPOOL_VSCODE_TEST_RESULTS: path.join(root, 'out', 'test', 'vscode', 'suite', 'results.json') },
  });
} catch (error) {
  console.error(`extension-host tests failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
