// `whirlpool lint` on a folder with Scala jobs: .scala files are collected
// and linted like .py files, and `--fix` applies the safe Scala fixes.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runLint } from '../../server/src/cli/lint';

const job = readFileSync(path.join(__dirname, 'fixtures', 'fixes', 'talk-refactors.scala'), 'utf8');

async function lint(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runLint(args, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

test('whirlpool lint finds the Scala files of a folder and reports their findings', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-scala-lint-'));
  try {
    mkdirSync(path.join(directory, 'src', 'main', 'scala'), { recursive: true });
    writeFileSync(path.join(directory, 'src', 'main', 'scala', 'Pipeline.scala'), job);
    const run = await lint(['--format', 'json', '.'], directory);
    const findings = JSON.parse(run.stdout) as { path: string; code: string; line: number }[];
    assert.ok(findings.length >= 5, run.stdout);
    assert.ok(findings.every((finding) => finding.path.endsWith('Pipeline.scala')));
    assert.deepEqual(
      findings.filter((finding) => finding.code === 'WP807').map((finding) => finding.line),
      [job.split('\n').findIndex((line) => line.includes('Trigger.Once()')) + 1],
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('whirlpool lint --fix rewrites Trigger.Once() to Trigger.AvailableNow() in a stateless Scala query', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-scala-fix-'));
  try {
    const file = path.join(directory, 'Backfill.scala');
    const text = `import org.apache.spark.sql.streaming.Trigger

object Backfill {
  def main(args: Array[String]): Unit = {
    spark.readStream.format("delta").load("/tables/events")
      .writeStream
      .format("delta")
      .option("checkpointLocation", "/checkpoints/backfill")
      .trigger(Trigger.Once())
      .start("/tables/backfill")
  }
}
`;
    writeFileSync(file, text);
    await lint(['--fix', 'Backfill.scala'], directory);
    assert.equal(readFileSync(file, 'utf8'), text.replace('Trigger.Once()', 'Trigger.AvailableNow()'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
