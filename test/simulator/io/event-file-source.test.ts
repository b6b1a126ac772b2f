import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventFileSource } from '../../../simulator/src/io/event-file-source';
import { LineFile } from '../../../simulator/src/io/line-file';
import { createRecordParser, MalformedRecordError, type ParseMode } from '../../../simulator/src/io/record-parser';
import { defaultCsvDialect } from '../../../simulator/src/io/csv';
import type { ColumnType } from '../../../simulator/src/engine/source';

const schema: readonly ColumnType[] = [
  { name: 'user', type: 'string' },
  { name: 'clicks', type: 'int' },
  { name: 'ts', type: 'timestamp' },
  { name: '_corrupt_record', type: 'string' },
];

function withFile(name: string, text: string, run: (file: string) => void): void {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-io-'));
  try {
    const file = path.join(directory, name);
    writeFileSync(file, text);
    run(file);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function source(file: string, format: 'json' | 'csv', mode: ParseMode, header = false): EventFileSource {
  const lines = LineFile.open(file, { skipLeadingRecords: header ? 1 : 0, keepBlank: false, comment: null });
  const parser = createRecordParser(schema, {
    format,
    mode,
    corruptColumn: '_corrupt_record',
    csv: { ...defaultCsvDialect, header },
    epochUnit: 'seconds',
  });
  return new EventFileSource('clicks', schema, lines, parser);
}

const jsonText = [
  '{"user":"ann","clicks":3,"ts":"2024-01-01T00:00:10Z"}',
  '',
  '{"user":"bob","clicks":"many","ts":"2024-01-01T00:00:11Z"}',
  '{"user":"cy", broken',
  '{"user":"dee","clicks":1,"ts":1704067212}',
].join('\n');

test('JSON lines in PERMISSIVE mode keep malformed rows with the raw line in the corrupt column', () => {
  withFile('events.jsonl', jsonText, (file) => {
    const events = source(file, 'json', 'PERMISSIVE');
    assert.equal(events.latestOffset(0, { kind: 'all' }), 4, 'the blank line is not a record');
    const rows = events.getBatch(0, 4);
    assert.deepEqual(rows, [
      { user: 'ann', clicks: 3, ts: Date.UTC(2024, 0, 1, 0, 0, 10) * 1000, _corrupt_record: null },
      { user: 'bob', clicks: null, ts: Date.UTC(2024, 0, 1, 0, 0, 11) * 1000, _corrupt_record: '{"user":"bob","clicks":"many","ts":"2024-01-01T00:00:11Z"}' },
      { user: null, clicks: null, ts: null, _corrupt_record: '{"user":"cy", broken' },
      { user: 'dee', clicks: 1, ts: 1704067212 * 1_000_000, _corrupt_record: null },
    ]);
    const corrupt = events.corruptRecords(0, 4);
    assert.deepEqual(
      corrupt.map((record) => [record.file, record.line, record.raw]),
      [
        [file, 3, '{"user":"bob","clicks":"many","ts":"2024-01-01T00:00:11Z"}'],
        [file, 4, '{"user":"cy", broken'],
      ],
    );
    assert.match(corrupt[0]?.error ?? '', /clicks/);
  });
});

test('JSON lines in DROPMALFORMED mode drop malformed rows but still report them', () => {
  withFile('events.jsonl', jsonText, (file) => {
    const events = source(file, 'json', 'DROPMALFORMED');
    assert.deepEqual(events.getBatch(0, 4).map((row) => row['user']), ['ann', 'dee']);
    assert.deepEqual(events.corruptRecords(0, 4).map((record) => record.line), [3, 4]);
  });
});

test('JSON lines in FAILFAST mode stop at the first malformed line, naming file and line', () => {
  withFile('events.jsonl', jsonText, (file) => {
    const events = source(file, 'json', 'FAILFAST');
    assert.deepEqual(events.getBatch(0, 1).map((row) => row['user']), ['ann'], 'good lines before the bad one read fine');
    assert.throws(
      () => events.getBatch(1, 4),
      (error: unknown) =>
        error instanceof MalformedRecordError && error.message.includes(`${file} line 3`) && error.record.raw.includes('"many"'),
    );
  });
});

const csvText = ['user,clicks,ts', 'ann,3,2024-01-01 00:00:10', 'bob,x,2024-01-01 00:00:11', 'cy,2', '"dee, jr",1,2024-01-01T00:00:12Z', ''].join('\r\n');

test('CSV with a header in PERMISSIVE mode: wrong types and missing fields are malformed', () => {
  withFile('events.csv', csvText, (file) => {
    const events = source(file, 'csv', 'PERMISSIVE', true);
    assert.equal(events.latestOffset(0, { kind: 'all' }), 4);
    const rows = events.getBatch(0, 4);
    assert.deepEqual(rows, [
      { user: 'ann', clicks: 3, ts: Date.UTC(2024, 0, 1, 0, 0, 10) * 1000, _corrupt_record: null },
      { user: 'bob', clicks: null, ts: Date.UTC(2024, 0, 1, 0, 0, 11) * 1000, _corrupt_record: 'bob,x,2024-01-01 00:00:11' },
      { user: 'cy', clicks: 2, ts: null, _corrupt_record: 'cy,2' },
      { user: 'dee, jr', clicks: 1, ts: Date.UTC(2024, 0, 1, 0, 0, 12) * 1000, _corrupt_record: null },
    ]);
    assert.deepEqual(events.corruptRecords(0, 4).map((record) => [record.line, record.raw]), [
      [3, 'bob,x,2024-01-01 00:00:11'],
      [4, 'cy,2'],
    ]);
  });
});

test('CSV in DROPMALFORMED and FAILFAST modes', () => {
  withFile('events.csv', csvText, (file) => {
    const dropping = source(file, 'csv', 'DROPMALFORMED', true);
    assert.deepEqual(dropping.getBatch(0, 4).map((row) => row['user']), ['ann', 'dee, jr']);
    assert.equal(dropping.corruptRecords(0, 4).length, 2);
    const failing = source(file, 'csv', 'FAILFAST', true);
    assert.throws(() => failing.getBatch(0, 4), /events\.csv line 3 \(mode FAILFAST\): field 'clicks'/);
  });
});

test('a row limit splits the file into batches and a range reads the same rows again', () => {
  const lines = Array.from({ length: 25 }, (_, index) => JSON.stringify({ user: `u${index}`, clicks: index, ts: index }));
  withFile('many.jsonl', lines.join('\n') + '\n', (file) => {
    const events = source(file, 'json', 'PERMISSIVE');
    assert.equal(events.latestOffset(0, { kind: 'maxRows', rows: 10 }), 10);
    assert.equal(events.latestOffset(20, { kind: 'maxRows', rows: 10 }), 25);
    const first = events.getBatch(10, 20);
    events.getBatch(0, 10);
    assert.deepEqual(events.getBatch(10, 20), first);
    assert.deepEqual(first.map((row) => row['clicks']), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });
});

test('line numbers stay right across read chunks, CRLF and a byte-order mark', () => {
  // Lines long enough that the 1 MiB read chunks split some of them
  const long = 'x'.repeat(3000);
  const lines = Array.from({ length: 800 }, (_, index) => JSON.stringify({ user: `${index}${long}`, clicks: index, ts: 0 }));
  lines[500] = '{"user": oops';
  withFile('long.jsonl', '\ufeff' + lines.join('\r\n'), (file) => {
    const events = source(file, 'json', 'PERMISSIVE');
    assert.equal(events.latestOffset(0, { kind: 'all' }), 800);
    const rows = events.getBatch(0, 800);
    assert.equal(rows[0]?.['clicks'], 0, 'the byte-order mark is not part of the first record');
    assert.equal(rows[799]?.['clicks'], 799);
    assert.deepEqual(events.corruptRecords(0, 800).map((record) => record.line), [501]);
  });
});

test('numbers in timestamp columns are epoch seconds by default (as Spark reads JSON) or millis by option', () => {
  withFile('epoch.jsonl', '{"user":"a","clicks":1,"ts":1704067212}\n{"user":"b","clicks":2,"ts":1704067212.5}\n', (file) => {
    assert.deepEqual(source(file, 'json', 'FAILFAST').getBatch(0, 2).map((row) => row['ts']), [1704067212_000_000, 1704067212_500_000]);
  });
  withFile('epoch.csv', 'a,1,1704067212345\n', (file) => {
    const lines = LineFile.open(file, { skipLeadingRecords: 0, keepBlank: false, comment: null });
    const parser = createRecordParser(schema, { format: 'csv', mode: 'FAILFAST', corruptColumn: '_corrupt_record', csv: defaultCsvDialect, epochUnit: 'millis' });
    assert.deepEqual(new EventFileSource('clicks', schema, lines, parser).getBatch(0, 1).map((row) => row['ts']), [1704067212_345_000]);
  });
});
