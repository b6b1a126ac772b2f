import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/analysis/types';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { LineIndex } from '../../server/src/model/span';

const text = 'df = spark.readStream.load()\r\ncounts = df.groupBy("k").count()\n';
const index = new LineIndex(text);
const start = text.indexOf('groupBy');

function finding(severity: Finding['severity'], related: Finding['related']): Finding {
  return { rule: 'a-rule', code: 'WP123', severity, message: 'what, why, fix', span: { start, end: start + 7 }, related, fixes: [], sparkVersion: null };
}

test('a finding becomes a diagnostic with code, documentation link, source, severity and related locations', () => {
  const diagnostic = toDiagnostic(finding('warning', [{ span: { start: 0, end: 2 }, message: 'defined here' }]), 'file:///job.py', index, (rule) => `https://docs.example/${rule}`);
  assert.deepEqual(diagnostic, {
    range: { start: { line: 1, character: 12 }, end: { line: 1, character: 19 } },
    severity: 2,
    code: 'WP123',
    codeDescription: { href: 'https://docs.example/a-rule' },
    source: 'whirlpool',
    message: 'what, why, fix',
    relatedInformation: [{ location: { uri: 'file:///job.py', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } } }, message: 'defined here' }],
    data: { rule: 'a-rule' },
  });
});

test('severities map to LSP numbers and a rule without documentation has no link', () => {
  const severities = (['error', 'warning', 'info', 'hint'] as const).map((severity) => toDiagnostic(finding(severity, []), 'file:///job.py', index, () => null));
  assert.deepEqual(severities.map((diagnostic) => diagnostic.severity), [1, 2, 3, 4]);
  assert.ok(severities.every((diagnostic) => !('codeDescription' in diagnostic) && !('relatedInformation' in diagnostic)));
});
