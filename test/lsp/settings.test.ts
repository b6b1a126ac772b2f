import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisSettings } from '../../server/src/analysis/types';
import { readSettings, type SettingsContext } from '../../server/src/lsp/settings';

const defaults: AnalysisSettings = { sparkVersion: [3, 5, 0], severity: {}, select: [], ignore: [], fix: { checkpointRoot: 's3a://chk', watermarkDelay: '10 minutes' } };
const context: SettingsContext = {
  defaults,
  parseSparkVersion: (text) => {
    const match = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text);
    return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : null;
  },
  isKnownRule: (rule) => ['some-rule', 'WP101'].includes(rule),
};

test('missing settings give the defaults, enabled', () => {
  for (const raw of [undefined, null, {}]) {
    assert.deepEqual(readSettings(raw, context), { value: { enable: true, analysis: defaults, sparkVersionSet: false, neverOnSave: [] }, problems: [] });
  }
});

test('enable, severity by id or code, and the Spark version are read', () => {
  const reading = readSettings({ enable: false, sparkVersion: '3.4', severity: { 'some-rule': 'off', WP101: 'hint' }, fix: { neverOnSave: ['WP101'] } }, context);
  assert.deepEqual(reading.problems, []);
  assert.deepEqual(reading.value.neverOnSave, ['WP101']);
  assert.equal(reading.value.enable, false);
  assert.deepEqual(reading.value.analysis.sparkVersion, [3, 4, 0]);
  assert.equal(reading.value.sparkVersionSet, true);
  assert.deepEqual(reading.value.analysis.severity, { 'some-rule': 'off', WP101: 'hint' });
});

test('bad values fall back to the defaults and are reported, one problem each', () => {
  const reading = readSettings(
    { enable: 'yes', sparkVersion: 'latest', severity: { 'some-rule': 'loud', 'no-such-rule': 'error', WP101: 'warning' }, fix: { neverOnSave: ['some-rule', 7] } },
    context,
  );
  assert.deepEqual(reading.value.neverOnSave, ['some-rule']);
  assert.equal(reading.value.enable, true);
  assert.deepEqual(reading.value.analysis.sparkVersion, [3, 5, 0]);
  assert.deepEqual(reading.value.analysis.severity, { WP101: 'warning' });
  assert.deepEqual(reading.problems, [
    'whirlpool.enable must be true or false',
    'whirlpool.sparkVersion "latest" is not a version like "3.5"',
    'whirlpool.severity.some-rule must be one of error, warning, info, hint, off',
    'whirlpool.severity: no rule is called "no-such-rule"',
    'whirlpool.fix.neverOnSave: no rule is called 7',
  ]);
  assert.deepEqual(readSettings({ fix: { neverOnSave: 'WP101' } }, context).problems, ['whirlpool.fix.neverOnSave must be a list of rule ids or codes']);
  assert.deepEqual(readSettings('on', context).problems, ['whirlpool settings must be an object']);
});

test('the server accepts severity keys that name exactly one rule, by id or code in any case', async () => {
  const { settingsContext } = await import('../../server/src/lsp/lint-document');
  const { rules } = await import('../../server/src/rules/registry');
  const meta = rules[0]?.meta;
  assert.ok(meta, 'the registry has rules');
  assert.equal(settingsContext.isKnownRule(meta.id), true);
  assert.equal(settingsContext.isKnownRule(meta.code.toLowerCase()), true);
  // A code prefix selects rules in --select, but a severity override must name one rule.
  assert.equal(settingsContext.isKnownRule(meta.code.slice(0, 3)), false);
  assert.equal(settingsContext.isKnownRule('no-such-rule'), false);
});
