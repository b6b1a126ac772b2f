// The engine around the rules: a throwing rule is caught and the others still
// run; select, ignore and severity settings; the entry points' dispatch.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile, defaultSettings, isBuildFile, parseSparkVersion } from '../../server/src/analysis/analyze';
import type { AnalysisSettings } from '../../server/src/analysis/types';
import { rules } from '../../server/src/rules/registry';
import type { Rule } from '../../server/src/rules/rule';

const job = `from pyspark.sql import SparkSession, Window, functions as F
spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
ranked = events.withColumn("rn", F.row_number().over(Window.partitionBy("value").orderBy("timestamp")))
ranked.writeStream.format("jdbc").option("checkpointLocation", "s3a://bucket/chk").start()
`;

const throwing: Rule = {
  kind: 'model',
  meta: { ...rules[0]!.meta, id: 'always-throws', code: 'WP999' },
  check({ report }) {
    report({ span: { start: 0, end: 1 }, message: 'half-made: before the crash; dropped' });
    throw new Error('boom');
  },
};

function settings(overrides: Partial<AnalysisSettings>): AnalysisSettings {
  return { ...defaultSettings, ...overrides };
}

test('a rule that throws is recorded once in ruleErrors, its findings dropped, and the other rules still run', async () => {
  const result = await analyzeFile('job.py', job, defaultSettings, { rules: [throwing, ...rules] });
  assert.equal(result.ruleErrors.length, 1);
  assert.equal(result.ruleErrors[0]?.rule, 'always-throws');
  assert.match(result.ruleErrors[0]?.error ?? '', /boom/);
  assert.ok(!result.findings.some((finding) => finding.rule === 'always-throws'));
  assert.deepEqual(
    [...new Set(result.findings.map((finding) => finding.code))].sort(),
    ['WP303', 'WP704', 'WP801'],
  );
});

test('select and ignore take ids, codes and code prefixes', async () => {
  const codes = async (overrides: Partial<AnalysisSettings>): Promise<string[]> =>
    (await analyzeFile('job.py', job, settings(overrides))).findings.map((finding) => finding.code).sort();
  assert.deepEqual(await codes({ select: ['WP801'] }), ['WP801']);
  assert.deepEqual(await codes({ select: ['streaming-window-function', 'wp704'] }), ['WP303', 'WP704']);
  assert.deepEqual(await codes({ select: ['WP8'] }), ['WP801']);
  assert.deepEqual(await codes({ ignore: ['WP7', 'jdbc-streaming-sink-or-source'] }), ['WP303']);
});

test('severity overrides replace the default; off disables the rule', async () => {
  const result = await analyzeFile('job.py', job, settings({ severity: { WP801: 'info', 'object-store-checkpoint-rename': 'off' } }));
  const bySeverity = result.findings.map((finding) => `${finding.code}:${finding.severity}`).sort();
  assert.deepEqual(bySeverity, ['WP303:error', 'WP801:info']);
});

test('findings carry the rule id, code and the Spark version of version-dependent verdicts', async () => {
  const result = await analyzeFile('job.py', job, defaultSettings);
  const window = result.findings.find((finding) => finding.code === 'WP303');
  assert.equal(window?.rule, 'streaming-window-function');
  assert.deepEqual(window?.sparkVersion, defaultSettings.sparkVersion);
  const jdbc = result.findings.find((finding) => finding.code === 'WP801');
  assert.equal(jdbc?.sparkVersion, null);
  assert.equal(job.slice(jdbc?.span.start, jdbc?.span.end), '"jdbc"');
});

test('build files are recognised by name and dispatched to the build rules', async () => {
  for (const path of ['requirements.txt', 'deploy/requirements-dev.txt', 'pyproject.toml', 'a/setup.py', 'setup.cfg', 'environment.yml', 'pom.xml', 'build.sbt']) {
    assert.ok(isBuildFile(path), path);
  }
  for (const path of ['job.py', 'requirements.md', 'build.gradle', 'package.json']) assert.ok(!isBuildFile(path), path);
  const pinned = await analyzeFile('requirements.txt', 'pyspark==2.2.0\n', defaultSettings);
  assert.deepEqual(pinned.findings.map((finding) => finding.code), ['WP709']);
  assert.equal(pinned.model, null);
  const other = await analyzeFile('notes.txt', 'pyspark==2.2.0\n', defaultSettings);
  assert.deepEqual(other.findings, []);
});

test('analysis never throws on broken user code', async () => {
  for (const text of ['def (:\n  events.writeStream.format("jdbc"', '\u0000\uffff', '', '(((((((((']) {
    const result = await analyzeFile('broken.py', text, defaultSettings);
    assert.deepEqual(result.ruleErrors, []);
  }
});

test('parseSparkVersion reads what users type and explains what it cannot', () => {
  assert.deepEqual(parseSparkVersion('3.5').value, [3, 5, 0]);
  assert.deepEqual(parseSparkVersion('v3.4.1').value, [3, 4, 1]);
  assert.deepEqual(parseSparkVersion(' 4 ').value, [4, 0, 0]);
  assert.deepEqual(parseSparkVersion('3.5.0-SNAPSHOT').value, [3, 5, 0]);
  const bad = parseSparkVersion('latest');
  assert.equal(bad.value, null);
  assert.match(bad.problems[0] ?? '', /"latest" is not a Spark version/);
});
