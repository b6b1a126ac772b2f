// Robustness property: whatever the text (truncated jobs, random edits,
// random code units, deep nesting, long chains, unicode), parsing and
// lowering never throw, always finish, and the model stays well formed.
// Inputs come from a seeded generator, so every run checks the same cases.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PipelineModel } from '../../server/src/model/pipeline';
import type { Span } from '../../server/src/model/span';
import { parsePython } from '../../server/src/python/parse';

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

const fixturesDir = path.join(__dirname, 'fixtures', 'lowering');
const jobs = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.py'))
  .sort()
  .map((name) => readFileSync(path.join(fixturesDir, name), 'utf8'));

const vocabulary = [
  '(', ')', '[', ']', '{', '}', '.', ',', ':', '=', '==', '&', '|', '~', '*', '**', '"', "'", '"""', "f'", 'f"{', '}"', '\\\n', '\n',
  '    ', '\t', '#', 'def ', 'class ', 'lambda ', 'return ', 'if ', 'else', 'for ', ' in ', 'with ', 'as ', 'import ', 'from ',
  'spark', '.readStream', '.writeStream', '.start()', '.groupBy(', '.agg(', 'F.col("x")', '.join(', '.foreachBatch(', 'df',
  '\u00e9', '\ud83d\ude00', '\ud800', '\u200b', '\r\n', '0x', '1e', '@', ';', 'None', 'yield ', 'await ', '*args', '**kw',
];

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)]!;
}

function checkModel(model: PipelineModel, text: string, label: string): void {
  const inText = (span: Span, what: string): void => {
    assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${label}: ${what} span ${span.start}-${span.end} outside 0-${text.length}`);
  };
  model.nodes.forEach((node, index) => {
    assert.equal(node.id, index, `${label}: node ids are indexes`);
    inText(node.span, `node #${index}`);
    inText(node.callSpan, `node #${index} call`);
    const inputs = node.kind === 'op' ? [node.input] : node.kind === 'join' ? [node.left, node.right] : node.kind === 'union' ? node.inputs : [];
    for (const input of inputs) assert.ok(input >= 0 && input < index, `${label}: node #${index} reads #${input}, not an earlier node`);
  });
  for (const writer of model.writers) {
    assert.ok(writer.input >= 0 && writer.input < model.nodes.length, `${label}: writer input`);
    inText(writer.span, 'writer');
  }
  for (const writer of model.batchWriters) assert.ok(writer.input >= 0 && writer.input < model.nodes.length, `${label}: batch writer input`);
  for (const action of model.actions) assert.ok(action.input >= 0 && action.input < model.nodes.length, `${label}: action input`);
  for (const problem of model.problems) inText(problem.span, `problem "${problem.message}"`);
  for (const id of Object.values(model.bindings)) assert.ok(id >= 0 && id < model.nodes.length, `${label}: binding`);
}

async function check(text: string, label: string): Promise<PipelineModel> {
  let model: PipelineModel;
  try {
    model = (await parsePython(text)).model;
  } catch (error) {
    assert.fail(`${label}: threw ${String(error)}\n--- input (first 300 chars) ---\n${text.slice(0, 300)}`);
  }
  checkModel(model, text, label);
  return model;
}

test('every truncation of realistic jobs lowers without throwing', async () => {
  let cases = 0;
  for (const [index, job] of jobs.entries()) {
    const step = Math.max(1, Math.floor(job.length / 150));
    for (let cut = 0; cut <= job.length; cut += step) {
      await check(job.slice(0, cut), `job ${index} cut at ${cut}`);
      cases++;
    }
  }
  assert.ok(cases > 1000, `only ${cases} truncations`);
});

test('random token insertions and deletions in realistic jobs', async () => {
  const next = random(0x5eed);
  for (let round = 0; round < 1500; round++) {
    let text = pick(jobs, next);
    const edits = 1 + Math.floor(next() * 6);
    for (let edit = 0; edit < edits; edit++) {
      const at = Math.floor(next() * (text.length + 1));
      if (next() < 0.5) text = text.slice(0, at) + pick(vocabulary, next) + text.slice(at);
      else text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 12)));
    }
    await check(text, `edit round ${round}`);
  }
});

test('random code units, random token soup', async () => {
  const next = random(42);
  for (let round = 0; round < 400; round++) {
    const length = Math.floor(next() * 400);
    let text = '';
    for (let i = 0; i < length; i++) text += String.fromCharCode(next() < 0.7 ? 32 + Math.floor(next() * 95) : Math.floor(next() * 0x10000));
    await check(text, `random units ${round}`);
    let soup = '';
    for (let i = 0; i < 60; i++) soup += pick(vocabulary, next);
    await check(soup, `token soup ${round}`);
  }
});

test('deep nesting and long chains are reported, not followed', async () => {
  const depth = 10_000;
  const cases: Record<string, string> = {
    parentheses: `x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`,
    unclosed: `x = ${'('.repeat(depth)}1\n`,
    calls: `x = ${'f('.repeat(depth)}1${')'.repeat(depth)}\n`,
    lists: `x = ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
    unary: `x = ${'-'.repeat(depth)}1\n`,
    not: `x = ${'not '.repeat(depth)}a\n`,
    sum: `x = ${Array(depth).fill('a').join(' + ')}\n`,
    chain: `df = spark.readStream.table("t")${'.select("a")'.repeat(depth)}\n`,
    blocks: `${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}if x:\n`).join('')}${' '.repeat(300)}pass\n`,
    lambdas: `f = ${'lambda: '.repeat(2000)}1\n`,
    fstring: `x = f"${'{'.repeat(500)}a${'}'.repeat(500)}"\n`,
    recursion: 'def f(df):\n    return f(df.select("a"))\n\nf(spark.readStream.table("t"))\n',
    mutual: 'def a(x):\n    return b(x)\n\ndef b(x):\n    return a(x)\n\nq = a(spark.readStream.table("t")).writeStream.start()\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    const model = await check(text, name);
    if (['parentheses', 'calls', 'chain', 'sum', 'blocks'].includes(name)) {
      assert.ok(model.problems.some((problem) => problem.kind === 'unsupported'), `${name}: an unsupported problem is reported`);
    }
  }
});

test('unicode identifiers and strings keep UTF-16 spans', async () => {
  const text = 'données = spark.readStream.table("événements\u{1F600}")\nrésultat = données.select("é")\nrésultat.writeStream.start()\n';
  const model = await check(text, 'unicode');
  const source = model.nodes[0];
  assert.ok(source?.kind === 'source');
  assert.deepEqual(source.source.table?.value, { kind: 'string', value: 'événements\u{1F600}' });
  assert.equal(text.slice(source.span.start, source.span.end), 'spark.readStream.table("événements\u{1F600}")');
  assert.equal(model.writers[0]?.input, model.bindings['résultat']);
});
