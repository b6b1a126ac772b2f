// Removing a conf setting keeps the file valid Python: a block whose only
// statement was the setting keeps a `pass`, and a setting inside a larger
// expression or passed through a map gets no fix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findingsOf, syntaxErrors } from './fix-harness';

const header = 'from pyspark.sql import SparkSession\n\nspark = SparkSession.builder.getOrCreate()\n';

async function fixed(source: string): Promise<string | null> {
  const finding = (await findingsOf(source)).find((candidate) => candidate.code === 'WP602');
  assert.ok(finding, 'WP602 fires');
  const fix = finding.fixes[0];
  return fix ? applyFix(source, fix) : null;
}

test('the only statement of a block becomes pass', async () => {
  const source = `${header}if True:\n    spark.conf.set("spark.sql.streaming.statefulOperator.checkCorrectness.enabled", "false")\nprint(1)\n`;
  const after = await fixed(source);
  assert.equal(after, `${header}if True:\n    pass\nprint(1)\n`);
  assert.equal(await syntaxErrors(after ?? ''), 0);
});

test('a statement among others in a block goes with its line', async () => {
  const source = `${header}def configure():\n    spark.conf.set("spark.sql.streaming.statefulOperator.checkCorrectness.enabled", "false")  # why\n    return spark\n`;
  assert.equal(await fixed(source), `${header}def configure():\n    return spark\n`);
});

test('a setting inside a larger expression gets no fix', async () => {
  const source = `${header}done = [spark.conf.set("spark.sql.streaming.statefulOperator.checkCorrectness.enabled", "false")]\n`;
  assert.equal(await fixed(source), null);
});
