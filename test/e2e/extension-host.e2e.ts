// The extension-host integration tests (test/vscode/suite), run inside the
// VS Code server from code-server 4.100.3, reported here test by test.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatResults, runExtensionHostTestsInServer } from '../vscode/run-server';

test('the extension-host tests pass in the VS Code server', async () => {
  const results = await runExtensionHostTestsInServer();
  const report = formatResults(results);
  console.log(report);
  assert.ok(results.passes > 0, `no extension-host test passed:\n${report}`);
  assert.equal(results.failures, 0, report);
});
