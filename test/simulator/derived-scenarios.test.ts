// Scenarios of the kinds the upstream folder skips (max policy, two-stream
// watermark, no-data batches off, AvailableNow, range-join state watermark,
// full outer, left semi, self-join, dedup then aggregate, restart without
// commits, rate ramp-up), transcribed from Spark's tests and the semantics
// notes. Same runner, same rule: every check must pass.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runScenario } from '../../simulator/src/scenario/run-scenario';
import { ownFixture } from './scenario-files';

const names = readdirSync(path.join(__dirname, 'fixtures', 'derived')).filter((n) => n.endsWith('.json')).sort();

for (const name of names) {
  test(`derived scenario ${name}`, async () => {
    const result = await runScenario(ownFixture(`derived/${name}`));
    assert.equal(result.error, null, result.error?.message);
    const failures = result.checks.filter((c) => !c.ok).map((c) => `step ${c.step} ${c.kind}: ${c.message}`);
    assert.deepEqual(failures, [], failures.join('\n'));
    assert.ok(result.checks.length > 0);
  });
}
