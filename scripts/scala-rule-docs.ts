// The Scala part of each rule page, read from the rule's Scala test fixtures
// (test/scala/fixtures/rules/<id>/invalid.scala and valid.scala), which the
// Scala rule tests run: so the page shows Scala code the rule is known to
// flag and not to flag. Rules listed in NOT-APPLICABLE.md get their reason.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ScalaDoc } from '../server/src/rules/rule-docs';

const fixtures = path.join(__dirname, '..', 'test', 'scala', 'fixtures', 'rules');

export function scalaDocFor(id: string): ScalaDoc {
  const folder = path.join(fixtures, id);
  const invalid = path.join(folder, 'invalid.scala');
  const valid = path.join(folder, 'valid.scala');
  if (existsSync(invalid) && existsSync(valid)) {
    return { kind: 'examples', flagged: readFileSync(invalid, 'utf8'), notFlagged: readFileSync(valid, 'utf8') };
  }
  const listed = readFileSync(path.join(fixtures, 'NOT-APPLICABLE.md'), 'utf8')
    .split('\n')
    .find((line) => line.startsWith(`- ${id}: `));
  if (listed === undefined) throw new Error(`${id}: no Scala fixtures (invalid.scala and valid.scala) and not listed in NOT-APPLICABLE.md`);
  // The list names the test files that cover the rule otherwise: the page keeps the reason only.
  const reason = listed.slice(`- ${id}: `.length).replace(/,?\s*tested in `test\/[^`]*`/, '').trim();
  return { kind: 'notApplicable', reason: reason.endsWith('.') ? reason : `${reason}.` };
}
