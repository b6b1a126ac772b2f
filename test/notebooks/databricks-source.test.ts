// Databricks source notebooks: cells, magics and the modules built from them,
// and the findings of the analysis in the file's own coordinates.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeDatabricksSource, loadModuleParsers } from '../../server/src/analysis/analyze-notebook';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import { LineIndex } from '../../server/src/model/span';
import { splitDatabricksSource } from '../../server/src/notebooks/databricks-source';
import { expectedMarkers } from './expected-markers';

const fixtures = path.join(__dirname, 'fixtures');
const repository = path.resolve(__dirname, '..', '..');

async function findingsOf(text: string): Promise<{ line: number; column: number; rule: string }[]> {
  const result = analyzeDatabricksSource(text, await loadModuleParsers(), defaultSettings);
  assert.ok(result, 'read as a Databricks notebook');
  assert.deepEqual(result.ruleErrors, []);
  const index = new LineIndex(text);
  return result.findings.map((finding) => {
    const start = index.position(finding.span.start);
    return { line: start.line, column: start.character, rule: finding.rule };
  });
}

test('cells: languages, magics and %run targets', () => {
  const text = readFileSync(path.join(fixtures, 'orders_notebook.py'), 'utf8');
  const notebook = splitDatabricksSource(text);
  assert.ok(notebook);
  assert.equal(notebook.language, 'python');
  assert.deepEqual(
    notebook.cells.map((cell) => [cell.language, cell.magic]),
    [['markdown', 'md'], ['run', 'run'], ['python', null], ['sql', 'sql'], ['python', null], ['python', 'python'], ['scala', 'scala'], ['shell', 'sh'], ['python', null]],
  );
  assert.deepEqual(notebook.runs.map((run) => [run.path, text.slice(run.span.start, run.span.end)]), [['./shared/setup', '# MAGIC %run ./shared/setup']]);
  assert.deepEqual(notebook.modules.map((module) => module.language), ['python', 'scala']);
  const scala = notebook.modules[1]!;
  assert.equal(scala.text.trim(), 'val counts = spark.readStream.table("counts")\ncounts.count()');
});

test('the module of a notebook without %python cells has the file\'s offsets: other cells are blanks', () => {
  const text = '# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC SELECT 1\n';
  const notebook = splitDatabricksSource(text)!;
  const module = notebook.modules[0]!;
  assert.equal(module.text.length, text.length);
  assert.equal(module.text, '# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\n            \n                \n');
});

test('findings of a Databricks Python notebook are on the lines and columns of the file', async () => {
  const text = readFileSync(path.join(fixtures, 'orders_notebook.py'), 'utf8');
  assert.deepEqual(await findingsOf(text), expectedMarkers(text));
});

test('a SQL cell with Python-looking text raises nothing, in a Python and a Scala notebook', async () => {
  for (const comment of ['#', '//']) {
    const text = [
      `${comment} Databricks notebook source`,
      `${comment} MAGIC %sql`,
      `${comment} MAGIC SELECT * FROM events;`,
      `${comment} MAGIC events = spark.readStream.format("rate").load()`,
      `${comment} MAGIC events.count()`,
      `${comment} MAGIC events.writeStream.format("jdbc").start()`,
      '',
    ].join('\n');
    assert.deepEqual(await findingsOf(text), [], `${comment} notebook`);
  }
});

test('a Scala notebook: Scala cells linted as Scala, a %python cell as Python, at the file\'s positions', async () => {
  const text = readFileSync(path.join(fixtures, 'rates_notebook.scala'), 'utf8');
  const expected = expectedMarkers(text);
  assert.ok(expected.length > 0);
  assert.deepEqual(await findingsOf(text), expected);
});

test('notebook globals: spark, dbutils, sc and display need no definition; display() of a streaming DataFrame is not a batch action', async () => {
  const text = [
    '# Databricks notebook source',
    'sc.setLogLevel("WARN")',
    'table = dbutils.widgets.get("table")',
    'events = spark.readStream.table(table)',
    'display(events)',
    'display(events.groupBy("value").count())',
    '',
  ].join('\n');
  assert.deepEqual(await findingsOf(text), []);
  // The same stream is still known as one: a real batch action on it is reported.
  assert.deepEqual((await findingsOf(`${text}events.count()\n`)).map((finding) => [finding.line, finding.rule]), [[6, 'stream-batch-action']]);
});

test('examples/sensor_rollups.py: findings on the lines of the file', async () => {
  const text = readFileSync(path.join(repository, 'examples', 'sensor_rollups.py'), 'utf8');
  const notebook = await findingsOf(text);
  // The notebook's Python is the whole file: the same findings as reading it as a plain Python file.
  const plain = await analyzeFile('sensor_rollups.plain.py', text, defaultSettings);
  const index = new LineIndex(text);
  assert.deepEqual(notebook, plain.findings.map((finding) => ({ ...index.position(finding.span.start), rule: finding.rule })).map(({ line, character, rule }) => ({ line, column: character, rule })));
  assert.deepEqual(
    notebook.map((finding) => [finding.line + 1, finding.rule]),
    [[21, 'chained-streaming-aggregations'], [27, 'streaming-window-function'], [33, 'jdbc-streaming-sink-or-source']],
  );
});

test('a %python cell in a Python notebook keeps the file\'s line starts in the module (the prefix comes back as trailing spaces)', () => {
  const text = '# Databricks notebook source\n# MAGIC %python\n# MAGIC x = 1\n\n# COMMAND ----------\n\ny = 2\n';
  const module = splitDatabricksSource(text)!.modules[0]!;
  assert.equal(module.text.length, text.length);
  assert.equal(module.text.indexOf('y = 2'), text.indexOf('y = 2'));
  assert.equal(module.text.split('\n')[2], 'x = 1        ');
});
