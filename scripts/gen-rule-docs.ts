// Writes docs/rules/<id>.md for every rule and docs/rules/README.md, from the
// rules' own meta. Run with `npm run docs:rules`; `--check` only reports
// stale pages (exit 1), as the test does. Pages of no rule are reported, not
// deleted.

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../server/src/rules/registry';
import { renderRuleIndex, renderRulePage } from '../server/src/rules/rule-docs';
import { scalaDocFor } from './scala-rule-docs';

const directory = path.join(__dirname, '..', 'docs', 'rules');
const check = process.argv.includes('--check');

const wanted = new Map<string, string>([['README.md', renderRuleIndex(rules)]]);
for (const rule of rules) wanted.set(`${rule.meta.id}.md`, renderRulePage(rule.meta, scalaDocFor(rule.meta.id)));

const stale: string[] = [];
if (!check) mkdirSync(directory, { recursive: true });
for (const [name, content] of wanted) {
  const file = path.join(directory, name);
  if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
  stale.push(name);
  if (!check) writeFileSync(file, content);
}
for (const name of existsSync(directory) ? readdirSync(directory) : []) {
  if (!name.endsWith('.md') || wanted.has(name)) continue;
  // Never deleted here: a page may belong to a rule being added; the test reports it.
  stale.push(`${name} (no such rule: delete it or register the rule)`);
}
if (check && stale.length > 0) {
  console.error(`stale rule docs: ${stale.join(', ')}; run npm run docs:rules`);
  process.exit(1);
}
console.log(stale.length === 0 ? 'rule docs up to date' : `${check ? 'stale' : 'wrote'}: ${stale.join(', ')}`);
