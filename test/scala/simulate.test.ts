// `whirlpool simulate` on a Scala file: the same events through the Scala twin
// of the bundled PySpark example give the same batches and the same sink rows.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runSimulate } from '../../server/src/cli/simulate';

const repoRoot = path.resolve(__dirname, '..', '..');
const python = path.join(repoRoot, 'examples', 'clickstream_windowed_counts.py');
const scala = path.join(__dirname, 'fixtures', 'simulate', 'ClickstreamWindowedCounts.scala');
const events = path.join(repoRoot, 'examples', 'events', 'clicks.jsonl');

interface Outcome {
  readonly stdout: string;
  readonly rows: readonly unknown[];
  readonly progress: readonly unknown[];
}

async function simulate(file: string, directory: string): Promise<Outcome> {
  const database = path.join(directory, `${path.basename(file)}.sqlite`);
  let stdout = '';
  let stderr = '';
  const code = await runSimulate([file, '--events', `clicks=${events}`, '--db', database], { cwd: repoRoot, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) }, { terminal: false });
  assert.equal(code, 0, stderr);
  const db = new Database(database, { readonly: true });
  try {
    return {
      stdout,
      rows: db.prepare('SELECT * FROM sink_rows ORDER BY rowid').all(),
      progress: db.prepare('SELECT batch_id, num_input_rows, num_output_rows, dropped_by_watermark FROM progress ORDER BY batch_id').all(),
    };
  } finally {
    db.close();
  }
}

test('a Scala job simulates like its PySpark twin: same batches, same sink rows', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-scala-simulate-'));
  try {
    const fromPython = await simulate(python, directory);
    const fromScala = await simulate(scala, directory);
    assert.match(fromScala.stdout, /delta sink, append mode/);
    assert.ok(fromScala.rows.length > 0, 'the Scala job writes rows');
    assert.deepEqual(fromScala.progress, fromPython.progress);
    assert.deepEqual(fromScala.rows, fromPython.rows);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
