// A real LSP client: headless Neovim (Debian's package) attaches the bundled
// server over stdio, opens an example job, waits for diagnostics, makes an
// edit through its own change tracking, and writes what it saw to JSON. The
// diagnostics must match what `whirlpool lint` reports for the same file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repositoryRoot, serverBundle } from './lsp-client';

const job = path.join(repositoryRoot, 'examples', 'orders_enrichment.py');
const script = path.join(__dirname, 'neovim-client.lua');

interface NeovimDiagnostic {
  readonly line: number;
  readonly col: number;
  readonly code: string;
  readonly source: string;
  readonly severity: number;
  readonly message: string;
  readonly href: string | null;
}

interface NeovimReport {
  readonly error?: string;
  readonly arrived: boolean;
  readonly initial: readonly NeovimDiagnostic[];
  readonly moved: boolean;
  readonly afterEdit: readonly NeovimDiagnostic[];
  readonly serverName: string;
  readonly nvim: string;
}

test('Neovim attaches the server, shows the same findings as the CLI, and follows an edit', async (t) => {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.ok(
    version.status === 0,
    'nvim is not installed: this test needs a real LSP client (apt-get install -y neovim; .ci/run installs it)',
  );
  const home = mkdtempSync(path.join(tmpdir(), 'whirlpool-nvim-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const output = path.join(home, 'diagnostics.json');
  // Neovim's state, logs and shada go to the throwaway folder, not the user's home.
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_STATE_HOME: path.join(home, 'state'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    WHIRLPOOL_SERVER: serverBundle,
    WHIRLPOOL_FILE: job,
    WHIRLPOOL_OUTPUT: output,
  };
  const nvim = spawn('nvim', ['--headless', '-i', 'NONE', '-n', '-u', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  nvim.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  nvim.stdout.resume();
  const guard = setTimeout(() => nvim.kill(), 60_000);
  const exitCode = await new Promise<number | null>((resolve) => nvim.on('exit', (code) => resolve(code)));
  clearTimeout(guard);
  let report: NeovimReport;
  try {
    report = JSON.parse(readFileSync(output, 'utf8')) as NeovimReport;
  } catch {
    assert.fail(`Neovim wrote no report (exit ${exitCode}): ${stderr}`);
  }
  assert.equal(report.error, undefined, `the Lua client failed: ${report.error}`);
  assert.equal(exitCode, 0, stderr);
  assert.equal(report.serverName, 'whirlpool');
  assert.ok(report.arrived, `no diagnostics reached Neovim ${report.nvim}`);

  // The oracle: the CLI on the same file, same Spark version, same analysis.
  const cli = spawnSync(process.execPath, [path.join(repositoryRoot, 'bin', 'whirlpool.js'), 'lint', job, '--format', 'json', '--spark-version', '3.5', '--exit-zero'], {
    encoding: 'utf8',
  });
  assert.equal(cli.status, 0, cli.stderr);
  const expected = (JSON.parse(cli.stdout) as { code: string; line: number; column: number }[])
    .map((finding) => `${finding.line - 1}:${finding.code}`)
    .sort();
  assert.ok(expected.length > 0, 'the example job should have findings');
  assert.deepEqual(report.initial.map((d) => `${d.line}:${d.code}`).sort(), expected);
  for (const diagnostic of report.initial) {
    assert.equal(diagnostic.source, 'whirlpool');
    assert.match(diagnostic.href ?? '', /^(https?|file):\/\/\S+\.md$/, `${diagnostic.code} links to its documentation`);
  }

  // After a line is inserted at the top in Neovim, every finding is one line lower.
  assert.ok(report.moved, `diagnostics did not follow the edit: ${JSON.stringify(report.afterEdit)}`);
  assert.deepEqual(
    report.afterEdit.map((d) => `${d.line - 1}:${d.code}`).sort(),
    report.initial.map((d) => `${d.line}:${d.code}`).sort(),
  );
});
