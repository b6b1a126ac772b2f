import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateSource, rateSettings, valueAtSecond } from '../../../simulator/src/io/rate-source';
import { SourceOptions } from '../../../simulator/src/io/source-options';

test('rate source: one second at 10 rows/s spreads timestamps 100 ms apart from the start time', () => {
  let now = 0;
  const rate = new RateSource('rate', { rowsPerSecond: 10, rampUpSeconds: 0, numPartitions: 1 }, () => now);
  assert.equal(rate.latestOffset(0, { kind: 'all' }), 0, 'no whole second has passed');
  now = 1000;
  assert.equal(rate.latestOffset(0, { kind: 'all' }), 1);
  assert.deepEqual(
    rate.getBatch(0, 1).map((row) => [Number(row['timestamp']) / 1000, row['value']]),
    [0, 100, 200, 300, 400, 500, 600, 700, 800, 900].map((ms, value) => [ms, value]),
  );
});

test('rate source: 1500 rows/s gives timestamp round(value * 1000 / 1500) ms', () => {
  let now = 5_000;
  const rate = new RateSource('rate', { rowsPerSecond: 1500, rampUpSeconds: 0, numPartitions: 1 }, () => now);
  now = 6_000;
  const rows = rate.getBatch(0, rate.latestOffset(0, { kind: 'all' }));
  assert.equal(rows.length, 1500);
  for (const row of rows) {
    const value = row['value'] as number;
    assert.equal(row['timestamp'], (5_000 + Math.round((value * 1000) / 1500)) * 1000);
  }
});

test('rate source: rampUpTime grows the speed 2, 4, 6, 8 rows/s before reaching 10', () => {
  const speeds = [1, 2, 3, 4, 5, 6].map((second) => valueAtSecond(second, 10, 4) - valueAtSecond(second - 1, 10, 4));
  assert.deepEqual(speeds, [2, 4, 6, 8, 10, 10]);
  let now = 0;
  const rate = new RateSource('rate', rateSettings(SourceOptions.fromRecord({ rowsPerSecond: 10, rampUpTime: '4s' })).value, () => now);
  now = 2_000;
  const rows = rate.getBatch(1, rate.latestOffset(1, { kind: 'all' }));
  assert.deepEqual(rows.map((row) => row['value']), [2, 3, 4, 5]);
  // Second 1 holds the values 2..5 spread over its 1000 ms
  assert.deepEqual(rows.map((row) => Number(row['timestamp']) / 1000), [1000, 1250, 1500, 1750]);
});

test('rate source: numPartitions interleaves values across partitions, partition by partition', () => {
  let now = 0;
  const rate = new RateSource('rate', { rowsPerSecond: 6, rampUpSeconds: 0, numPartitions: 2 }, () => now);
  now = 1_000;
  assert.deepEqual(rate.getBatch(0, 1).map((row) => row['value']), [0, 2, 4, 1, 3, 5]);
});

test('rate source options: invalid values are reported, not guessed', () => {
  const { problems } = rateSettings(SourceOptions.fromRecord({ rowsPerSecond: '0', rampUpTime: 'soon', numPartitions: 'two' }));
  assert.equal(problems.length, 3);
  assert.match(problems[0] ?? '', /rowsPerSecond/);
});
