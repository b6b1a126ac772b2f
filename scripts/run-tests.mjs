// Runs the test suite with Node's test runner: every test/**/*.test.ts file
// (or the files/folders given), with TypeScript loaded by tsx.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function collect(target, out) {
  if (statSync(target).isDirectory()) {
    for (const name of readdirSync(target).sort()) {
      if (name === 'node_modules' || name === 'fixtures') continue;
      collect(path.join(target, name), out);
    }
  } else if (target.endsWith('.test.ts')) {
    out.push(target);
  }
  return out;
}

const args = process.argv.slice(2);
const targets = args.length > 0 ? args : ['test'];
const files = targets.flatMap((target) => collect(target, []));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...files],
  { stdio: 'inherit', env: { ...process.env, WHIRLPOOL_TEST: '1' } },
);
process.exit(result.status ?? 1);
