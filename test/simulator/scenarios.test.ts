// Every conformance scenario through the `whirlpool test` code path
// (runScenario): one test per file, failing with the check's diff.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../../simulator/src/scenario/run-scenario';
import { scenarioFiles } from './scenario-files';

for (const file of scenarioFiles()) {
  test(`scenario ${file.name}`, async () => {
    const result = await runScenario(file.json);
    assert.equal(result.error, null, result.error === null ? '' : `${result.error.kind}: ${result.error.message}`);
    const failures = result.checks.filter((c) => !c.ok).map((c) => `step ${c.step} ${c.kind}: ${c.message}`);
    assert.deepEqual(failures, [], failures.join('\n'));
    assert.ok(result.checks.length > 0, 'the scenario has checks');
  });
}
