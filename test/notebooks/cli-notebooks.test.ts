// `whirlpool lint` on notebooks, in-process: Jupyter positions per cell in
// text, JSON, SARIF and GitHub output; a malformed notebook is one line and
// exit 2 while the other files are still linted; Databricks source notebooks
// in the file's own lines, and `--fix` editing them in place.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/run';
import { sarifProblems } from '../cli/sarif-check';
import { expectedMarkers } from './expected-markers';

const fixtures = path.join(__dirname, 'fixtures');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function lint(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['lint', ...args], { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

/** A throwaway folder with copies of the named fixtures. */
function workspace(t: { after: (fn: () => void) => void }, ...names: string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'whirlpool-notebooks-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const name of names) copyFileSync(path.join(fixtures, name), path.join(root, name));
  return root;
}

/** The markers of each code cell: [1-based cell, 1-based line, 1-based column, rule]. */
function expectedInCells(file: string): [number, number, number, string][] {
  const notebook = JSON.parse(readFileSync(path.join(fixtures, file), 'utf8')) as { cells: { cell_type: string; source: string[] }[] };
  return notebook.cells.flatMap((cell, index) =>
    cell.cell_type === 'code' ? expectedMarkers(cell.source.join('')).map((marker): [number, number, number, string] => [index + 1, marker.line + 1, marker.column + 1, marker.rule]) : [],
  );
}

interface JsonFinding {
  readonly path: string;
  readonly rule: string;
  readonly code: string;
  readonly cell?: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
}

test('Jupyter notebooks, Python and Scala kernels: findings per cell in JSON; markdown, raw and %%sql cells and magics raise nothing', async (t) => {
  const root = workspace(t, 'clicks.ipynb', 'views_scala.ipynb');
  for (const file of ['clicks.ipynb', 'views_scala.ipynb']) {
    const run = await lint(root, '--format', 'json', file);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    assert.deepEqual(findings.map((finding) => [finding.cell, finding.line, finding.column, finding.rule]), expectedInCells(file), file);
    assert.ok(findings.every((finding) => finding.path === file));
  }
});

test('text output: path:cell N:line:col for notebooks, path:line:col for other files', async (t) => {
  const root = workspace(t, 'clicks.ipynb', 'orders_notebook.py');
  const run = await lint(root, '.');
  assert.equal(run.code, 1);
  const lines = run.stdout.split('\n').filter((line) => / WP\d+ /.test(line)).map((line) => line.slice(0, line.indexOf(' ', line.indexOf(': ') + 2)));
  const clicks = expectedInCells('clicks.ipynb');
  const orders = expectedMarkers(readFileSync(path.join(fixtures, 'orders_notebook.py'), 'utf8'));
  assert.equal(lines.length, clicks.length + orders.length);
  for (const [cell, line, column] of clicks) assert.ok(lines.some((shown) => shown.startsWith(`clicks.ipynb:cell ${cell}:${line}:${column}: WP`)), `cell ${cell} line ${line} in ${lines.join(' | ')}`);
  for (const marker of orders) assert.ok(lines.some((shown) => shown.startsWith(`orders_notebook.py:${marker.line + 1}:${marker.column + 1}: WP`)), `line ${marker.line + 1}`);
  // The .ipynb's fixable findings are not counted: --fix does not write notebooks.
  assert.match(run.stdout, /Found 6 problems \(2 files checked\)\n\[\*\] 1 with --fix --unsafe-fixes, 1 with a template to fill in \(editor quick fix\)\n$/);
});

test('SARIF: cell-local region with properties.cell; GitHub: an annotation on the file naming cell and line', async (t) => {
  const root = workspace(t, 'views_scala.ipynb');
  const sarif = await lint(root, '--format', 'sarif', 'views_scala.ipynb');
  const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number } }; properties?: { cell: number } }[] }[] }[] };
  assert.deepEqual(sarifProblems(log), []);
  const results = log.runs[0]!.results;
  assert.deepEqual(
    results.map((result) => [result.ruleId, result.locations[0]!.properties?.cell, result.locations[0]!.physicalLocation.region.startLine, result.locations[0]!.physicalLocation.region.startColumn]),
    [['WP101', 4, 1, 6]],
  );
  const github = await lint(root, '--format', 'github', 'views_scala.ipynb');
  assert.match(github.stdout, /^::error file=views_scala\.ipynb,title=WP101 \(cell 4%2C line 1\)::count\(\) on a streaming DataFrame/);
});

test('a malformed notebook: one clear line, exit 2, and the other files are still linted', async (t) => {
  const root = workspace(t, 'broken.ipynb', 'views_scala.ipynb');
  const run = await lint(root, '.');
  assert.equal(run.code, 2);
  assert.equal(run.stderr.split('\n').filter((line) => line !== '').length, 1);
  assert.match(run.stderr, /^whirlpool: broken\.ipynb: not a Jupyter notebook: invalid JSON \(.+\)\n$/);
  assert.match(run.stdout, /^views_scala\.ipynb:cell 4:1:6: WP101 /m);
  const notList = path.join(root, 'not-a-list.ipynb');
  writeFileSync(notList, '{"cells": {}}');
  const second = await lint(root, 'not-a-list.ipynb');
  assert.deepEqual([second.code, second.stderr], [2, 'whirlpool: not-a-list.ipynb: not a Jupyter notebook: no "cells" list (nbformat 4 is read)\n']);
});

test('--fix edits a Databricks source notebook in place and refuses to rewrite an .ipynb', async (t) => {
  const root = workspace(t, 'clicks.ipynb');
  const notebook = [
    '# Databricks notebook source',
    'events = spark.readStream.table("events")',
    '',
    '# COMMAND ----------',
    '',
    '# MAGIC %sql',
    '# MAGIC SELECT * FROM events',
    '',
    '# COMMAND ----------',
    '',
    'events.writeStream.trigger(once=True).option("checkpointLocation", "/chk/events").toTable("copy")',
    '',
  ].join('\n');
  writeFileSync(path.join(root, 'job.py'), notebook);
  const before = readFileSync(path.join(root, 'clicks.ipynb'), 'utf8');
  const run = await lint(root, '--fix', 'job.py', 'clicks.ipynb');
  const fixed = readFileSync(path.join(root, 'job.py'), 'utf8');
  assert.equal(fixed, notebook.replace('trigger(once=True)', 'trigger(availableNow=True)'));
  assert.equal(readFileSync(path.join(root, 'clicks.ipynb'), 'utf8'), before, 'the notebook file is untouched');
  assert.match(run.stderr, /^whirlpool: clicks\.ipynb: fixes are not applied to Jupyter notebooks; apply them in the editor \(Fix All in the notebook\)$/m);
  assert.doesNotMatch(run.stdout, /^job\.py:/m);
});
