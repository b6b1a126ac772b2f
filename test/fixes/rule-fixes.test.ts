// Every fix of every rule, over the rule's invalid fixtures:
// - snapshot: the text each fix produces, as a unified diff, in
//   test/fixes/fixtures/<rule>.snap (UPDATE_SNAPSHOTS=1 rewrites);
// - convergence: after the fix the file parses with no new syntax errors,
//   the finding is gone, and no other rule newly fires, except the
//   follow-ups fix-harness.ts lists on purpose;
// - fix-all twice: a second run over the fixed text changes nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { rules } from '../../server/src/rules/registry';
import { checkRuleFixes, compareSnapshot, followUps, invalidBuildFixtures, invalidFixtures } from './fix-harness';

const withFixes = rules.filter((rule) => rule.meta.fixSafety !== null);

for (const { meta, kind } of withFixes) {
  test(`${meta.id} (${meta.code}) fixes`, async () => {
    // A build-file rule's fixtures are build files of every format, each analysed under its own name.
    const buildFiles = kind === 'build';
    const files = buildFiles ? invalidBuildFixtures(meta.id) : invalidFixtures(meta.id);
    assert.ok(files.length > 0, `${meta.id} has no invalid fixture`);
    const { rendered, offered } = await checkRuleFixes(meta, files, 'python', followUps, buildFiles);
    assert.ok(offered > 0, `${meta.id} declares fix safety ${meta.fixSafety} but its fixtures get no fix`);
    const difference = compareSnapshot(path.join(__dirname, 'fixtures', `${meta.id}.snap`), `${rendered.join('\n')}\n`);
    assert.equal(difference, null, difference ?? '');
  });
}
