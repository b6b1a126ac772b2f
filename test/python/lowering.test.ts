// Targeted behaviours of the PySpark lowering, one small program each.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PipelineModel, PlanNode } from '../../server/src/model/pipeline';
import { renderExpr, renderOperation } from '../../server/src/model/render';
import { parsePython } from '../../server/src/python/parse';

async function lower(text: string): Promise<PipelineModel> {
  return (await parsePython(text)).model;
}

function bound(model: PipelineModel, name: string): PlanNode {
  const id = model.bindings[name];
  assert.ok(id !== undefined, `${name} is bound to a DataFrame`);
  return model.nodes[id]!;
}

test('a function of the file called with a stream returns a stream; called with a batch, a batch', async () => {
  const model = await lower(
    [
      'dim = spark.read.table("dim")',
      'def enrich(df):',
      '    return df.join(dim, "id")',
      'events = spark.readStream.table("events")',
      'streamed = enrich(events)',
      'static = enrich(spark.read.table("history"))',
    ].join('\n'),
  );
  assert.equal(bound(model, 'streamed').kind, 'join');
  assert.equal(bound(model, 'streamed').streaming, 'streaming');
  assert.equal(bound(model, 'streamed').scope, 'enrich');
  assert.equal(bound(model, 'static').streaming, 'batch');
  assert.deepEqual(model.problems, []);
});

test('an unbound `spark` is the notebook session; a name bound to the builder is a session too', async () => {
  const notebook = await lower('df = spark.readStream.format("rate").load()\n');
  assert.equal(bound(notebook, 'df').streaming, 'streaming');
  const script = await lower(
    'from pyspark.sql import SparkSession\nss = SparkSession.builder.config("a.b", "1").getOrCreate()\ndf = ss.readStream.table("t")\n',
  );
  assert.equal(bound(script, 'df').streaming, 'streaming');
  assert.deepEqual(script.confs.map((conf) => [conf.key, conf.via]), [['a.b', 'builder.config']]);
});

test('a name shadowing the notebook session is not the session', async () => {
  const model = await lower('spark = make_something()\ndf = spark.readStream.table("t")\n');
  // `.readStream` on an unknown value is still read as a streaming reader: the attribute name decides
  assert.equal(bound(model, 'df').streaming, 'streaming');
  const other = await lower('spark = make_something()\ndf = spark.table("t")\n');
  assert.equal(other.bindings['df'], undefined);
});

test('import aliases resolve to pyspark.sql.functions and Window', async () => {
  const model = await lower(
    [
      'import pyspark.sql.functions as G',
      'from pyspark.sql.functions import col as c, window',
      'from pyspark.sql import Window',
      'w = Window.partitionBy("k").orderBy("t")',
      'df = spark.readStream.table("t").select(G.lit(1), c("a"), window("t", "1 minute"), G.rank().over(w))',
    ].join('\n'),
  );
  const select = bound(model, 'df');
  assert.ok(select.kind === 'op' && select.op.kind === 'select');
  assert.deepEqual(select.op.exprs.map(renderExpr), [
    'F.lit(1)',
    'F.col("a")',
    'F.window("t", "1 minute")',
    'F.rank().over(Window.partitionBy("k").orderBy("t"))',
  ]);
});

test('join types are normalised from every alias', async () => {
  const aliases: Record<string, string> = {
    inner: 'inner', cross: 'cross', outer: 'full_outer', full: 'full_outer', fullouter: 'full_outer', full_outer: 'full_outer',
    left: 'left_outer', leftouter: 'left_outer', left_outer: 'left_outer', right: 'right_outer', rightouter: 'right_outer',
    right_outer: 'right_outer', semi: 'left_semi', leftsemi: 'left_semi', left_semi: 'left_semi', anti: 'left_anti',
    leftanti: 'left_anti', left_anti: 'left_anti', LeftOuter: 'left_outer', FULL_OUTER: 'full_outer',
  };
  for (const [how, expected] of Object.entries(aliases)) {
    const model = await lower(`j = spark.readStream.table("a").join(spark.table("b"), "id", "${how}")\n`);
    const join = bound(model, 'j');
    assert.ok(join.kind === 'join');
    assert.equal(join.how?.value, expected, how);
  }
});

test('foreachBatch: the handler body is lowered with a batch DataFrame and its writes are recorded', async () => {
  const model = await lower(
    [
      'def sink(batch, epoch):',
      '    batch.write.format("delta").save("/out")',
      'spark.readStream.table("t").writeStream.foreachBatch(sink).start()',
    ].join('\n'),
  );
  const batch = model.nodes.find((node) => node.kind === 'opaque' && node.reason === 'foreachBatch');
  assert.equal(batch?.streaming, 'batch');
  assert.equal(model.batchWriters.length, 1);
  assert.equal(model.batchWriters[0]?.input, batch?.id);
  assert.equal(model.batchWriters[0]?.scope, 'sink');
  assert.equal(model.batchWriters[0]?.terminal?.value, 'save');
  assert.equal(model.functions[0]?.isForeachBatchHandler, true);
  assert.deepEqual(model.functions[0]?.namesUsed, ['batch']);
});

test('a function\'s names used are the names it reads: not bare assignment targets, but subscript targets, loop iterables and lambda defaults', async () => {
  const model = await lower(
    [
      'def handler(batch, epoch):',
      '    total = batch.count()',
      '    cache[key] = total',
      '    for row in rows:',
      '        pick = lambda r, k=limit: r',
      '    return f"{prefix}"',
    ].join('\n'),
  );
  assert.deepEqual(model.functions[0]?.namesUsed, ['batch', 'cache', 'key', 'limit', 'prefix', 'r', 'rows', 'total']);
});

test('a writer configured over several statements is one writer, started once', async () => {
  const text = [
    'df = spark.readStream.table("t")',
    'w = df.writeStream.format("delta")',
    'w.option("checkpointLocation", "/chk")',
    'w.outputMode("update")',
    'q = w.start("/out")',
  ].join('\n');
  const model = await lower(text);
  assert.equal(model.writers.length, 1);
  const writer = model.writers[0]!;
  assert.equal(writer.format?.value, 'delta');
  assert.equal(writer.outputMode?.value, 'update');
  assert.deepEqual(writer.options.map((option) => [option.key, option.value.value]), [['checkpointLocation', { kind: 'string', value: '/chk' }]]);
  assert.deepEqual(writer.start?.target?.value, { kind: 'string', value: '/out' });
  assert.equal(text.slice(writer.writeStreamSpan.start, writer.writeStreamSpan.end), '.writeStream');
  assert.equal(text.slice(writer.start!.span.start, writer.start!.span.end), '.start("/out")');
});

test('option values that are not literals stay unknown, f-strings keep their constant prefix', async () => {
  const model = await lower(
    'df = spark.readStream.table("t")\ndf.writeStream.option("checkpointLocation", f"/chk/{job_id}").option("a", settings.value).start()\n',
  );
  const options = model.writers[0]!.options;
  assert.deepEqual(options[0]?.value.value, { kind: 'template', text: 'f"/chk/{job_id}"', prefix: '/chk/' });
  assert.deepEqual(options[1]?.value.value, { kind: 'unknown', text: 'settings.value' });
});

test('spans: a chain step spans from the start of the chain, its call span is just the method call', async () => {
  const text = 'agg = (events\n  .withWatermark("ts", "1 minute")\n  .groupBy("k").count())\n';
  const model = await lower(`events = spark.readStream.table("e")\n${text}`);
  const offset = 'events = spark.readStream.table("e")\n'.length;
  const watermark = model.nodes.find((node) => node.kind === 'op' && node.op.kind === 'watermark')!;
  const full = `events = spark.readStream.table("e")\n${text}`;
  assert.equal(full.slice(watermark.span.start, watermark.span.end), 'events\n  .withWatermark("ts", "1 minute")');
  assert.equal(full.slice(watermark.callSpan.start, watermark.callSpan.end), '.withWatermark("ts", "1 minute")');
  const aggregate = bound(model, 'agg');
  assert.ok(aggregate.kind === 'op' && aggregate.op.kind === 'aggregate');
  assert.equal(full.slice(aggregate.op.groupSpan.start, aggregate.op.groupSpan.end), '.groupBy("k")');
  assert.ok(aggregate.span.start === offset + text.indexOf('events'));
});

test('spark.sql over a temp view of a stream is streaming; SET statements are confs', async () => {
  const model = await lower(
    [
      'spark.readStream.table("t").createOrReplaceTempView("live")',
      'a = spark.sql("select k, count(*) from live group by k")',
      'b = spark.sql("select * from warehouse.t")',
      'spark.sql("SET spark.sql.shuffle.partitions = 4")',
    ].join('\n'),
  );
  assert.equal(bound(model, 'a').streaming, 'streaming');
  assert.equal(bound(model, 'b').streaming, 'batch');
  assert.deepEqual(model.confs.map((conf) => [conf.key, conf.value.value, conf.via]), [['spark.sql.shuffle.partitions', { kind: 'string', value: '4' }, 'sql-set']]);
});

test('schemas: DDL strings and StructType become fields', async () => {
  const model = await lower(
    [
      'from pyspark.sql.types import *',
      'a = spark.readStream.schema("id INT, name STRING NOT NULL, m MAP<STRING, LONG>").json("/a")',
      'b = spark.readStream.schema(StructType([StructField("ts", TimestampType(), False)])).json("/b")',
    ].join('\n'),
  );
  const fields = (name: string): unknown => {
    const node = bound(model, name);
    assert.ok(node.kind === 'source' && node.source.schema?.value.kind === 'fields');
    return node.source.schema.value.fields;
  };
  assert.deepEqual(fields('a'), [
    { name: 'id', type: 'int', nullable: true },
    { name: 'name', type: 'string', nullable: false },
    { name: 'm', type: 'map<string,bigint>', nullable: true },
  ]);
  assert.deepEqual(fields('b'), [{ name: 'ts', type: 'timestamp', nullable: false }]);
});

test('groupBy(...).count() is an aggregation, df.count() an action', async () => {
  const model = await lower('df = spark.readStream.table("t")\nc = df.groupBy("k").count()\nn = df.count()\n');
  const aggregate = bound(model, 'c');
  assert.ok(aggregate.kind === 'op');
  assert.equal(renderOperation(aggregate.op), 'aggregate groupBy(k).count()');
  assert.deepEqual(model.actions.map((action) => action.method), ['count']);
  assert.equal(model.actions[0]?.input, model.bindings['df']);
});

test('statements around a syntax error still lower', async () => {
  const model = await lower('a = spark.readStream.table("a")\nb = (a.select(\nc = spark.readStream.table("c")\n');
  assert.equal(bound(model, 'a').streaming, 'streaming');
  assert.equal(bound(model, 'c').streaming, 'streaming');
  assert.ok(model.problems.some((problem) => problem.kind === 'syntax'));
});

test('a recursive call is not followed into itself: its result is an opaque DataFrame', async () => {
  const model = await lower(
    [
      'def a(df):',
      '    return b(df.select("x"))',
      'def b(df):',
      '    return a(df)',
      'q = a(spark.readStream.table("t")).writeStream.start()',
    ].join('\n'),
  );
  assert.deepEqual(model.problems, []);
  const input = model.nodes[model.writers[0]!.input]!;
  assert.equal(input.kind, 'opaque');
  assert.ok(input.kind === 'opaque' && input.reason === 'call');
  assert.equal(input.streaming, 'unknown');
  const selects = model.nodes.filter((node) => node.kind === 'op' && node.op.kind === 'select');
  assert.deepEqual(selects.map((node) => [node.streaming, node.scope]), [['streaming', 'a']]);
});

test('fan-out of nested calls stops at the work budget, reported once, and the rest of the file still lowers', async () => {
  // f0 calls f1 four times, ... f6 calls f7: 4^7 calls of f7, far more than the budget
  const lines: string[] = [];
  for (let level = 0; level < 7; level++) lines.push(`def f${level}(df):`, ...Array(4).fill(`    f${level + 1}(df)`));
  lines.push('def f7(df):', '    df.count()', 'f0(spark.readStream.table("t"))', 'after = spark.readStream.table("after")');
  const model = await lower(lines.join('\n'));
  assert.equal(bound(model, 'after').streaming, 'streaming');
  const budget = model.problems.filter((problem) => problem.message.startsWith('too many nested function calls'));
  assert.equal(budget.length, 1);
  assert.deepEqual(model.problems, budget);
  assert.ok(model.actions.length > 1000 && model.actions.length < 30_000, `${model.actions.length} actions`);
});

test('CRLF line endings, backslash continuations and a byte order mark', async () => {
  const text = '\ufeffdf = spark.readStream \\\r\n    .table("t")\r\nq = df.writeStream.start()\r\n';
  const model = await lower(text);
  assert.deepEqual(model.problems, []);
  assert.equal(bound(model, 'df').streaming, 'streaming');
  assert.equal(model.writers[0]?.input, model.bindings['df']);
  // the same with an unclosed bracket: the broken statement is recovered across the continued line
  const broken = await lower(text.replace('= spark', '= (spark'));
  assert.equal(bound(broken, 'df').streaming, 'streaming');
  assert.equal(broken.writers.length, 1);
  assert.ok(broken.problems.every((problem) => problem.kind === 'syntax'));
});
