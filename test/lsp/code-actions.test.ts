import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, Fix } from '../../server/src/analysis/types';
import { codeActions, fixAllKind } from '../../server/src/lsp/code-actions';
import { LineIndex } from '../../server/src/model/span';

const text = 'a = df.cache()\nb = df.groupBy("k").count()\nc = df.writeStream.start()\n';
const index = new LineIndex(text);
const uri = 'file:///job.py';

function at(needle: string): { start: number; end: number } {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, needle);
  return { start, end: start + needle.length };
}

function fix(title: string, safety: Fix['safety'], span: { start: number; end: number }, newText: string): Fix {
  return { title, safety, edits: () => [{ span, newText }] };
}

function finding(rule: string, code: string, needle: string, fixes: Fix[]): Finding {
  return { rule, code, severity: 'warning', message: `${rule} message`, span: at(needle), related: [], fixes, sparkVersion: null };
}

const cache = finding('cached-thing', 'WP1', '.cache()', [
  fix('Remove .cache()', 'unsafe', at('.cache()'), ''),
  fix('Template only', 'display-only', at('.cache()'), '<fill in>'),
]);
const group = finding('group-thing', 'WP2', 'groupBy("k")', [fix('Add a watermark', 'safe', { start: at('groupBy').start, end: at('groupBy').start }, 'withWatermark("ts", "1 minute").')]);
const start = finding('start-thing', 'WP3', '.start()', [
  fix('Add a checkpoint', 'safe', { start: at('.start()').start, end: at('.start()').start }, '.option("checkpointLocation", "/chk")'),
  fix('Also safe', 'safe', at('.start()'), '.start("x")'),
]);
const broken = finding('broken-thing', 'WP4', 'c = df', [{ title: 'Throws', safety: 'safe', edits: () => { throw new Error('bad fix'); } }]);
const findings = [cache, group, start, broken];
const noErrors = { neverOnSave: [], onFixError: () => assert.fail('no fix should throw here') };


test('quick fixes are the fixes of the findings under the cursor; display-only templates are offered as templates', () => {
  const diagnostic = { range: { start: index.position(at('.cache()').start), end: index.position(at('.cache()').end) }, code: 'WP1', message: 'x' };
  const actions = codeActions(findings, index, { uri, range: { start: index.position(at('cache').start), end: index.position(at('cache').start) }, only: undefined, diagnostics: [diagnostic] }, noErrors);
  assert.deepEqual(actions, [
    {
      // Unsafe fixes say so in their title.
      title: 'Remove .cache() (unsafe)',
      kind: 'quickfix',
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [{ range: { start: { line: 0, character: 6 }, end: { line: 0, character: 14 } }, newText: '' }] } },
    },
    {
      // A template is inserted for the user to fill in: never preferred.
      title: 'Template only (template: fill in the <placeholders>)',
      kind: 'quickfix',
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [{ range: { start: { line: 0, character: 6 }, end: { line: 0, character: 14 } }, newText: '<fill in>' }] } },
    },
  ]);
  // The first safe fix of a finding is preferred, later ones are not.
  const startRange = { start: index.position(at('.start()').start), end: index.position(at('.start()').end) };
  const onStart = codeActions(findings.filter((f) => f !== broken), index, { uri, range: startRange, only: ['quickfix'], diagnostics: [] }, noErrors);
  assert.deepEqual(onStart.map((action) => [action.title, action.isPreferred ?? false, 'diagnostics' in action]), [
    ['Add a checkpoint', true, false],
    ['Also safe', false, false],
  ]);
  assert.deepEqual(codeActions(findings, index, { uri, range: startRange, only: ['refactor'], diagnostics: [] }, noErrors), []);
});

test('fix-all applies the safe fixes that do not overlap, skipping rules never fixed on save', () => {
  const whole = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
  const errors: string[] = [];
  const options = { neverOnSave: [], onFixError: (rule: string, error: unknown) => errors.push(`${rule}: ${(error as Error).message}`) };
  // Not offered unless asked for: a lightbulb request gets quick fixes only.
  assert.ok(codeActions([group], index, { uri, range: whole, only: undefined, diagnostics: [] }, options).every((action) => action.kind === 'quickfix'));

  const [fixAll, ...rest] = codeActions(findings, index, { uri, range: whole, only: ['source.fixAll'], diagnostics: [] }, options);
  assert.equal(rest.length, 0);
  assert.equal(fixAll?.kind, fixAllKind);
  const edits = fixAll?.edit?.changes?.[uri] ?? [];
  // The unsafe removal and the template are left out; of the two safe fixes at .start() only the first applies.
  assert.deepEqual(edits.map((edit) => edit.newText), ['withWatermark("ts", "1 minute").', '.option("checkpointLocation", "/chk")']);
  assert.deepEqual(errors, ['broken-thing: bad fix']);

  const skipping = codeActions(findings, index, { uri, range: whole, only: [fixAllKind], diagnostics: [] }, { ...options, neverOnSave: ['WP2', 'start-thing'] });
  assert.deepEqual(skipping, []);
  // "source" admits every source action, fix-all included.
  assert.equal(codeActions([group], index, { uri, range: whole, only: ['source'], diagnostics: [] }, options)[0]?.kind, fixAllKind);
});
