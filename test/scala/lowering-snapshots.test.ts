// Snapshot tests: each fixture under fixtures/lowering/*.scala lowers to the
// model rendered in fixtures/snapshots/<name>.txt (the PySpark front end's
// renderer, so the two front ends are compared line for line). Regenerate
// with UPDATE_SNAPSHOTS=1 and review the diff.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { renderModel } from '../../server/src/model/render';
import { parseScala } from '../../server/src/scala/parse';

const fixturesDir = path.join(__dirname, 'fixtures', 'lowering');
const snapshotsDir = path.join(__dirname, 'fixtures', 'snapshots');
const update = process.env['UPDATE_SNAPSHOTS'] === '1';

for (const file of readdirSync(fixturesDir).filter((name) => name.endsWith('.scala')).sort()) {
  test(`Scala lowering snapshot: ${file}`, async () => {
    const text = readFileSync(path.join(fixturesDir, file), 'utf8');
    const { model } = await parseScala(text);
    assert.equal(model.language, 'scala');
    const rendered = renderModel(model, text);
    const snapshot = path.join(snapshotsDir, file.replace(/\.scala$/, '.txt'));
    if (update) {
      mkdirSync(snapshotsDir, { recursive: true });
      writeFileSync(snapshot, rendered);
      return;
    }
    assert.ok(existsSync(snapshot), `missing snapshot ${path.relative(process.cwd(), snapshot)}: run with UPDATE_SNAPSHOTS=1`);
    assert.equal(rendered, readFileSync(snapshot, 'utf8'));
  });
}

test('every Scala snapshot has its fixture', () => {
  const fixtures = new Set(readdirSync(fixturesDir).filter((name) => name.endsWith('.scala')).map((name) => name.replace(/\.scala$/, '')));
  const stale = readdirSync(snapshotsDir).filter((name) => name.endsWith('.txt') && !fixtures.has(name.replace(/\.txt$/, '')));
  assert.deepEqual(stale, [], 'snapshots without a fixture: delete them');
});
