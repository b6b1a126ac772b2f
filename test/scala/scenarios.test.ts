// The conformance scenarios rewritten in Scala run through `whirlpool test`
// like the PySpark ones: same steps, same checks, the pipeline lowered by the
// Scala front end (the scenario's "language": "scala").

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runTestScenarios } from '../../server/src/cli/test-scenarios';
import { parseScala } from '../../server/src/scala/parse';
import { runScenario } from '../../simulator/src/scenario/run-scenario';

const folder = path.join(__dirname, 'fixtures', 'scenarios');
const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();

test('at least five Scala scenarios: append and update aggregation, dedup, a stream-stream join, a restart', () => {
  const names = files.map((name) => name.slice(0, 2));
  for (const required of ['01', '02', '16', '23', '47']) assert.ok(names.includes(required), `scenario ${required} has a Scala version`);
});

for (const name of files) {
  test(`Scala scenario ${name} lowers cleanly and passes whirlpool test`, async () => {
    const json = JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as { language: string; pipeline: string };
    assert.equal(json.language, 'scala');
    const { model } = await parseScala(json.pipeline);
    assert.equal(model.language, 'scala');
    assert.deepEqual(model.problems, []);
    assert.equal(model.writers.filter((writer) => writer.start !== null).length, 1);
    let stdout = '';
    let stderr = '';
    const code = await runTestScenarios([path.join(folder, name)], { cwd: folder, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    assert.equal(code, 0, `${stdout}${stderr}`);
    assert.match(stdout, /^PASS /m);
  });
}

test('a Scala pipeline run as PySpark fails: the language field is what selects the front end', async () => {
  const json = JSON.parse(readFileSync(path.join(folder, '47-update-count-no-watermark-restart.json'), 'utf8')) as Record<string, unknown>;
  const result = await runScenario({ ...json, language: 'python' });
  assert.equal(result.ok, false);
});

test('an unknown scenario language is bad input with a clear message', async () => {
  const json = JSON.parse(readFileSync(path.join(folder, '47-update-count-no-watermark-restart.json'), 'utf8')) as Record<string, unknown>;
  const result = await runScenario({ ...json, language: 'kotlin' });
  assert.equal(result.ok, false);
  assert.equal(result.error?.kind, 'bad-input');
  assert.match(result.error?.message ?? '', /"language" must be "python" or "scala"/);
});
