// Robustness property: whatever the Scala text (truncated jobs, random edits,
// random code units, deep nesting, long chains), parsing, lowering and the
// whole analysis never throw, and the model stays well formed: every span
// inside the text, node ids are indexes, inputs point at earlier nodes.
// Inputs come from a seeded generator, so every run checks the same cases.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import type { PipelineModel } from '../../server/src/model/pipeline';
import type { Span } from '../../server/src/model/span';
import { parseScala } from '../../server/src/scala/parse';

/** mulberry32: a small seeded PRNG, so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fixtures = path.join(__dirname, 'fixtures');
const jobs = ['lowering', 'simulate', 'fixes']
  .flatMap((folder) => readdirSync(path.join(fixtures, folder)).filter((name) => name.endsWith('.scala')).map((name) => path.join(fixtures, folder, name)))
  .sort()
  .map((file) => readFileSync(file, 'utf8'));

const vocabulary = [
  '(', ')', '[', ']', '{', '}', '.', ',', ':', '=', '===', '=!=', '&&', '||', '=>', '<-', '_', '$"', '"', "'", '"""', 's"$', '${', '\n',
  '  ', '\t', '//', '/*', '*/', 'def ', 'val ', 'var ', 'object ', 'class ', 'case ', 'match ', 'if ', 'else ', 'for ', 'while ', 'import ',
  'new ', 'spark', '.readStream', '.writeStream', '.start()', '.start', '.groupBy(', '.agg(', 'col("x")', '.join(', '.foreachBatch {',
  'Trigger.Once()', 'OutputMode.', '.mapGroupsWithState(', '(update _)', 'Seq(', 'Map(', '->', '\u00e9', '\ud83d\ude00', '\ud800', '\r\n', '@',
];

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)]!;
}

function checkModel(model: PipelineModel, text: string, label: string): void {
  const inText = (span: Span, what: string): void => {
    assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${label}: ${what} span ${span.start}-${span.end} outside 0-${text.length}`);
  };
  assert.equal(model.language, 'scala');
  model.nodes.forEach((node, index) => {
    assert.equal(node.id, index, `${label}: node ids are indexes`);
    inText(node.span, `node #${index}`);
    inText(node.callSpan, `node #${index} call`);
    const inputs = node.kind === 'op' ? [node.input] : node.kind === 'join' ? [node.left, node.right] : node.kind === 'union' ? node.inputs : [];
    for (const input of inputs) assert.ok(input >= 0 && input < index, `${label}: node #${index} reads #${input}`);
  });
  for (const writer of model.writers) {
    inText(writer.span, 'writer');
    assert.ok(writer.input >= 0 && writer.input < model.nodes.length, `${label}: writer input`);
  }
  for (const problem of model.problems) inText(problem.span, 'problem');
}

async function survive(text: string, label: string): Promise<void> {
  let model: PipelineModel;
  try {
    ({ model } = await parseScala(text));
  } catch (error) {
    assert.fail(`${label}: lowering threw ${String(error)}`);
  }
  checkModel(model, text, label);
  const result = await analyzeFile('Job.scala', text, defaultSettings);
  assert.deepEqual(result.ruleErrors, [], `${label}: a rule threw`);
}

test('the fixtures are real jobs', () => {
  assert.ok(jobs.length >= 5);
});

test('every prefix cut of every job lowers without throwing (seeded cut points)', async () => {
  const next = random(1);
  for (const [index, job] of jobs.entries()) {
    for (let cut = 0; cut < 25; cut++) {
      const at = Math.floor(next() * job.length);
      await survive(job.slice(0, at), `job ${index} cut at ${at}`);
    }
  }
});

test('random edits of every job lower without throwing (seeded mutations)', async () => {
  const next = random(2);
  for (const [index, job] of jobs.entries()) {
    for (let round = 0; round < 25; round++) {
      let text = job;
      const edits = 1 + Math.floor(next() * 4);
      for (let edit = 0; edit < edits; edit++) {
        const at = Math.floor(next() * (text.length + 1));
        const length = Math.floor(next() * 12);
        text = next() < 0.5 ? text.slice(0, at) + pick(vocabulary, next) + text.slice(at) : text.slice(0, at) + text.slice(at + length);
      }
      await survive(text, `job ${index} round ${round}`);
    }
  }
});

test('random token soup, deep nesting and a long chain lower without throwing', async () => {
  const next = random(3);
  for (let round = 0; round < 40; round++) {
    let text = '';
    const length = Math.floor(next() * 60);
    for (let token = 0; token < length; token++) text += pick(vocabulary, next);
    await survive(text, `soup ${round}`);
  }
  await survive(`val x = ${'('.repeat(2000)}1${')'.repeat(2000)}`, 'deep parentheses');
  await survive(`val x = ${'f('.repeat(600)}1${')'.repeat(600)}`, 'deep calls');
  await survive(`val df = spark.readStream.format("rate").load()${'\n  .filter($"value" > 1)'.repeat(3000)}\ndf.writeStream.start()`, 'long chain');
  await survive(`val c = ${Array.from({ length: 3000 }, (_, index) => `col("c${index}")`).join(' + ')}`, 'long infix run');
  await survive(`${'object A { '.repeat(400)}${'}'.repeat(400)}`, 'deep objects');
});
