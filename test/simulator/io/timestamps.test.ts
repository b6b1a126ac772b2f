import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimestampMicros, parseDateDays, parseTimestampMicros } from '../../../simulator/src/io/timestamps';

test('timestamps parse to microseconds in UTC, with fractions, zones and invalid dates refused', () => {
  const base = Date.UTC(2024, 0, 1, 0, 0, 10) * 1000;
  assert.equal(parseTimestampMicros('2024-01-01T00:00:10Z'), base);
  assert.equal(parseTimestampMicros('2024-01-01 00:00:10'), base, 'no zone reads as UTC');
  assert.equal(parseTimestampMicros('2024-01-01T00:00:10.5Z'), base + 500_000);
  assert.equal(parseTimestampMicros('2024-01-01T00:00:10.123456789Z'), base + 123_456, 'digits beyond microseconds are cut');
  assert.equal(parseTimestampMicros('2024-01-01T01:00:10+01:00'), base);
  assert.equal(parseTimestampMicros('2024-01-01T00:00:10.25-0130'), base + 90 * 60_000_000 + 250_000);
  assert.equal(parseTimestampMicros('2024-01-01'), Date.UTC(2024, 0, 1) * 1000);
  assert.equal(parseTimestampMicros('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29) * 1000, 'leap day');
  for (const bad of ['2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', 'yesterday', '2024-01-01T00:00:1xZ', '']) {
    assert.equal(parseTimestampMicros(bad), null, bad);
  }
  assert.equal(parseDateDays('1970-01-03'), 2);
});

test('formatting and parsing round-trip', () => {
  for (const micros of [0, 1_704_067_210_000_000, 1_704_067_210_123_456, 1_704_067_210_500_000]) {
    assert.equal(parseTimestampMicros(formatTimestampMicros(micros)), micros);
  }
});
