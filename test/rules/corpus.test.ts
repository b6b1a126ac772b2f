// The whole linter over realistic code: every file of examples/ (jobs and
// build files) and the jobs in fixtures/corpus, written the way data
// engineers write them and mostly correct. The exact set of findings
// (file:line:column code) must match fixtures/corpus/expected-findings.txt,
// so a new false positive from any rule fails here. Each expected line has
// been checked by hand to be a true positive; regenerate with
// UPDATE_SNAPSHOTS=corpus (or 1) and review every new line before committing it.
//
// It goes through `whirlpool lint` in-process, so the target Spark version
// comes from each folder's build file as it would in CI.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../server/src/cli/run';
import { compareSnapshot } from './check';

const root = path.join(__dirname, '..', '..');
const corpus = path.join('test', 'rules', 'fixtures', 'corpus');

interface JsonFinding {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly rule: string;
  readonly severity: string;
}

test('the linter over examples/ and the realistic corpus reports exactly the reviewed findings', async () => {
  let stdout = '';
  let stderr = '';
  await runCli(['lint', '--format', 'json', '--exit-zero', 'examples', corpus], {
    cwd: root,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  assert.equal(stderr, '', 'no rule errors, no unreadable files');
  const findings = JSON.parse(stdout) as JsonFinding[];
  const rendered = findings
    .map((finding) => `${finding.path}:${finding.line}:${finding.column} ${finding.code} ${finding.rule} ${finding.severity}`)
    .sort();
  const difference = compareSnapshot(path.join(root, corpus, 'expected-findings.txt'), rendered, 'corpus');
  assert.equal(difference, null, difference ?? '');
});
