// Stream-static joins read the static table again every batch; a cached
// static DataFrame is frozen at query start (the talk's pitfall), until the
// query restarts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../../simulator/src/scenario/run-scenario';
import { ownFixture } from './scenario-files';

function failures(result: Awaited<ReturnType<typeof runScenario>>): string[] {
  return [...(result.error === null ? [] : [result.error.message]), ...result.checks.filter((c) => !c.ok).map((c) => `step ${c.step}: ${c.message}`)];
}

test('without a cache the join sees the changed static table in the next batch', async () => {
  const result = await runScenario(ownFixture('static/static-table-changes-not-cached.json'));
  assert.deepEqual(failures(result), []);
  assert.equal(result.checks.length, 2);
});

test('with a cache the join keeps the old rows until the query restarts', async () => {
  const result = await runScenario(ownFixture('static/static-table-changes-cached.json'));
  assert.deepEqual(failures(result), []);
  assert.equal(result.checks.length, 3);
});

test('the cached query does not meet the uncached expectations (the difference is real)', async () => {
  const uncached = ownFixture('static/static-table-changes-not-cached.json') as { pipeline: string };
  const cached = ownFixture('static/static-table-changes-cached.json') as { pipeline: string };
  const result = await runScenario({ ...uncached, pipeline: cached.pipeline });
  assert.equal(result.error, null);
  assert.deepEqual(
    result.checks.map((c) => c.ok),
    [true, false],
  );
  assert.match(result.checks[1]?.message ?? '', /missing: \{"number":1,"value":1,"word":"uno"\}/);
});
