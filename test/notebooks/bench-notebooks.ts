// Notebook analysis against the plain analysis of the same code:
// `npx tsx test/notebooks/bench-notebooks.ts [cells]`. The bundled example
// job, renamed per cell, as a Databricks source notebook (a SQL cell between
// code cells) and as Jupyter cells; medians over interleaved runs, as ratios
// to analysing the same Databricks text as a plain Python file in the same
// run. The notebook paths add the splitting and the mapping of findings and
// fixes into the notebook's coordinates. The `%run` line splits the same
// notebook in two: the first half in a target read through an in-memory
// resolver, inserted into the second half's module.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeDatabricksSource, analyzeNotebookCells, loadModuleParsers } from '../../server/src/analysis/analyze-notebook';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';

const runs = 41;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 60);
  const job = readFileSync(path.join(__dirname, '..', '..', 'examples', 'clickstream_windowed_counts.py'), 'utf8');
  const cells = Array.from({ length: count }, (_, index) => job.replace(/\b(clicks|counts|query)\b/g, `$1_${index}`));
  const databricks = `# Databricks notebook source\n${cells.join('\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC SELECT 1\n\n# COMMAND ----------\n\n')}`;
  const jupyter = cells.map((text) => ({ kind: 'code' as const, language: 'python', text }));
  const half = Math.floor(count / 2);
  const notebookOf = (part: readonly string[]): string => `# Databricks notebook source\n${part.join('\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC SELECT 1\n\n# COMMAND ----------\n\n')}`;
  const setup = notebookOf(cells.slice(0, half));
  const runner = notebookOf(['# MAGIC %run ./setup\n', ...cells.slice(half)]);
  const resolve = (candidates: readonly string[]) => {
    const found = candidates.find((candidate) => path.basename(candidate) === 'setup.py');
    return found === undefined ? { kind: 'missing' as const } : { kind: 'found' as const, path: found, text: setup };
  };
  const parsers = await loadModuleParsers();
  const check = analyzeDatabricksSource(runner, parsers, defaultSettings, {}, { path: path.resolve('main.py'), resolve });
  if (!check || check.runProblems.length > 0 || check.model?.writers.length !== analyzeDatabricksSource(databricks, parsers, defaultSettings)?.model?.writers.length) throw new Error('the %run case does not analyse the same job');
  const plain: number[] = [];
  const source: number[] = [];
  const notebook: number[] = [];
  const withRun: number[] = [];
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    await analyzeFile('plain.py', databricks, defaultSettings);
    plain.push(performance.now() - started);
    started = performance.now();
    analyzeDatabricksSource(databricks, parsers, defaultSettings);
    source.push(performance.now() - started);
    started = performance.now();
    analyzeNotebookCells(jupyter, parsers, defaultSettings);
    notebook.push(performance.now() - started);
    started = performance.now();
    analyzeDatabricksSource(runner, parsers, defaultSettings, {}, { path: path.resolve('main.py'), resolve });
    withRun.push(performance.now() - started);
  }
  const base = median(plain);
  console.log(`${databricks.split('\n').length} lines, ${count} code cells, median of ${runs} runs`);
  console.log(`plain Python file      ${base.toFixed(1)} ms`);
  console.log(`Databricks notebook    ${median(source).toFixed(1)} ms  x${(median(source) / base).toFixed(2)}`);
  console.log(`Jupyter cells          ${median(notebook).toFixed(1)} ms  x${(median(notebook) / base).toFixed(2)}`);
  console.log(`half behind a %run     ${median(withRun).toFixed(1)} ms  x${(median(withRun) / base).toFixed(2)}`);
}

void main();
