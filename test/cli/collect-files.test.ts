import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { collectFiles } from '../../server/src/cli/collect-files';
import { decodeSource, readSource } from '../../server/src/cli/read-source';

const pythonOrRequirements = (file: string): boolean => file.endsWith('.py') || path.basename(file) === 'requirements.txt';

test('folders are walked recursively, skipping dependency, output and hidden folders', (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'whirlpool-collect-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const files = [
    'jobs/a.py',
    'jobs/nested/deeper/b.py',
    'jobs/requirements.txt',
    'jobs/notes.md',
    'jobs/node_modules/pkg/c.py',
    'jobs/.venv/lib/d.py',
    'jobs/out/e.py',
    'jobs/__pycache__/f.py',
    'top.py',
  ];
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), 'x = 1\n');
  }
  // A link back to an ancestor must not loop.
  symlinkSync(path.join(root, 'jobs'), path.join(root, 'jobs', 'nested', 'loop'));
  const collected = collectFiles(['jobs', 'top.py', 'jobs/notes.md', 'missing'], root, pythonOrRequirements);
  assert.deepEqual(
    collected.files.map((file) => path.relative(root, file)),
    ['jobs/a.py', 'jobs/nested/deeper/b.py', 'jobs/notes.md', 'jobs/requirements.txt', 'top.py'],
  );
  assert.deepEqual(collected.problems, ['missing: no such file or folder']);
});

test('binary and non-UTF-8 files are refused with a reason, text is decoded', (t) => {
  assert.deepEqual(decodeSource(Buffer.from('x = "é"\n', 'utf8')), { kind: 'text', text: 'x = "é"\n' });
  assert.deepEqual(decodeSource(Buffer.from([0x78, 0x00, 0x79])), { kind: 'unreadable', reason: 'binary file (contains NUL bytes), skipped' });
  assert.deepEqual(decodeSource(Buffer.from([0x78, 0xff, 0xfe, 0x79])), { kind: 'unreadable', reason: 'not valid UTF-8, skipped' });
  const root = mkdtempSync(path.join(tmpdir(), 'whirlpool-read-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.deepEqual(readSource(path.join(root, 'gone.py')), { kind: 'unreadable', reason: 'cannot read file (ENOENT)' });
});
