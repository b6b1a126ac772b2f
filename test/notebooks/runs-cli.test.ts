// `%run` through the CLI, on files in a throwaway folder: `whirlpool lint`
// and `whirlpool simulate` read the target beside the notebook and lower it
// first, so a stream defined there is a stream here; the target's own
// findings stay the target's; a missing target and a cycle are notes on the
// `%run` line, not crashes. And `simulate` on an .ipynb says `cell N, line L`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../../server/src/cli/run';
import { runSimulate } from '../../server/src/cli/simulate';

const repoRoot = path.resolve(__dirname, '..', '..');
const example = readFileSync(path.join(repoRoot, 'examples', 'clickstream_windowed_counts.py'), 'utf8');
const events = path.join(repoRoot, 'examples', 'events', 'clicks.jsonl');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = args[0] === 'simulate'
    ? await runSimulate(args.slice(1), { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) }, { terminal: false })
    : await runCli(args, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

function folder(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'whirlpool-runs-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const databricks = (...cells: string[]): string => ['# Databricks notebook source', ...cells.flatMap((cell, index) => (index === 0 ? [cell] : ['', '# COMMAND ----------', '', cell]))].join('\n') + '\n';

// The example job cut in two: the stream is read in the %run target, aggregated and written in the notebook.
const [head = '', tail = ''] = example.split(/\n(?=counts = )/);
const setupNotebook = databricks(head.replace(/^"""[\s\S]*?"""\n/, ''), 'clicks.count()  # setup\'s own finding');
const mainNotebook = databricks('# MAGIC %md\n# MAGIC Page views', '# MAGIC %run ./shared/setup $env="test"', tail);

test('lint follows %run: the target\'s stream is a stream in the notebook; the target\'s findings are reported on the target only', async (t) => {
  const root = folder(t, {
    'shared/setup.py': setupNotebook,
    'main.py': mainNotebook + 'clicks.count()\n',
  });
  const run = await cli(root, 'lint', '--format', 'json', 'main.py');
  assert.equal(run.stderr, '');
  const findings = JSON.parse(run.stdout) as { path: string; rule: string; line: number }[];
  const lastLine = (mainNotebook + 'clicks.count()\n').split('\n').length - 1;
  assert.deepEqual(findings.map((finding) => [finding.path, finding.rule, finding.line]), [['main.py', 'stream-batch-action', lastLine]]);

  const both = await cli(root, 'lint', '--format', 'json', '.');
  const paths = (JSON.parse(both.stdout) as { path: string; rule: string }[]).filter((finding) => finding.rule === 'stream-batch-action').map((finding) => finding.path);
  assert.deepEqual(paths, ['main.py', 'shared/setup.py'], 'setup.py\'s count() once, on setup.py');
});

test('lint: a missing %run target and a cycle are notes on the %run line; the notebooks are still linted', async (t) => {
  const root = folder(t, {
    'missing.py': databricks('# MAGIC %run ./nowhere', 'clicks = spark.readStream.table("clicks")\nclicks.count()'),
    'a.py': databricks('# MAGIC %run ./b', 'events.count()'),
    'b.py': databricks('# MAGIC %run ./a', 'events = spark.readStream.table("events")'),
  });
  const run = await cli(root, 'lint', 'missing.py', 'a.py');
  assert.equal(run.code, 1);
  assert.deepEqual(run.stderr.split('\n').filter((line) => line !== ''), [
    'whirlpool: a.py:2:1: %run ./b: in b.py, %run ./a: a cycle (a.py runs b.py runs a.py); not followed again',
    `whirlpool: missing.py:2:1: %run ./nowhere: no notebook found (looked for nowhere.py, nowhere.scala, nowhere, nowhere.ipynb in ${root}); the names it defines are unknown here`,
  ]);
  assert.match(run.stdout, /^a\.py:6:7: WP101 /m, 'b.py\'s stream reaches a.py');
  assert.match(run.stdout, /^missing\.py:7:7: WP101 /m);
});

test('lint on an .ipynb follows its %run cells; a missing target is a note at the cell and line', async (t) => {
  const cell = (source: string) => ({ cell_type: 'code', metadata: {}, source, execution_count: null, outputs: [] });
  const notebook = (...sources: string[]) => JSON.stringify({ cells: sources.map(cell), metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } }, nbformat: 4, nbformat_minor: 5 });
  const root = folder(t, {
    'shared/setup.py': setupNotebook,
    'views.ipynb': notebook('x = 1\n%run ./shared/setup\n', 'n = 2\nclicks.count()\n'),
    'lost.ipynb': notebook('x = 1\n', 'y = 2\n%run ./lost_setup $env="test"\n', 'clicks.count()\n'),
  });
  const run = await cli(root, 'lint', '--format', 'json', 'views.ipynb', 'lost.ipynb');
  const findings = JSON.parse(run.stdout) as { path: string; cell: number; line: number; rule: string }[];
  assert.deepEqual(findings.map((finding) => [finding.path, finding.cell, finding.line, finding.rule]), [['views.ipynb', 2, 2, 'stream-batch-action']]);
  assert.equal(run.stderr, `whirlpool: lost.ipynb:cell 2:2:1: %run ./lost_setup: no notebook found (looked for lost_setup.py, lost_setup.scala, lost_setup, lost_setup.ipynb in ${root}); the names it defines are unknown here\n`);
});

async function sinkRows(database: string): Promise<unknown[]> {
  const db = new Database(database, { readonly: true });
  try {
    return db.prepare('SELECT * FROM sink_rows ORDER BY rowid').all();
  } finally {
    db.close();
  }
}

test('simulate follows %run: the stream read in the target is replayed through the notebook\'s query like the plain job', async (t) => {
  const root = folder(t, { 'shared/setup.py': setupNotebook, 'main.py': mainNotebook, 'plain.py': example });
  const plain = await cli(root, 'simulate', 'plain.py', '--events', `clicks=${events}`, '--db', 'plain.sqlite');
  assert.equal(plain.code, 0, plain.stderr);
  const notebook = await cli(root, 'simulate', 'main.py', '--events', `clicks=${events}`, '--db', 'main.sqlite');
  assert.equal(notebook.code, 0, notebook.stderr);
  const startLine = mainNotebook.split('\n').findIndex((line) => line.includes('.start(')) + 1;
  assert.match(notebook.stdout, new RegExp(`^simulating query 1 \\(line ${startLine}, delta sink, append mode\\) of `, 'm'), 'the line in main.py, not in the module with setup.py inserted');
  const rows = await sinkRows(path.join(root, 'main.sqlite'));
  assert.ok(rows.length > 0);
  assert.deepEqual(rows, await sinkRows(path.join(root, 'plain.sqlite')));

  const missing = folder(t, { 'main.py': mainNotebook });
  const without = await cli(missing, 'simulate', 'main.py', '--events', `clicks=${events}`, '--db', 'main.sqlite');
  assert.notEqual(without.code, 0);
  assert.match(without.stderr, /^whirlpool simulate: main\.py: line 7: %run \.\/shared\/setup: no notebook found/m);
});

test('simulate follows %run in a Scala notebook too', async (t) => {
  const root = folder(t, {
    'setup.scala': '// Databricks notebook source\nval rates = spark.readStream.format("rate").option("rowsPerSecond", "5").load()\n',
    'main.scala': '// Databricks notebook source\n// MAGIC %run ./setup\n\n// COMMAND ----------\n\nval doubled = rates.selectExpr("value * 2 AS doubled")\ndoubled.writeStream.format("memory").queryName("doubled").option("checkpointLocation", "/chk/d").start()\n',
  });
  const run = await cli(root, 'simulate', 'main.scala', '--batches', '2', '--db', 'main.sqlite');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^simulating query 1 "doubled" \(line 7, memory sink, append mode\) of /m);
  assert.deepEqual((await sinkRows(path.join(root, 'main.sqlite'))).length, 10, 'two batches of five rate rows, doubled');
});

test('simulate on an .ipynb: the query, a syntax problem and an unsupported construct are located by cell and line', async (t) => {
  const cell = (type: string, text: string) => ({ cell_type: type, metadata: {}, source: text.split(/(?<=\n)/), ...(type === 'code' ? { execution_count: null, outputs: [] } : {}) });
  const notebook = (cells: unknown[]) => JSON.stringify({ cells, metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } }, nbformat: 4, nbformat_minor: 5 });
  const root = folder(t, {
    'shared/setup.py': setupNotebook,
    'clicks.ipynb': notebook([cell('markdown', '# Views'), cell('code', '%run ./shared/setup\n'), cell('code', `x = (1,\n`), cell('code', tail)]),
    'udf.ipynb': notebook([cell('code', head), cell('code', 'from pyspark.sql.functions import udf\nlabel = udf(lambda page: page.upper())\n'), cell('code', 'clicks.select(label("page").alias("p")).writeStream.format("console").start()\n')]),
  });
  const run = await cli(root, 'simulate', 'clicks.ipynb', '--events', `clicks=${events}`, '--db', 'clicks.sqlite');
  assert.match(run.stderr, /^whirlpool simulate: cell 3, line 1: /m, `a syntax problem in cell 3: ${run.stderr}`);
  const startLine = tail.split('\n').findIndex((line) => line.includes('.start(')) + 1;
  assert.match(run.stdout + run.stderr, new RegExp(`query 1 \\(cell 4, line ${startLine}, delta sink, append mode\\)`));

  const udf = await cli(root, 'simulate', 'udf.ipynb', '--events', `clicks=${events}`, '--db', 'udf.sqlite');
  assert.notEqual(udf.code, 0);
  assert.match(udf.stdout + udf.stderr, /query 1 \(cell 3, line 1, console sink, append mode\)/);
  assert.match(udf.stderr, /^whirlpool simulate: cell 3, line 1: a Python UDF .+ \(at `label\("page"\)`\)$/m, udf.stderr);
});
