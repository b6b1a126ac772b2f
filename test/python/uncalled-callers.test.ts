// A helper that only an uncalled function calls (a `main` the file never
// runs, or Scala's `def main(args)`) is lowered through those calls only,
// not once more on its own with opaque parameters.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import type { PipelineModel } from '../../server/src/model/pipeline';
import { parsePython } from '../../server/src/python/parse';
import { parseScala } from '../../server/src/scala/parse';

const pythonJob = (tail: readonly string[]): string =>
  [
    'def start_query(df, name):',
    '    return (df.writeStream.format("parquet")',
    '        .option("checkpointLocation", "/chk/shared")',
    '        .queryName(name)',
    '        .start("/out/" + name))',
    '',
    'def main():',
    '    events = spark.readStream.format("rate").load()',
    '    start_query(events, "a")',
    '    start_query(events, "b")',
    ...tail,
  ].join('\n') + '\n';

const scalaJob = `import org.apache.spark.sql.{DataFrame, SparkSession}

object Job {
  def startQuery(df: DataFrame, name: String) =
    df.writeStream.format("parquet")
      .option("checkpointLocation", "/chk/shared")
      .queryName(name)
      .start("/out/" + name)

  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder.getOrCreate()
    val events = spark.readStream.format("rate").load()
    startQuery(events, "a")
    startQuery(events, "b")
  }
}
`;

function queryNames(model: PipelineModel): string[] {
  return model.writers.map((writer) => (writer.queryName?.value.kind === 'string' ? writer.queryName.value.value : '?')).sort();
}

test('a helper called twice from a main nothing calls gives exactly its two writers', async () => {
  const model = (await parsePython(pythonJob([]))).model;
  assert.deepEqual(queryNames(model), ['a', 'b']);
  assert.ok(model.writers.every((writer) => writer.scope === 'start_query'));
});

test('a helper called twice from a main the module calls gives exactly its two writers', async () => {
  const model = (await parsePython(pythonJob(['', 'if __name__ == "__main__":', '    main()']))).model;
  assert.deepEqual(queryNames(model), ['a', 'b']);
});

test('a Scala helper called twice from main gives exactly its two writers', async () => {
  const model = (await parseScala(scalaJob)).model;
  assert.deepEqual(queryNames(model), ['a', 'b']);
});

test('the shared checkpoint finding counts the two queries main starts', async () => {
  for (const [name, text] of [['job.py', pythonJob([])], ['Job.scala', scalaJob]] as const) {
    const result = await analyzeFile(name, text, { ...defaultSettings, select: ['WP703'] });
    const messages = result.findings.map((finding) => finding.message);
    assert.ok(messages.length > 0, `${name}: the shared checkpoint is reported`);
    assert.ok(messages.every((message) => /\b2 queries\b/.test(message) && !/\b3 queries\b/.test(message)), `${name}: ${messages.join(' | ')}`);
  }
});

test('a helper an uncalled function names without calling it is still lowered on its own', async () => {
  // `main` names `helper` (so it runs after main) but never calls it
  const model = (await parsePython(
    [
      'def helper(df):',
      '    df.writeStream.format("console").start()',
      '',
      'def main():',
      '    x = helper',
    ].join('\n') + '\n',
  )).model;
  assert.equal(model.writers.length, 1);
  assert.equal(model.writers[0]!.scope, 'helper');
});
