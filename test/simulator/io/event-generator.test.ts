import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultGeneratorOptions, EventGenerator } from '../../../simulator/src/generate/event-generator';
import { GeneratedSource } from '../../../simulator/src/generate/generated-source';
import { createRecordParser } from '../../../simulator/src/io/record-parser';
import { defaultCsvDialect } from '../../../simulator/src/io/csv';
import type { ColumnType, Row } from '../../../simulator/src/engine/source';

const schema: readonly ColumnType[] = [
  { name: 'event_id', type: 'string' },
  { name: 'user_id', type: 'string' },
  { name: 'page', type: 'string' },
  { name: 'amount', type: 'double' },
  { name: 'quantity', type: 'int' },
  { name: 'is_mobile', type: 'boolean' },
  { name: 'event_time', type: 'timestamp' },
  { name: 'day', type: 'date' },
  { name: 'device', type: 'struct<id:bigint,os:string>' },
  { name: 'tags', type: 'array<string>' },
  { name: 'rating', type: 'tinyint' },
  { name: 'price', type: 'decimal(10,2)' },
  { name: 'attributes', type: 'map<string,int>' },
  { name: 'latency_ms', type: 'float' },
  { name: 'signature', type: 'binary' },
];

const watermarkDelay = 60_000_000;
const options = defaultGeneratorOptions({ spacingMicros: 500_000, maxDisorderMicros: 10_000_000, lateByMicros: 2 * watermarkDelay });

test('the same seed gives the same events, another seed different ones', () => {
  const first = new EventGenerator(schema, options).rows(0, 500);
  const again = new EventGenerator(schema, options).rows(0, 500);
  assert.deepEqual(again, first);
  const other = new EventGenerator(schema, { ...options, seed: 7 }).rows(0, 500);
  assert.notDeepEqual(other, first);
  assert.notDeepEqual(new EventGenerator(schema, options, 'another source').rows(0, 500), first, 'sources of one run differ');
});

test('any range replays exactly, in any order of reads', () => {
  const generator = new EventGenerator(schema, options);
  const whole = generator.rows(0, 5000);
  const fresh = new EventGenerator(schema, options);
  assert.deepEqual(fresh.rows(3000, 3100), whole.slice(3000, 3100), 'a range far ahead');
  assert.deepEqual(fresh.rows(1023, 1030), whole.slice(1023, 1030), 'a range across a saved state');
  assert.deepEqual(new GeneratedSource('events', fresh, 5000).getBatch(4990, 6000), whole.slice(4990));
});

test('generated rows conform to the schema', () => {
  const rows = new EventGenerator(schema, options).rows(0, 2000);
  // Reading the generated JSON back with the schema finds nothing malformed
  const generator = new EventGenerator(schema, options);
  const parser = createRecordParser(schema, { format: 'json', mode: 'FAILFAST', corruptColumn: '_corrupt_record', csv: defaultCsvDialect, epochUnit: 'seconds' });
  const sink = { rows: [] as Row[], corrupt: [] };
  for (const line of generator.jsonLines(0, 2000)) parser.parse(line, { source: 'events', file: null, line: null }, sink);
  assert.deepEqual(sink.rows, rows, 'JSON text and engine values are the same events');
  for (const row of rows) {
    assert.equal(typeof row['event_id'], 'string');
    assert.match(String(row['user_id']), /^user-\d{3}$/);
    assert.equal(typeof row['amount'], 'number');
    assert.ok(Number.isInteger(row['quantity']));
    assert.equal(typeof row['is_mobile'], 'boolean');
    assert.ok(Number.isInteger(row['event_time']));
    assert.equal(row['day'], Math.floor((row['event_time'] as number) / 86_400_000_000));
    const device = row['device'] as Record<string, unknown>;
    assert.ok(Number.isInteger(device['id']) && typeof device['os'] === 'string');
    assert.ok(Array.isArray(row['tags']));
    assert.ok(Number.isInteger(row['rating']) && (row['rating'] as number) >= 1 && (row['rating'] as number) <= 5);
    assert.equal(Math.round((row['price'] as number) * 100) / 100, row['price'], 'two decimals');
    assert.ok(Object.values(row['attributes'] as object).every((value) => Number.isInteger(value)));
    assert.ok((row['latency_ms'] as number) > 0);
    assert.equal(typeof row['signature'], 'string');
  }
  assert.equal(new Set(rows.map((row) => row['event_id'])).size, rows.length, 'event ids are unique');
  const users = new Set(rows.map((row) => row['user_id']));
  assert.ok(users.size > 5 && users.size <= 40, `a few dozen users to group by, got ${users.size}`);
});

test('event times advance, with out-of-order rows and rows later than the watermark delay', () => {
  const rows = new EventGenerator(schema, options).rows(0, 5000);
  let maxSeen = -Infinity;
  let outOfOrder = 0;
  let late = 0;
  for (const row of rows) {
    const time = row['event_time'] as number;
    if (time < maxSeen) outOfOrder += 1;
    if (time < maxSeen - watermarkDelay) late += 1;
    maxSeen = Math.max(maxSeen, time);
  }
  const last = rows[rows.length - 1]?.['event_time'] as number;
  assert.ok(last - (rows[0]?.['event_time'] as number) > 2000 * 1_000_000, 'time moves on with the events');
  assert.ok(outOfOrder > 250, `some rows out of order, got ${outOfOrder}`);
  assert.ok(late > 20 && late < 250, `a few rows beyond the watermark delay, got ${late}`);
});
