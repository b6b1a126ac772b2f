import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleErrorLog } from '../../server/src/lsp/rule-error-log';

test('a failing rule is logged once per session, each rule separately', () => {
  const lines: string[] = [];
  const log = new RuleErrorLog((line) => lines.push(line));
  log.report([{ rule: 'first', error: 'TypeError: x is undefined' }]);
  log.report([
    { rule: 'first', error: 'TypeError: x is undefined' },
    { rule: 'second', error: 'RangeError: too deep' },
  ]);
  log.report([{ rule: 'second', error: 'another message' }]);
  assert.deepEqual(lines, [
    'rule first failed and was skipped (other rules still ran): TypeError: x is undefined',
    'rule second failed and was skipped (other rules still ran): RangeError: too deep',
  ]);
});
