import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/analysis/types';
import { formatGithub } from '../../server/src/cli/format-github';
import { formatJson } from '../../server/src/cli/format-json';
import { formatSarif } from '../../server/src/cli/format-sarif';
import { formatText } from '../../server/src/cli/format-text';
import type { LintReport } from '../../server/src/cli/lint-report';
import { LineIndex } from '../../server/src/model/span';
import { sarifProblems } from './sarif-check';

// Formatting is tested on hand-made findings so each format's contract is
// pinned independently of what the rules report (the lint tests cover that).
const text = 'import x\ndf = spark.readStream.load()\n# é, comma: 100%\ndf.writeStream.start()\n';
const index = new LineIndex(text);

function finding(rule: string, code: string, start: number, end: number, message: string, severity: Finding['severity'] = 'warning'): Finding {
  return {
    rule,
    code,
    severity,
    message,
    span: { start, end },
    related: rule === 'second-rule' ? [{ span: { start: 7, end: 8 }, message: 'the DataFrame is defined here' }] : [],
    fixes: rule === 'first-rule' ? [{ title: 'Add a watermark', safety: 'unsafe', edits: () => [] }] : [],
    sparkVersion: rule === 'first-rule' ? [3, 5, 0] : null,
  };
}

const report: LintReport = {
  toolVersion: '9.9.9',
  rules: [
    { id: 'first-rule', code: 'WP001', summary: 'The first rule', defaultSeverity: 'warning', documentationUrl: 'https://example.org/rules/first-rule' },
    { id: 'second-rule', code: 'WP002', summary: 'The second rule', defaultSeverity: 'error', documentationUrl: null },
  ],
  files: [
    {
      path: 'jobs/a.py',
      index,
      cells: null,
      findings: [
        finding('first-rule', 'WP001', 14, 35, 'first: problem, cause: fix 100%'),
        finding('second-rule', 'WP002', text.indexOf('df.writeStream'), text.length - 1, 'second\nline', 'error'),
      ],
    },
    { path: 'jobs/clean.py', index: new LineIndex('x = 1\n'), cells: null, findings: [] },
  ],
};

test('text output is path:line:col: CODE message per finding, then a count', () => {
  assert.equal(
    formatText(report),
    [
      'jobs/a.py:2:6: WP001 first: problem, cause: fix 100%',
      'jobs/a.py:4:1: WP002 second\nline',
      'Found 2 problems (2 files checked)',
      // What the fixes can do, counted by each finding's most trusted fix.
      '[*] 1 with --fix --unsafe-fixes',
      '',
    ].join('\n'),
  );
  assert.equal(formatText({ ...report, files: [report.files[1]!] }), 'All clear: 1 file checked\n');
});

test('the text summary counts findings by their most trusted fix, leaving out Jupyter notebooks', () => {
  const withFixes = (safeties: readonly Finding['fixes'][number]['safety'][]): Finding => ({
    ...finding('second-rule', 'WP002', 0, 6, 'm'),
    fixes: safeties.map((safety) => ({ title: safety, safety, edits: () => [] })),
  });
  const file = (path: string, findings: Finding[], cells: LintReport['files'][number]['cells'] = null): LintReport['files'][number] => ({ path, index, cells, findings });
  const summary = (files: LintReport['files']): string => formatText({ ...report, files }).trimEnd().split('\n').pop() ?? '';
  assert.equal(
    summary([file('a.py', [withFixes(['unsafe', 'safe']), withFixes(['safe']), withFixes(['display-only', 'unsafe']), withFixes(['display-only']), withFixes([])])]),
    '[*] 2 fixable with --fix, 1 more with --fix --unsafe-fixes, 1 with a template to fill in (editor quick fix)',
  );
  assert.equal(summary([file('a.py', [withFixes(['display-only'])])]), '[*] 1 with a template to fill in (editor quick fix)');
  // --fix does not write notebooks, so their fixes are not promised.
  assert.equal(summary([file('n.ipynb', [withFixes(['safe'])], [{ start: 0, index }])]), 'Found 1 problem (1 file checked)');
  assert.equal(summary([file('a.py', [withFixes([])])]), 'Found 1 problem (1 file checked)');
});

test('json output lists each finding with 1-based positions, related locations and fixes', () => {
  const parsed = JSON.parse(formatJson(report)) as Record<string, unknown>[];
  assert.equal(parsed.length, 2);
  assert.deepEqual(parsed[0], {
    path: 'jobs/a.py',
    rule: 'first-rule',
    code: 'WP001',
    severity: 'warning',
    message: 'first: problem, cause: fix 100%',
    line: 2,
    column: 6,
    endLine: 2,
    endColumn: 27,
    related: [],
    fixes: [{ title: 'Add a watermark', safety: 'unsafe' }],
    sparkVersion: '3.5.0',
  });
  assert.deepEqual(parsed[1]?.['related'], [{ line: 1, column: 8, message: 'the DataFrame is defined here' }]);
});

test('github output escapes properties and data as workflow commands require', () => {
  assert.equal(
    formatGithub(report),
    [
      '::warning file=jobs/a.py,line=2,col=6,endLine=2,endColumn=27,title=WP001::first: problem, cause: fix 100%25',
      '::error file=jobs/a.py,line=4,col=1,endLine=4,endColumn=23,title=WP002::second%0Aline',
      '',
    ].join('\n'),
  );
  assert.equal(formatGithub({ ...report, files: [] }), '');
});

test('sarif output is a valid 2.1.0 log whose results point at their rules and help pages', () => {
  const log = JSON.parse(formatSarif(report)) as {
    runs: { tool: { driver: { version: string; rules: { id: string; name: string; helpUri?: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; relatedLocations?: unknown[] }[] }[];
  };
  assert.deepEqual(sarifProblems(log), []);
  const run = log.runs[0]!;
  assert.equal(run.tool.driver.version, '9.9.9');
  assert.deepEqual(run.tool.driver.rules.map((rule) => [rule.id, rule.name, rule.helpUri]), [
    ['WP001', 'first-rule', 'https://example.org/rules/first-rule'],
    ['WP002', 'second-rule', undefined],
  ]);
  assert.deepEqual(run.results.map((result) => [result.ruleId, result.ruleIndex, result.level]), [
    ['WP001', 0, 'warning'],
    ['WP002', 1, 'error'],
  ]);
  assert.equal(run.results[1]?.relatedLocations?.length, 1);
});

test('sarif locations are relative inside the working directory and file URIs outside it', () => {
  const outside: LintReport = { ...report, files: [{ ...report.files[0]!, path: '/elsewhere/my jobs/a.py' }] };
  const log = JSON.parse(formatSarif(outside)) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.equal(log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri, 'file:///elsewhere/my%20jobs/a.py');
  const inside = JSON.parse(formatSarif(report)) as typeof log;
  assert.equal(inside.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri, 'jobs/a.py');
});

test('the SARIF check itself rejects logs missing required properties', () => {
  assert.deepEqual(sarifProblems({ version: '2.0.0', runs: [{ tool: { driver: {} }, results: [{ ruleId: 'X', ruleIndex: 3, message: {}, locations: [] }] }] }), [
    'version must be "2.1.0"',
    '$schema should name the SARIF schema',
    'tool.driver.name is required',
    'results[0].message.text is required',
    'results[0].ruleIndex must point at the rule named by ruleId',
    'results[0] has no location',
  ]);
});
