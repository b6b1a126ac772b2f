// Registry, rule files, docs and fixtures stay one-to-one, and every rule's
// meta keeps the contract.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { reservedCodes, rules } from '../../server/src/rules/registry';
import type { Rule } from '../../server/src/rules/rule';

const root = path.join(__dirname, '..', '..');
const ruleDirectory = path.join(root, 'server', 'src', 'rules');

test('the registry is sorted by id, ids and codes are unique and well formed', () => {
  const ids = rules.map((rule) => rule.meta.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.equal(new Set(ids).size, ids.length);
  const codes = rules.map((rule) => rule.meta.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const { meta } of rules) {
    assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.match(meta.code, /^WP\d{3}$/);
    assert.ok(!reservedCodes.includes(meta.code), `${meta.id} uses reserved code ${meta.code}`);
    assert.doesNotMatch(meta.summary, /\.$/, `${meta.id}: summary ends with a period`);
  }
});

test('each rule file exports the registered rule under its own name, and every rule file is registered', async () => {
  const ruleFiles: string[] = [];
  for (const name of readdirSync(ruleDirectory).filter((file) => file.endsWith('.ts')).sort()) {
    const module = (await import(path.join(ruleDirectory, name))) as { rule?: Rule; meta?: unknown };
    if (module.rule === undefined) continue;
    ruleFiles.push(name.replace(/\.ts$/, ''));
    assert.equal(module.rule.meta.id, name.replace(/\.ts$/, ''), `${name}: file name must be the rule id`);
    assert.equal(module.meta, module.rule.meta, `${name}: exported meta must be the rule's`);
    assert.ok(rules.includes(module.rule), `${name}: not in the registry`);
  }
  assert.deepEqual(ruleFiles, rules.map((rule) => rule.meta.id));
});

test('every rule has a fixture folder and every fixture folder a rule', () => {
  // `corpus` holds the realistic jobs of corpus.test.ts, not one rule's fixtures.
  const folders = readdirSync(path.join(__dirname, 'fixtures')).filter((name) => name !== 'corpus').sort();
  assert.deepEqual(folders, rules.map((rule) => rule.meta.id));
  for (const { meta } of rules) assert.ok(existsSync(path.join(root, 'docs', 'rules', `${meta.id}.md`)), `no doc page for ${meta.id}`);
});
