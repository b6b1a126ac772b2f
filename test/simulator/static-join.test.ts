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

test('a static side aggregated before the join (the talk\'s remedy) is re-aggregated every batch', async () => {
  const result = await runScenario({
    name: 'static-aggregate-join',
    pipeline: `from pyspark.sql import functions as F
totals = spark.read.table("sales").dropDuplicates().groupBy("customer").agg(F.sum("amount").alias("total"))
out = spark.readStream.table("events").join(totals, "customer")
q = out.writeStream.format("memory").queryName("out").start()`,
    schema: { customer: 'string', clicks: 'int' },
    outputMode: 'append',
    config: { static: { sales: [{ customer: 'a', amount: 5 }, { customer: 'a', amount: 5 }, { customer: 'a', amount: 7 }, { customer: 'b', amount: 1 }] } },
    steps: [
      { addData: [{ customer: 'a', clicks: 1 }] },
      { advanceBatch: true },
      { checkAnswer: [{ customer: 'a', clicks: 1, total: 12 }], scope: 'new', note: 'the duplicate sale is dropped before summing' },
      { setStatic: { sales: [{ customer: 'a', amount: 1 }] } },
      { addData: [{ customer: 'a', clicks: 2 }, { customer: 'b', clicks: 3 }] },
      { advanceBatch: true },
      { checkAnswer: [{ customer: 'a', clicks: 2, total: 1 }], scope: 'new' },
    ],
  });
  assert.deepEqual(failures(result), []);
  assert.equal(result.checks.length, 2);
});
