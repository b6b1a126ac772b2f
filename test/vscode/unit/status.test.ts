// The language status wording and the status payload check.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseServerStatus } from '../../../client/src/server/status-protocol';
import { describeStatus } from '../../../client/src/status/describe-status';

const now = new Date(2026, 0, 5, 10, 0, 0);

test('a running server shows rule count, Spark version and the last lint time', () => {
  const status = parseServerStatus({
    busy: false,
    ruleCount: 12,
    sparkVersion: '3.5.0',
    enabled: true,
    settingsProblems: [],
    lastLint: { uri: 'file:///a.py', finishedAt: new Date(2026, 0, 5, 9, 59, 58).toISOString(), durationMs: 7.4, findingCount: 2 },
  });
  assert.ok(status);
  const view = describeStatus({ kind: 'running', status }, now);
  assert.equal(view.text, 'Whirlpool: Spark 3.5.0');
  assert.equal(view.detail, '12 rules · linted at 09:59:58 in 7 ms');
  assert.equal(view.busy, false);
  assert.equal(view.severity, 'information');
});

test('busy, disabled, settings problems and a stopped server read differently', () => {
  const base = { busy: true, ruleCount: 1, sparkVersion: '4.0.0', enabled: true, settingsProblems: ['bad'], lastLint: null };
  const busy = describeStatus({ kind: 'running', status: parseServerStatus(base) }, now);
  assert.equal(busy.busy, true);
  assert.equal(busy.text, 'Whirlpool: Spark 4.0.0, linting');
  assert.equal(busy.severity, 'warning');
  assert.match(busy.detail, /^1 rule · not linted yet · 1 settings problem/);
  assert.equal(describeStatus({ kind: 'running', status: parseServerStatus({ ...base, enabled: false }) }, now).text, 'Whirlpool off');
  assert.equal(describeStatus({ kind: 'stopped', reason: 'crashed' }, now).severity, 'error');
});

test('a payload that is not a status is ignored', () => {
  assert.equal(parseServerStatus(null), null);
  assert.equal(parseServerStatus({ busy: 'no' }), null);
  assert.equal(parseServerStatus({ busy: false, ruleCount: 1, sparkVersion: '3.5.0', enabled: true, lastLint: { uri: 1 } })?.lastLint, null);
});
