// unused-suppression (WP001) runs after every rule and the suppression pass:
// what a comment silenced is judged against all rules, the ones the settings
// turn off included, and other tools' noqa codes are never its business.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import type { AnalysisSettings } from '../../server/src/analysis/types';

const header = 'from pyspark.sql import SparkSession\n\nspark = SparkSession.builder.getOrCreate()\nevents = spark.readStream.format("kafka").option("subscribe", "events").load()\n';

async function unused(source: string, settings: AnalysisSettings = defaultSettings): Promise<readonly string[]> {
  const result = await analyzeFile('job.py', header + source, settings);
  return result.findings.filter((finding) => finding.code === 'WP001').map((finding) => (header + source).slice(finding.span.start, finding.span.end));
}

test('a comment that silences a finding is used, one that silences nothing is flagged', async () => {
  assert.deepEqual(await unused('ordered = events.orderBy("timestamp")  # whirlpool: ignore[WP304]\n'), []);
  assert.deepEqual(await unused('ordered = events.select("value")  # whirlpool: ignore[WP304]\n'), ['whirlpool: ignore[WP304]']);
});

test('a name of a rule the settings turn off is judged by what that rule would report', async () => {
  const withoutSort: AnalysisSettings = { ...defaultSettings, ignore: ['streaming-sort'] };
  assert.deepEqual(await unused('ordered = events.orderBy("timestamp")  # noqa: WP304\n', withoutSort), []);
  assert.deepEqual(await unused('ordered = events.select("value")  # noqa: WP304\n', withoutSort), ['noqa: WP304']);
});

test('other tools\' noqa comments are never flagged', async () => {
  assert.deepEqual(await unused('x = 1  # noqa: E501\ny = 2  # noqa\nz = 3  # noqa: E501,F401\n'), []);
});

test('file-wide suppressions: unused ones are flagged, and ignore-file[unused-suppression] silences the rule', async () => {
  assert.deepEqual(await unused('# whirlpool: ignore-file[streaming-offset]\nx = 1\n'), ['whirlpool: ignore-file[streaming-offset]']);
  assert.deepEqual(await unused('# whirlpool: ignore-file[unused-suppression]\nx = 1  # whirlpool: ignore[WP304]\n'), []);
});

test('the rule can be turned off like any other', async () => {
  assert.deepEqual(await unused('x = 1  # whirlpool: ignore[WP304]\n', { ...defaultSettings, severity: { WP001: 'off' } }), []);
});

test('the fix removes the comment and keeps the code', async () => {
  const source = `${header}ordered = events.select("value")  # whirlpool: ignore[WP304]\n`;
  const finding = (await analyzeFile('job.py', source, defaultSettings)).findings.find((candidate) => candidate.code === 'WP001');
  const fix = finding?.fixes[0];
  assert.equal(fix?.safety, 'safe');
  const edits = fix?.edits() ?? [];
  assert.equal(edits.length, 1);
  const edit = edits[0];
  assert.ok(edit);
  assert.equal(source.slice(0, edit.span.start) + edit.newText + source.slice(edit.span.end), `${header}ordered = events.select("value")\n`);
});
