import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { directoryListing, FileDirectorySource, MemoryFileListing } from '../../../simulator/src/io/file-directory-source';
import { createRecordParser } from '../../../simulator/src/io/record-parser';
import { defaultCsvDialect } from '../../../simulator/src/io/csv';

const textParser = createRecordParser([{ name: 'value', type: 'string' }], {
  format: 'text',
  mode: 'PERMISSIVE',
  corruptColumn: '_corrupt_record',
  csv: defaultCsvDialect,
  epochUnit: 'seconds',
});

function drain(source: FileDirectorySource, maxFiles: number, committed: number): { batches: string[][]; committed: number } {
  const batches: string[][] = [];
  for (;;) {
    const end = source.latestOffset(committed, { kind: 'maxFiles', files: maxFiles });
    if (end === committed) return { batches, committed };
    batches.push(source.getBatch(committed, end).map((row) => String(row['value'])));
    committed = end;
  }
}

test('maxFilesPerTrigger: at most N files per batch, oldest first, later files after earlier ones', () => {
  const listing = new MemoryFileListing();
  for (const name of ['1', '2', '3']) listing.add(`${name}.txt`, name);
  const source = new FileDirectorySource('src', [{ name: 'value', type: 'string' }], listing, textParser, { skipLeadingLines: 0, keepBlank: true });
  let run = drain(source, 2, 0);
  assert.deepEqual(run.batches, [['1', '2'], ['3']]);
  for (const name of ['4', '5', '6', '7']) listing.add(`${name}.txt`, name);
  run = drain(source, 2, run.committed);
  assert.deepEqual(run.batches, [['4', '5'], ['6', '7']]);
  for (const name of ['8', '9', '10', '11', '12']) listing.add(`${name}.txt`, name);
  run = drain(source, 2, run.committed);
  assert.deepEqual(run.batches, [['8', '9'], ['10', '11'], ['12']]);
  assert.deepEqual(source.getBatch(2, 4).map((row) => row['value']), ['3', '4'], 'a committed range replays');
});

test('files on disk are taken by modification time, then by name', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-dir-'));
  try {
    const files: [string, number][] = [['c.jsonl', 100], ['a.jsonl', 300], ['b.jsonl', 100], ['d.jsonl', 200]];
    for (const [name, seconds] of files) {
      const file = path.join(directory, name);
      writeFileSync(file, `{"value":"${name}"}\n`);
      utimesSync(file, seconds, seconds);
    }
    writeFileSync(path.join(directory, '_SUCCESS'), '');
    const parser = createRecordParser([{ name: 'value', type: 'string' }], {
      format: 'json',
      mode: 'PERMISSIVE',
      corruptColumn: '_corrupt_record',
      csv: defaultCsvDialect,
      epochUnit: 'seconds',
    });
    const source = new FileDirectorySource('dir', [{ name: 'value', type: 'string' }], directoryListing(directory), parser, { skipLeadingLines: 0, keepBlank: false });
    assert.deepEqual(drain(source, 1, 0).batches, [['b.jsonl'], ['c.jsonl'], ['d.jsonl'], ['a.jsonl']]);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
