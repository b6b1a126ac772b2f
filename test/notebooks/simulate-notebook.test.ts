// `whirlpool simulate` on notebooks: the bundled example job cut into cells,
// as a Databricks source notebook and as a Jupyter notebook (with markdown
// and SQL cells in between), replays the same events into the same batches
// and sink rows as the plain file.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runSimulate } from '../../server/src/cli/simulate';

const repoRoot = path.resolve(__dirname, '..', '..');
const example = path.join(repoRoot, 'examples', 'clickstream_windowed_counts.py');
const events = path.join(repoRoot, 'examples', 'events', 'clicks.jsonl');

interface Outcome {
  readonly code: number;
  readonly stderr: string;
  readonly rows: readonly unknown[];
  readonly progress: readonly unknown[];
}

async function simulate(file: string, directory: string): Promise<Outcome> {
  const database = path.join(directory, `${path.basename(file)}.sqlite`);
  let stderr = '';
  const code = await runSimulate([file, '--events', `clicks=${events}`, '--db', database], { cwd: repoRoot, stdout: () => undefined, stderr: (text) => (stderr += text) }, { terminal: false });
  if (code !== 0) return { code, stderr, rows: [], progress: [] };
  const db = new Database(database, { readonly: true });
  try {
    return {
      code,
      stderr,
      rows: db.prepare('SELECT * FROM sink_rows ORDER BY rowid').all(),
      progress: db.prepare('SELECT batch_id, num_input_rows, num_output_rows, dropped_by_watermark FROM progress ORDER BY batch_id').all(),
    };
  } finally {
    db.close();
  }
}

/** The example's top-level statements, cut at blank lines before an unindented line. */
function chunks(): string[] {
  return readFileSync(example, 'utf8').split(/\n\n(?=\S)/).map((chunk) => `${chunk.replace(/\n+$/, '')}\n`);
}

test('a Databricks source notebook and a Jupyter notebook simulate like the plain job', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-notebook-simulate-'));
  try {
    const parts = chunks();
    assert.ok(parts.length >= 4);
    const databricks = [
      '# Databricks notebook source',
      '# MAGIC %md',
      '# MAGIC Page views per page and window',
      '',
      ...parts.flatMap((part, index) => [
        '# COMMAND ----------',
        '',
        part,
        ...(index === 1 ? ['# COMMAND ----------', '', '# MAGIC %sql', '# MAGIC SELECT * FROM clicks;', '# MAGIC clicks.writeStream.format("console").start()', ''] : []),
      ]),
    ].join('\n');
    const notebookFile = path.join(directory, 'clicks_notebook.py');
    writeFileSync(notebookFile, databricks);

    const cell = (type: string, text: string) => ({ cell_type: type, metadata: {}, source: text.split(/(?<=\n)/), ...(type === 'code' ? { execution_count: null, outputs: [] } : {}) });
    const jupyter = {
      cells: [
        cell('markdown', '# Page views'),
        ...parts.flatMap((part, index) => [cell('code', part), ...(index === 1 ? [cell('code', '%%sql\nSELECT * FROM clicks\n'), cell('code', '%pip install pyspark\n')] : [])]),
      ],
      metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const jupyterFile = path.join(directory, 'clicks.ipynb');
    writeFileSync(jupyterFile, JSON.stringify(jupyter, null, 1));

    const plain = await simulate(example, directory);
    assert.equal(plain.code, 0, plain.stderr);
    assert.ok(plain.rows.length > 0);
    for (const file of [notebookFile, jupyterFile]) {
      const outcome = await simulate(file, directory);
      assert.equal(outcome.code, 0, `${path.basename(file)}: ${outcome.stderr}`);
      assert.deepEqual(outcome.progress, plain.progress, path.basename(file));
      assert.deepEqual(outcome.rows, plain.rows, path.basename(file));
    }

    writeFileSync(path.join(directory, 'broken.ipynb'), '{"cells": [');
    const broken = await simulate(path.join(directory, 'broken.ipynb'), directory);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^whirlpool simulate: .*broken\.ipynb: not a Jupyter notebook: invalid JSON/);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
