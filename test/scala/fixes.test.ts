// Fixes on Scala files write Scala: the talk's refactors (JDBC sink to an
// inline foreachBatch block, at-least-once or exactly-once, Trigger.Once to
// Trigger.AvailableNow, a missing checkpointLocation, an S3 checkpoint moved
// to the durable root or kept there with the abortable checkpoint manager, a
// watermark before a windowed aggregation) each remove their finding and leave a file
// tree-sitter-scala reads without errors; and no fix written for Python ever
// reaches a Scala file.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import type { AnalysisSettings, Finding } from '../../server/src/analysis/types';
import { applyEdits } from '../../server/src/fixes/apply-edits';
import type { Rule } from '../../server/src/rules/rule';
import { parseScala } from '../../server/src/scala/parse';

const file = path.join(__dirname, 'fixtures', 'fixes', 'talk-refactors.scala');
const source = readFileSync(file, 'utf8');
const settings: AnalysisSettings = { ...defaultSettings, fix: { checkpointRoot: '/mnt/efs/checkpoints', watermarkDelay: '10 minutes' } };

async function findings(text: string, rule: string): Promise<Finding[]> {
  const result = await analyzeFile('Pipeline.scala', text, { ...settings, select: [rule] });
  return result.findings.filter((finding) => finding.rule === rule);
}

/** Applies the one fix titled like `title` of the first finding of `rule`, and checks the result. */
async function fixed(rule: string, title: RegExp): Promise<string> {
  const [finding] = await findings(source, rule);
  assert.ok(finding, `${rule} reports on the fixture`);
  const fix = finding.fixes.find((candidate) => title.test(candidate.title));
  assert.ok(fix, `${rule} offers a fix like ${title}; offered: ${finding.fixes.map((candidate) => candidate.title).join(', ')}`);
  const after = applyEdits(source, fix.edits());
  const { tree, model } = await parseScala(after);
  try {
    assert.equal(tree.rootNode.hasError, false, `the fixed file parses as Scala:\n${after}`);
  } finally {
    tree.delete();
  }
  assert.deepEqual(model.problems, []);
  assert.equal((await findings(after, rule)).length, (await findings(source, rule)).length - 1, `the fix removes the finding:\n${after}`);
  return after;
}

test('the JDBC sink becomes an inline foreachBatch block writing each batch with the batch JDBC writer', async () => {
  const after = await fixed('jdbc-streaming-sink-or-source', /foreachBatch/);
  assert.ok(
    after.includes(
      [
        '      .writeStream',
        '      .foreachBatch { (batch: org.apache.spark.sql.DataFrame, batchId: Long) =>',
        '        // foreachBatch is at-least-once: make this write idempotent (upsert on a key, or skip batch ids already written)',
        '        batch.write',
        '          .format("jdbc")',
        '          .option("url", "jdbc:postgresql://db/events")',
        '          .option("dbtable", "events")',
        '          .mode("append")',
        '          .save()',
        '      }',
        '      .option("checkpointLocation", "/checkpoints/jdbc")',
        '      .start()',
      ].join('\n'),
    ),
    after,
  );
  const { model } = await parseScala(after);
  const writer = model.writers.find((candidate) => candidate.foreachBatch !== null);
  assert.ok(writer, 'the query writes through foreachBatch');
  const batch = model.batchWriters.find((candidate) => candidate.format?.value === 'jdbc');
  assert.ok(batch, 'the handler writes JDBC in batch');
  assert.deepEqual(batch.options.map((option) => option.key), ['url', 'dbtable', 'mode']);
  assert.equal(model.nodes[batch.input]?.kind === 'opaque' && model.nodes[batch.input]?.streaming, 'batch');
});

test('the exactly-once JDBC variant writes a staging table, then copies the rows and records the batch id in one transaction', async () => {
  const after = await fixed('jdbc-streaming-sink-or-source', /exactly once/);
  const start = after.indexOf('.foreachBatch {');
  const block = after.slice(start, after.indexOf('\n      }\n', start) + '\n      }\n'.length);
  assert.match(block, /^\.foreachBatch \{ \(batch: org\.apache\.spark\.sql\.DataFrame, batchId: Long\) =>\n/);
  assert.match(block, /\n {8}val options = Map\(\n {10}"url" -> "jdbc:postgresql:\/\/db\/events",\n {10}"dbtable" -> "events"\n {8}\)\n/);
  assert.match(block, /\n {8}val queryName = "events"\n/);
  assert.match(block, /batch\.write\.format\("jdbc"\)\.options\(options\)\.option\("dbtable", staging\)\.mode\("overwrite"\)\.save\(\)/);
  assert.match(block, /val connection = java\.sql\.DriverManager\.getConnection\(options\("url"\), properties\)\n {8}try \{\n {10}connection\.setAutoCommit\(false\)/);
  // The copy and the marker row are inside the "not seen" branch, before the commit.
  const seen = block.indexOf('if (!seen.executeQuery().next()) {');
  assert.ok(seen > 0 && seen < block.indexOf('executeUpdate(s"INSERT INTO $target SELECT * FROM $staging")'), block);
  assert.ok(block.indexOf('marker.setLong(2, batchId)') < block.indexOf('connection.commit()'), block);
  assert.match(block, /\} catch \{\n {10}case error: Throwable =>\n {12}connection\.rollback\(\)\n {12}throw error\n {8}\} finally \{\n {10}connection\.close\(\)\n {8}\}\n {6}\}\n$/);
  assert.match(after, /\n {6}\}\n {6}\.option\("checkpointLocation", "\/checkpoints\/jdbc"\)\n {6}\.start\(\)/);
  assert.doesNotMatch(after, /\.option\("url"|\.option\("dbtable", "events"\)/);
  const { model } = await parseScala(after);
  assert.ok(model.writers.some((writer) => writer.foreachBatch !== null), 'the query writes through foreachBatch');
  const batch = model.batchWriters.find((candidate) => candidate.format?.value === 'jdbc');
  assert.ok(batch, 'the handler writes the staging table with the batch JDBC writer');
  // The options map is read through: the staging table's dbtable comes after the target's.
  assert.deepEqual(batch.options.map((option) => option.key), ['url', 'dbtable', 'dbtable', 'mode']);
});

test('Trigger.Once() becomes Trigger.AvailableNow()', async () => {
  const after = await fixed('deprecated-trigger-once', /AvailableNow/);
  assert.match(after, /\.trigger\(Trigger\.AvailableNow\(\)\)\n/);
  assert.doesNotMatch(after, /availableNow=True/);
});

test('a missing checkpointLocation is added under the configured root, named after the query', async () => {
  const after = await fixed('missing-checkpoint-location', /checkpointLocation/);
  assert.match(after, /\n {6}\.queryName\("raw"\)\n {6}\.option\("checkpointLocation", "\/mnt\/efs\/checkpoints\/raw"\)\n {6}\.start\("\/tables\/raw"\)/);
});

test('an S3 checkpoint moves to the configured root', async () => {
  const after = await fixed('object-store-checkpoint-rename', /Move the checkpoint/);
  assert.match(after, /"\/mnt\/efs\/checkpoints\/chk\/copy"/);
});

const managerLine = 'spark.conf.set("spark.sql.streaming.checkpointFileManagerClass", "org.apache.spark.internal.io.cloud.AbortableStreamBasedCheckpointFileManager")';

test('on Spark 3.4+ the abortable checkpoint manager is set above the statement, with its indentation', async () => {
  const [finding] = await findings(source, 'object-store-checkpoint-rename');
  assert.ok(finding);
  assert.deepEqual(finding.fixes.map((fix) => fix.title), ['Move the checkpoint from s3a://bucket to /mnt/efs/checkpoints', 'Use the abortable checkpoint file manager (Spark 3.4+, needs spark-hadoop-cloud)']);
  const after = await fixed('object-store-checkpoint-rename', /abortable checkpoint file manager/);
  assert.ok(after.includes(`\n\n    ${managerLine}\n    events.writeStream.format("delta").option("checkpointLocation", "s3a://bucket/chk/copy")`), after);
});

test('the manager conf goes above the first line of a statement continued over several lines, and only on Spark 3.4+', async () => {
  const text = [
    'import org.apache.spark.sql.SparkSession',
    '',
    'object Copy {',
    '  def main(args: Array[String]): Unit = {',
    '    val session: SparkSession = SparkSession.builder().getOrCreate()',
    '    val events = session.readStream.format("rate").load()',
    '    val query =',
    '      events',
    '        // to the archive',
    '        .writeStream',
    '        .format("parquet")',
    '        .option("checkpointLocation", "s3a://bucket/chk/copy")',
    '        .start("/tables/copy")',
    '    query.awaitTermination()',
    '  }',
    '}',
    '',
  ].join('\n');
  const rule = 'object-store-checkpoint-rename';
  const [finding] = (await analyzeFile('Copy.scala', text, { ...settings, select: [rule] })).findings;
  const fix = finding?.fixes.find((candidate) => /abortable/.test(candidate.title));
  assert.ok(fix, 'the conf fix is offered');
  const after = applyEdits(text, fix.edits());
  assert.ok(after.includes(`    val events = session.readStream.format("rate").load()\n    ${managerLine.replace(/^spark/, 'session')}\n    val query =\n`), after);
  const { tree } = await parseScala(after);
  try {
    assert.equal(tree.rootNode.hasError, false, after);
  } finally {
    tree.delete();
  }
  assert.deepEqual((await analyzeFile('Copy.scala', after, { ...settings, select: [rule] })).findings, [], 'a manager class set silences the rule');
  const older = await analyzeFile('Copy.scala', text, { ...settings, sparkVersion: [3, 3, 2], select: [rule] });
  assert.deepEqual(older.findings[0]?.fixes.map((candidate) => candidate.title), ['Move the checkpoint from s3a://bucket to /mnt/efs/checkpoints']);
});

test('a watermark goes before the windowed aggregation', async () => {
  const after = await fixed('append-aggregation-without-watermark', /withWatermark/);
  assert.match(after, /\n {6}\.withWatermark\("timestamp", "10 minutes"\)\n {6}\.groupBy\(window\(\$"timestamp", "5 minutes"\)\)/);
});

const probe = (title: string, newText: (text: string) => { start: number; end: number; newText: string }): Rule => ({
  kind: 'model',
  meta: { id: `probe-${title}`, code: 'WP999', severity: 'warning', summary: 'probe', sparkVersions: 'all', fixSafety: 'unsafe', doc: '' },
  check({ query, text, report }) {
    const writer = query.model.writers[0];
    if (!writer) return;
    const edit = newText(text);
    report({ span: writer.span, message: 'probe: a test rule; nothing to do', fixes: [{ title, safety: 'unsafe', edits: () => [{ span: { start: edit.start, end: edit.end }, newText: edit.newText }] }] });
  },
});

test('no fix written in Python reaches a Scala file: Python syntax and edits that break the parse are dropped, neutral ones kept', async () => {
  const trigger = source.indexOf('Trigger.Once()');
  const rules = [
    probe('python', () => ({ start: trigger, end: trigger + 'Trigger.Once()'.length, newText: 'availableNow=True' })),
    probe('python-def', () => ({ start: 0, end: 0, newText: 'def write_batch(batch_df, batch_id):\n    pass\n' })),
    probe('broken', () => ({ start: trigger, end: trigger + 'Trigger.Once()'.length, newText: 'Trigger.AvailableNow(' })),
    probe('neutral', () => ({ start: trigger, end: trigger + 'Trigger.Once()'.length, newText: 'Trigger.AvailableNow()' })),
  ];
  const scala = await analyzeFile('Pipeline.scala', source, settings, { rules });
  assert.deepEqual(scala.findings.flatMap((finding) => finding.fixes.map((fix) => fix.title)), ['neutral']);
  assert.equal(scala.findings.length, 4, 'the findings stay; only their fixes go');
});

test('an output mode written as OutputMode.Complete() is rewritten in the same spelling', async () => {
  const text = readFileSync(path.join(__dirname, 'fixtures', 'rules', 'complete-without-aggregation', 'invalid.scala'), 'utf8');
  const result = await analyzeFile('Complete.scala', text, { ...settings, select: ['complete-without-aggregation'] });
  const fix = result.findings[0]?.fixes[0];
  assert.ok(fix, 'the rule offers a fix');
  assert.equal(fix.title, 'Use OutputMode.Append()');
  const after = applyEdits(text, fix.edits());
  assert.match(after, /\.outputMode\(OutputMode\.Append\(\)\)\.format\("console"\)/);
  const again = await analyzeFile('Complete.scala', after, { ...settings, select: ['complete-without-aggregation'] });
  assert.deepEqual(again.findings, []);
});
