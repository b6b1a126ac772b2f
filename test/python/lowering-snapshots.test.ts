// Snapshot tests: each fixture under fixtures/lowering/*.py lowers to the
// model rendered in fixtures/snapshots/<name>.txt. Regenerate with
// UPDATE_SNAPSHOTS=1 and review the diff.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderModel } from '../../server/src/model/render';
import { parsePython } from '../../server/src/python/parse';

const fixturesDir = path.join(__dirname, 'fixtures', 'lowering');
const snapshotsDir = path.join(__dirname, 'fixtures', 'snapshots');
const update = process.env['UPDATE_SNAPSHOTS'] === '1';

for (const file of readdirSync(fixturesDir).filter((name) => name.endsWith('.py')).sort()) {
  test(`lowering snapshot: ${file}`, async () => {
    const text = readFileSync(path.join(fixturesDir, file), 'utf8');
    const rendered = renderModel((await parsePython(text)).model, text);
    const snapshot = path.join(snapshotsDir, file.replace(/\.py$/, '.txt'));
    if (update) {
      mkdirSync(snapshotsDir, { recursive: true });
      writeFileSync(snapshot, rendered);
      return;
    }
    assert.ok(existsSync(snapshot), `missing snapshot ${path.relative(process.cwd(), snapshot)}: run with UPDATE_SNAPSHOTS=1`);
    assert.equal(rendered, readFileSync(snapshot, 'utf8'));
  });
}

test('every snapshot has its fixture', () => {
  const fixtures = new Set(readdirSync(fixturesDir).filter((name) => name.endsWith('.py')).map((name) => name.replace(/\.py$/, '')));
  const stale = readdirSync(snapshotsDir).filter((name) => name.endsWith('.txt') && !fixtures.has(name.replace(/\.txt$/, '')));
  assert.deepEqual(stale, [], 'snapshots without a fixture: delete them');
});
