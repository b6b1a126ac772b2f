// Runs every rule over its fixtures: `invalid*` files must raise exactly the
// marked findings (snapshot of the rendered messages in `invalid.snap`),
// `valid*` files (near misses) must raise nothing. Failures read as noisy
// (false positive) or missing (a miss).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../server/src/rules/registry';
import { checkFile, compareSnapshot, readMarkers, summarise } from './check';
import { readFileSync } from 'node:fs';

const fixtures = path.join(__dirname, 'fixtures');

function filesUnder(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target)
    .sort()
    .flatMap((name) => filesUnder(path.join(target, name)));
}

for (const { meta } of rules) {
  test(`${meta.id} (${meta.code}) fixtures`, async (context) => {
    const directory = path.join(fixtures, meta.id);
    const entries = readdirSync(directory).filter((name) => !name.endsWith('.snap'));
    const invalid = entries.filter((name) => name.startsWith('invalid')).flatMap((name) => filesUnder(path.join(directory, name)));
    const valid = entries.filter((name) => name.startsWith('valid')).flatMap((name) => filesUnder(path.join(directory, name)));
    assert.ok(invalid.length > 0, `${meta.id} has no invalid fixture`);
    assert.ok(valid.length > 0, `${meta.id} has no valid fixture`);
    const rendered: string[] = [];
    const totals = { validated: 0, reported: 0, noisy: 0, missing: 0 };
    const count = (report: { validated: readonly unknown[]; reported: readonly unknown[]; noisy: readonly unknown[]; missing: readonly unknown[] }): void => {
      totals.validated += report.validated.length;
      totals.reported += report.reported.length;
      totals.noisy += report.noisy.length;
      totals.missing += report.missing.length;
    };
    for (const file of invalid) {
      const report = await checkFile(meta.id, file);
      count(report);
      const name = path.relative(directory, file);
      assert.ok(report.validated.length > 0, `${name}: no marked finding (a fixture must mark at least one)`);
      assert.ok(report.noisy.length === 0 && report.missing.length === 0 && report.result.ruleErrors.length === 0, `${name}: ${summarise(report)}`);
      for (const line of report.reported) rendered.push(`${name}:${line}`);
    }
    for (const file of valid) {
      const report = await checkFile(meta.id, file);
      count(report);
      const name = path.relative(directory, file);
      assert.equal(readMarkers(readFileSync(file, 'utf8')).length, 0, `${name}: a valid fixture has markers`);
      assert.ok(report.reported.length === 0 && report.result.ruleErrors.length === 0, `${name}: ${summarise(report)}`);
    }
    context.diagnostic(`validated ${totals.validated}, reported ${totals.reported}, noisy ${totals.noisy}, missing ${totals.missing}`);
    const difference = compareSnapshot(path.join(directory, 'invalid.snap'), rendered, meta.id);
    assert.equal(difference, null, difference ?? '');
  });
}

test('every finding message has three parts and no trailing period', async () => {
  for (const { meta } of rules) {
    const directory = path.join(fixtures, meta.id);
    for (const file of readdirSync(directory).filter((name) => name.startsWith('invalid')).flatMap((name) => filesUnder(path.join(directory, name)))) {
      const report = await checkFile(meta.id, file);
      for (const finding of report.result.findings) {
        assert.doesNotMatch(finding.message, /\.$/, `${meta.id}: ${finding.message}`);
        // what is wrong: why; how to fix
        assert.match(finding.message, /^.+?: .+; .+$/s, `${meta.id}: ${finding.message}`);
      }
    }
  }
});
