// Every conformance scenario's pipeline lowers cleanly: no problems, one
// started stream writer over a streaming input, operations in plan order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodeId, PipelineModel, PlanNode } from '../../server/src/model/pipeline';
import { renderOperation } from '../../server/src/model/render';
import { parsePython } from '../../server/src/python/parse';

const repoRoot = path.resolve(__dirname, '..', '..');
const scenariosDir = path.join(repoRoot, '..', 'shared', 'scenarios');

function scenarioFiles(): string[] {
  assert.ok(existsSync(scenariosDir), `the conformance scenarios are missing: expected them in ${scenariosDir}`);
  const files = readdirSync(scenariosDir).filter((name) => name.endsWith('.json')).sort();
  assert.ok(files.length > 0, `no scenario files in ${scenariosDir}`);
  return files;
}

async function lowerScenario(prefix: string): Promise<PipelineModel> {
  const file = scenarioFiles().find((name) => name.startsWith(prefix));
  assert.ok(file, `scenario ${prefix} not found`);
  const pipeline = (JSON.parse(readFileSync(path.join(scenariosDir, file), 'utf8')) as { pipeline: string }).pipeline;
  return (await parsePython(pipeline)).model;
}

/** The chain of nodes from a source to `id`, following each node's first input. */
function lineage(model: PipelineModel, id: NodeId): PlanNode[] {
  const chain: PlanNode[] = [];
  let current: PlanNode | undefined = model.nodes[id];
  while (current) {
    chain.unshift(current);
    current = current.kind === 'op' ? model.nodes[current.input] : current.kind === 'join' ? model.nodes[current.left] : current.kind === 'union' ? model.nodes[current.inputs[0]!] : undefined;
  }
  return chain;
}

function opKinds(model: PipelineModel, id: NodeId): string[] {
  return lineage(model, id).map((node) => (node.kind === 'op' ? node.op.kind : node.kind));
}

test('every scenario pipeline lowers with no problems and one started writer over a streaming input', async () => {
  for (const file of scenarioFiles()) {
    const pipeline = (JSON.parse(readFileSync(path.join(scenariosDir, file), 'utf8')) as { pipeline: string }).pipeline;
    const { model } = await parsePython(pipeline);
    assert.deepEqual(model.problems, [], `${file}: problems`);
    const started = model.writers.filter((writer) => writer.start !== null);
    assert.equal(started.length, 1, `${file}: started writers`);
    const writer = started[0]!;
    assert.equal(model.nodes[writer.input]?.streaming, 'streaming', `${file}: writer input is streaming`);
    assert.ok(model.nodes.some((node) => node.kind === 'source' && node.source.api === 'readStream'), `${file}: a readStream source`);
  }
});

test('scenario 01: watermark, then the windowed aggregation, then the select', async () => {
  const model = await lowerScenario('01-');
  const writer = model.writers[0]!;
  assert.deepEqual(opKinds(model, writer.input), ['source', 'withColumn', 'watermark', 'aggregate', 'select']);
  const aggregate = lineage(model, writer.input).find((node) => node.kind === 'op' && node.op.kind === 'aggregate');
  assert.ok(aggregate?.kind === 'op' && aggregate.op.kind === 'aggregate');
  assert.equal(renderOperation(aggregate.op), 'aggregate groupBy(F.window("eventTime", "5 seconds").alias("window")).agg(F.count(*).alias("count"))');
  const watermark = lineage(model, writer.input).find((node) => node.kind === 'op' && node.op.kind === 'watermark');
  assert.ok(watermark?.kind === 'op' && watermark.op.kind === 'watermark');
  assert.equal(watermark.op.column.value, 'eventTime');
  assert.deepEqual(watermark.op.delay.value, { kind: 'string', value: '10 seconds' });
  assert.equal(writer.outputMode?.value, 'append');
  assert.equal(writer.format?.value, 'memory');
  assert.deepEqual(writer.queryName?.value, { kind: 'string', value: 'out' });
});

test('scenario 27: a left outer join of two streams on columns, through a function called twice', async () => {
  const model = await lowerScenario('27-');
  const join = model.nodes.find((node) => node.kind === 'join');
  assert.ok(join?.kind === 'join');
  assert.equal(join.how?.value, 'left_outer');
  assert.deepEqual(join.usingColumns, ['key', 'window']);
  assert.equal(join.streaming, 'streaming');
  assert.equal(model.nodes[join.left]?.streaming, 'streaming');
  assert.equal(model.nodes[join.right]?.streaming, 'streaming');
  // the watermark column is built from the function's parameter: "left" + "Time"
  const watermarks = model.nodes.flatMap((node) => (node.kind === 'op' && node.op.kind === 'watermark' ? [node.op.column.value] : []));
  assert.deepEqual(watermarks, ['leftTime', 'rightTime']);
});

test('scenario 29: a left outer join with a SQL range condition', async () => {
  const model = await lowerScenario('29-');
  const join = model.nodes.find((node) => node.kind === 'join');
  assert.ok(join?.kind === 'join');
  assert.equal(join.how?.value, 'left_outer');
  assert.equal(join.usingColumns, null);
  assert.equal(join.condition?.kind, 'sql');
  assert.match(join.condition?.kind === 'sql' ? join.condition.text : '', /leftTime BETWEEN rightTime - interval 5 seconds/);
});

test('scenario 45: the foreachBatch handler is named and its batch DataFrame is batch', async () => {
  const model = await lowerScenario('45-');
  const writer = model.writers[0]!;
  assert.equal(writer.foreachBatch?.handler.value, 'write_batch');
  assert.equal(writer.foreachBatch?.function, 'write_batch');
  const handler = model.functions.find((fn) => fn.name === 'write_batch');
  assert.equal(handler?.isForeachBatchHandler, true);
  assert.deepEqual(handler?.params.map((param) => param.value), ['batch_df', 'batch_id']);
  const batch = model.nodes.find((node) => node.kind === 'opaque' && node.reason === 'foreachBatch');
  assert.equal(batch?.streaming, 'batch');
  assert.equal(batch?.scope, 'write_batch');
  const collect = model.actions.find((action) => action.method === 'collect');
  assert.equal(collect?.input, batch?.id);
  assert.equal(collect?.scope, 'write_batch');
});

test('scenario 10: a union of two watermarked streams', async () => {
  const model = await lowerScenario('10-');
  const union = model.nodes.find((node) => node.kind === 'union');
  assert.ok(union?.kind === 'union');
  assert.equal(union.method, 'union');
  assert.equal(union.inputs.length, 2);
  for (const input of union.inputs) assert.deepEqual(opKinds(model, input), ['source', 'withColumn', 'watermark']);
  assert.deepEqual(opKinds(model, model.writers[0]!.input).slice(-2), ['union', 'select']);
});

test('scenario 50 and 51: file and rate source options', async () => {
  const file = await lowerScenario('50-');
  const fileSource = file.nodes[0];
  assert.ok(fileSource?.kind === 'source');
  assert.equal(fileSource.source.format?.value, 'text');
  assert.deepEqual(fileSource.source.path?.value, { kind: 'string', value: '/data/src' });
  assert.deepEqual(fileSource.source.options.map((option) => [option.key, option.value.value]), [['maxFilesPerTrigger', { kind: 'number', value: 2 }]]);
  const rate = await lowerScenario('51-');
  const rateSource = rate.nodes[0];
  assert.ok(rateSource?.kind === 'source');
  assert.equal(rateSource.source.format?.value, 'rate');
  assert.deepEqual(rateSource.source.options.map((option) => option.key), ['rowsPerSecond', 'useManualClock']);
});

test('scenario 37: a stream-static inner join keeps the static side batch', async () => {
  const model = await lowerScenario('37-');
  const join = model.nodes.find((node) => node.kind === 'join');
  assert.ok(join?.kind === 'join');
  assert.equal(join.how, null);
  assert.equal(model.nodes[join.left]?.streaming, 'streaming');
  assert.equal(model.nodes[join.right]?.streaming, 'batch');
  assert.equal(model.bindings['small'], join.right);
  const small = model.nodes[join.right];
  assert.ok(small?.kind === 'source' && small.source.schema?.value.kind === 'fields');
  assert.deepEqual(small.source.schema.value.fields, [
    { name: 'number', type: 'bigint', nullable: true },
    { name: 'word', type: 'string', nullable: true },
  ]);
});
