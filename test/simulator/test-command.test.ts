// `whirlpool test`: exit codes and the diff it prints.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runTestScenarios } from '../../server/src/cli/test-scenarios';

const fixture = path.join(__dirname, 'fixtures', 'scenarios', '01-append-tumbling-window-basic.json');

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runTestScenarios(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

test('whirlpool test exits 0 when every check passes', async () => {
  const result = await run([fixture], process.cwd());
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /PASS .*append-tumbling-window-basic.*9\/9 checks passed/);
});

test('whirlpool test exits 1 and prints the missing and extra rows when a check fails', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-test-command-'));
  try {
    const scenario = JSON.parse(readFileSync(fixture, 'utf8')) as { steps: Record<string, unknown>[] };
    // Spark emits (10, 5) after the 25 arrives; claim (10, 6) instead
    const step = scenario.steps.find((s) => Array.isArray(s['checkAnswer']) && (s['checkAnswer'] as unknown[]).length === 1);
    assert.ok(step !== undefined);
    step['checkAnswer'] = [{ start: 10, count: 6 }];
    const file = path.join(directory, 'wrong.json');
    writeFileSync(file, JSON.stringify(scenario));
    const result = await run([file], directory);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /FAIL {2}wrong\.json/);
    assert.match(result.stdout, /missing: \{"count":6,"start":10\}/);
    assert.match(result.stdout, /extra: {3}\{"count":5,"start":10\}/);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('whirlpool test exits 2 on a file that is not a scenario', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-test-command-'));
  try {
    writeFileSync(path.join(directory, 'broken.json'), '{ not json');
    writeFileSync(path.join(directory, 'no-steps.json'), JSON.stringify({ name: 'x', pipeline: 'x = 1', schema: {} }));
    const broken = await run(['broken.json'], directory);
    assert.equal(broken.code, 2);
    assert.match(broken.stdout, /ERROR broken\.json: not a valid JSON file/);
    const noSteps = await run(['no-steps.json'], directory);
    assert.equal(noSteps.code, 2);
    assert.match(noSteps.stdout, /"steps" must be an array/);
    const missing = await run(['missing.json'], directory);
    assert.equal(missing.code, 2);
    assert.equal((await run([], directory)).code, 2);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
