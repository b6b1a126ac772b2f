// `%run` followed in the analysis, without a file system: targets come from a
// map through the resolver. The target's code is lowered before the cells
// after the `%run`, so a stream it defines is a stream here; findings located
// in the target's code are not the notebook's; a missing target, a cycle, too
// deep a nesting, a target in the other language and an absolute workspace
// path are problems on the `%run` line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeDatabricksSource, analyzeNotebookCells, loadModuleParsers } from '../../server/src/analysis/analyze-notebook';
import { defaultSettings } from '../../server/src/analysis/analyze';
import { LineIndex } from '../../server/src/model/span';
import { expandRuns, maxRunDepth, runCandidates, type RunContext, type RunResolver } from '../../server/src/notebooks/notebook-runs';
import { parseRunCommand } from '../../server/src/notebooks/run-command';
import { insertIntoModule, insertedPart, ModuleBuilder, toModuleOffset, toPart } from '../../server/src/notebooks/virtual-module';
import type { NotebookCellText } from '../../server/src/notebooks/jupyter';

const root = path.resolve('/workspace/jobs');
const at = (name: string): string => path.join(root, name);

/** A resolver over a map of absolute paths to texts, recording what it was asked. */
function files(entries: Record<string, string>): RunResolver & { readonly asked: string[][] } {
  const asked: string[][] = [];
  const resolve = (candidates: readonly string[]) => {
    asked.push([...candidates]);
    for (const candidate of candidates) {
      const text = entries[candidate];
      if (text !== undefined) return { kind: 'found' as const, path: candidate, text };
    }
    return { kind: 'missing' as const };
  };
  return Object.assign(resolve, { asked });
}

const setup = [
  '# Databricks notebook source',
  'from pyspark.sql import functions as F',
  '',
  '# COMMAND ----------',
  '',
  'events = spark.readStream.format("json").schema("user STRING, ts TIMESTAMP").load("/data/events")',
  'events.count()',
  '',
].join('\n');

const notebook = (runLine: string): string => [
  '# Databricks notebook source',
  runLine,
  '',
  '# COMMAND ----------',
  '',
  'events.count()',
  '',
].join('\n');

async function findings(text: string, context: RunContext | null) {
  const result = analyzeDatabricksSource(text, await loadModuleParsers(), defaultSettings, {}, context);
  assert.ok(result);
  const index = new LineIndex(text);
  return { result, found: result.findings.map((finding) => ({ line: index.position(finding.span.start).line, rule: finding.rule })) };
}

test('a stream the %run target defines is a stream in the notebook; the target\'s own findings stay out', async () => {
  const text = notebook('# MAGIC %run ./setup');
  const without = await findings(text, null);
  assert.deepEqual(without.found, [], 'without following %run, events is unknown');
  const resolver = files({ [at('setup.py')]: setup });
  const { result, found } = await findings(text, { path: at('main.py'), resolve: resolver });
  assert.deepEqual(found, [{ line: 5, rule: 'stream-batch-action' }], 'events.count() in the notebook, not the one in setup.py');
  assert.deepEqual(result.runProblems, []);
  assert.deepEqual(resolver.asked, [[at('setup.py'), at('setup.scala'), at('setup'), at('setup.ipynb')]]);
  assert.ok(result.runDependencies.includes(at('setup.py')));
  // The model knows the source and where it is: inside the inserted code.
  const source = result.model?.nodes.find((node) => node.kind === 'source');
  assert.ok(source && result.module);
  assert.equal(toPart(result.module, source.span.start)?.part, insertedPart);
});

test('%run with widget arguments and a quoted path; a target on the last line; Jupyter cells', async () => {
  const resolver = files({ [at('my setup.py')]: setup, [at('lib/setup.py')]: setup });
  assert.deepEqual(parseRunCommand('%run ./lib/setup $env="prod" $day=\'mon\''), { path: './lib/setup', arguments: [{ name: 'env', value: 'prod' }, { name: 'day', value: 'mon' }] });
  const quoted = await findings(notebook('# MAGIC %run "./my setup" $env="prod"'), { path: at('main.py'), resolve: resolver });
  assert.deepEqual(quoted.found, [{ line: 5, rule: 'stream-batch-action' }]);

  const last = '# Databricks notebook source\n# COMMAND ----------\n# MAGIC %run ./lib/setup';
  const lastResult = analyzeDatabricksSource(last, await loadModuleParsers(), defaultSettings, {}, { path: at('main.py'), resolve: resolver });
  assert.deepEqual(lastResult?.runProblems, []);
  assert.equal(lastResult?.model?.nodes.filter((node) => node.kind === 'source').length, 1, 'the target lowered after a %run on the last line');

  const cells: NotebookCellText[] = [
    { kind: 'code', language: 'python', text: 'x = 1\n' },
    { kind: 'code', language: 'python', text: '%run ./lib/setup $env="prod"' },
    { kind: 'code', language: 'python', text: 'events.count()\n' },
  ];
  const analysis = analyzeNotebookCells(cells, await loadModuleParsers(), defaultSettings, {}, { path: at('main.ipynb'), resolve: resolver });
  assert.deepEqual([...analysis.findings.keys()], [2]);
  assert.deepEqual(analysis.findings.get(2)?.map((finding) => [finding.rule, finding.span.start]), [['stream-batch-action', 'events'.length]]);
  assert.deepEqual(analysis.runProblems, []);
});

test('a missing target, an absolute workspace path not on disk and a target in the other language: a problem on the %run line, the rest still analysed', async () => {
  const text = [
    '# Databricks notebook source',
    '# MAGIC %run ./missing',
    '# COMMAND ----------',
    '# MAGIC %run /Shared/setup',
    '# COMMAND ----------',
    '# MAGIC %run ./scala_setup',
    '# COMMAND ----------',
    'clicks = spark.readStream.table("clicks")',
    'clicks.count()',
    '',
  ].join('\n');
  const scala = '// Databricks notebook source\nval events = spark.readStream.table("events")\n';
  const { result, found } = await findings(text, { path: at('main.py'), resolve: files({ [at('scala_setup.scala')]: scala }) });
  assert.deepEqual(found, [{ line: 8, rule: 'stream-batch-action' }]);
  const index = new LineIndex(text);
  assert.deepEqual(
    result.runProblems.map((problem) => [problem.part, index.position(problem.span.start).line, problem.span.end - problem.span.start]),
    [[0, 1, '# MAGIC %run ./missing'.length], [0, 3, '# MAGIC %run /Shared/setup'.length], [0, 5, '# MAGIC %run ./scala_setup'.length]],
  );
  const [missing, absolute, language] = result.runProblems.map((problem) => problem.message);
  assert.equal(missing, `%run ./missing: no notebook found (looked for missing.py, missing.scala, missing, missing.ipynb in ${root}); the names it defines are unknown here`);
  assert.match(absolute ?? '', /^%run \/Shared\/setup: no notebook found \(looked for setup\.py, .+\) \(an absolute workspace path is looked up on this disk; write it relative to this notebook\); the names it defines are unknown here$/);
  assert.deepEqual(parseRunCommand('%run -i setup.py'), { path: 'setup.py', arguments: [] });
  assert.equal(language, '%run ./scala_setup: scala_setup.scala is a Scala notebook; its definitions do not reach Python code, skipped');
});

test('a cycle is followed once and named; nesting deeper than the limit stops with a problem', async () => {
  const a = '# Databricks notebook source\n# MAGIC %run ./b\n# COMMAND ----------\nevents.count()\n';
  const b = '# Databricks notebook source\n# MAGIC %run ./a\n# COMMAND ----------\nevents = spark.readStream.table("events")\n';
  const cycle = analyzeDatabricksSource(a, await loadModuleParsers(), defaultSettings, {}, { path: at('a.py'), resolve: files({ [at('a.py')]: a, [at('b.py')]: b }) });
  assert.deepEqual(cycle?.runProblems.map((problem) => problem.message), ['%run ./b: in b.py, %run ./a: a cycle (a.py runs b.py runs a.py); not followed again']);
  assert.deepEqual(cycle?.findings.map((finding) => finding.rule), ['stream-batch-action'], 'b.py\'s stream still reaches a.py');

  const self = '# Databricks notebook source\n# MAGIC %run ./self\n';
  const selfRun = analyzeDatabricksSource(self, await loadModuleParsers(), defaultSettings, {}, { path: at('self.py'), resolve: files({ [at('self.py')]: self }) });
  assert.deepEqual(selfRun?.runProblems.map((problem) => problem.message), ['%run ./self: a cycle (self.py runs self.py); not followed again']);

  // level0 runs level1 runs ... each a different file: the chain stops at the limit.
  const chain: Record<string, string> = {};
  for (let level = 0; level <= maxRunDepth + 2; level++) chain[at(`level${level}.py`)] = `# Databricks notebook source\n# MAGIC %run ./level${level + 1}\n`;
  const deep = analyzeDatabricksSource(chain[at('level0.py')]!, await loadModuleParsers(), defaultSettings, {}, { path: at('level0.py'), resolve: files(chain) });
  assert.equal(deep?.runProblems.length, 1);
  assert.match(deep?.runProblems[0]?.message ?? '', new RegExp(`^%run \\./level1: in level${maxRunDepth}\\.py, %run \\./level${maxRunDepth + 1}: more than ${maxRunDepth} nested %run levels; not followed$`));
});

test('inserting into a module keeps every own offset\'s part and part offset', () => {
  const builder = new ModuleBuilder('python');
  builder.copy('a = 1\n', 0, 0, true);
  builder.blank('%run ./x\n', 0, 6);
  builder.copy('b = 2\n', 0, 15, true);
  const module = builder.build();
  const { module: inserted, ranges } = insertIntoModule(module, [{ at: 15, text: 'x = 0\n' }, { at: 3, text: 'Z' }]);
  assert.equal(inserted.text, 'a =Z 1\n        \nx = 0\nb = 2\n');
  assert.deepEqual(ranges, [{ start: 16, end: 22 }, { start: 3, end: 4 }]);
  for (let offset = 0; offset <= module.text.length; offset++) {
    const shifted = offset + (offset >= 15 ? 7 : offset >= 3 ? 1 : 0);
    assert.deepEqual(toPart(inserted, shifted), toPart(module, offset), `offset ${offset}`);
  }
  assert.equal(toPart(inserted, 17)?.part, insertedPart);
  assert.equal(toModuleOffset(inserted, 0, 15), 16, 'the end of the %run line, before the inserted code');
  assert.equal(toModuleOffset(inserted, 0, 16), 23);
  assert.deepEqual(runCandidates(at('main.py'), '../lib/setup'), ['py', 'scala', '', 'ipynb'].map((extension) => path.resolve(root, '../lib/setup') + (extension ? `.${extension}` : '')));
  assert.deepEqual(expandRuns(module, [], { path: at('main.py'), resolve: files({}) }).module, module);
});

test('a Scala notebook follows %run into a Scala target', async () => {
  const scalaSetup = '// Databricks notebook source\nval events = spark.readStream.table("events")\n';
  const text = '// Databricks notebook source\n// MAGIC %run ./setup\n\n// COMMAND ----------\n\nevents.count()\n';
  const without = analyzeDatabricksSource(text, await loadModuleParsers(), defaultSettings);
  assert.deepEqual(without?.findings, []);
  // A Python notebook of the same name beside it is not the one a Scala notebook's %run means first.
  const resolver = files({ [at('setup.scala')]: scalaSetup, [at('setup.py')]: '# Databricks notebook source\nevents = 1\n' });
  const result = analyzeDatabricksSource(text, await loadModuleParsers(), defaultSettings, {}, { path: at('main.scala'), resolve: resolver });
  assert.deepEqual(resolver.asked, [[at('setup.scala'), at('setup.py'), at('setup'), at('setup.ipynb')]]);
  assert.deepEqual(result?.runProblems, []);
  assert.deepEqual(result?.findings.map((finding) => [finding.rule, new LineIndex(text).position(finding.span.start).line]), [['stream-batch-action', 5]]);
});

test('insertions anywhere (same offset, start, end, inside copied and added text) keep the text and every own offset\'s place', () => {
  let seed = 7;
  const next = (bound: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % bound;
  };
  for (let round = 0; round < 200; round++) {
    const builder = new ModuleBuilder('python');
    let partOffset = 0;
    for (let piece = 0; piece < 1 + next(4); piece++) {
      const text = 'x = 1\n'.slice(0, 1 + next(6));
      // A module never starts with a separator (it maps to the text before it).
      const choice = piece === 0 ? next(2) : next(3);
      if (choice === 0) builder.copy(text, next(2), partOffset, true);
      else if (choice === 1) builder.blank(text, 0, partOffset);
      else builder.separator('\n');
      partOffset += text.length;
    }
    const module = builder.build();
    const insertions = Array.from({ length: next(4) }, (_, index) => ({ at: next(module.text.length + 1), text: `i${index}\n` }));
    const { module: inserted, ranges } = insertIntoModule(module, insertions);
    const sorted = insertions.map((insertion, index) => ({ ...insertion, index })).sort((a, b) => a.at - b.at || a.index - b.index);
    let expected = module.text;
    for (const insertion of [...sorted].reverse()) expected = expected.slice(0, insertion.at) + insertion.text + expected.slice(insertion.at);
    assert.equal(inserted.text, expected, `round ${round}`);
    for (const [index, range] of ranges.entries()) {
      assert.equal(inserted.text.slice(range.start, range.end), insertions[index]?.text);
      for (let offset = range.start; offset < range.end; offset++) assert.equal(toPart(inserted, offset)?.part, insertedPart, `round ${round} offset ${offset}`);
    }
    for (let offset = 0; offset < module.text.length; offset++) {
      const shift = sorted.filter((insertion) => insertion.at <= offset).reduce((total, insertion) => total + insertion.text.length, 0);
      assert.deepEqual(toPart(inserted, offset + shift), toPart(module, offset), `round ${round} offset ${offset}`);
    }
    let start = 0;
    for (const segment of inserted.segments) {
      assert.equal(segment.start, start, `round ${round}: segments cover the text without gaps`);
      start += segment.length;
    }
  }
});

test('suppression comments in the target do not silence the notebook', async () => {
  const quiet = [
    '# Databricks notebook source',
    '# whirlpool: ignore-file[stream-batch-action]',
    'events = spark.readStream.table("events")',
    '# whirlpool: ignore',
    '',
  ].join('\n');
  const text = '# Databricks notebook source\n# MAGIC %run ./quiet\n# COMMAND ----------\nevents.count()  # noqa\nevents.count()\n';
  const result = analyzeDatabricksSource(text, await loadModuleParsers(), defaultSettings, {}, { path: at('main.py'), resolve: files({ [at('quiet.py')]: quiet }) });
  assert.deepEqual(result?.findings.map((finding) => [finding.rule, new LineIndex(text).position(finding.span.start).line]), [['stream-batch-action', 4]], 'the notebook\'s own noqa still works; the target\'s comments do nothing here');
});

test('odd targets are problems, not crashes: broken .ipynb, another kernel, no language, unreadable, empty; every prefix of a notebook analyses', async () => {
  const targets: Record<string, string> = {
    [at('broken.ipynb')]: '{"cells": [',
    [at('r_kernel.ipynb')]: JSON.stringify({ cells: [], metadata: { kernelspec: { language: 'R' } }, nbformat: 4 }),
    [at('plain')]: 'events = 1\n',
    [at('empty.py')]: '',
  };
  const resolve: RunResolver = (candidates) => {
    if (candidates[0]?.includes('locked')) return { kind: 'unreadable', path: candidates[0], reason: 'cannot read file (EACCES)' };
    for (const candidate of candidates) if (targets[candidate] !== undefined) return { kind: 'found', path: candidate, text: targets[candidate] ?? '' };
    return { kind: 'missing' };
  };
  const text = ['broken', 'r_kernel', 'plain', 'locked', 'empty'].map((name) => `# MAGIC %run ./${name}`).join('\n# COMMAND ----------\n');
  const notebook = `# Databricks notebook source\n${text}\n# COMMAND ----------\nevents.count()\n`;
  const result = analyzeDatabricksSource(notebook, await loadModuleParsers(), defaultSettings, {}, { path: at('main.py'), resolve });
  const [broken, ...others] = result?.runProblems.map((problem) => problem.message) ?? [];
  assert.match(broken ?? '', /^%run \.\/broken: broken\.ipynb: not a Jupyter notebook: invalid JSON \(.+\)$/);
  assert.deepEqual(others, [
    '%run ./r_kernel: r_kernel.ipynb: the kernel language "r" is not Python or Scala',
    '%run ./plain: cannot tell the language of plain (no .py/.scala extension and no "Databricks notebook source" line)',
    '%run ./locked: cannot read locked.py (cannot read file (EACCES)); the names it defines are unknown here',
  ]);
  for (let cut = 0; cut <= notebook.length; cut += 7) {
    const prefix = analyzeDatabricksSource(notebook.slice(0, cut), await loadModuleParsers(), defaultSettings, {}, { path: at('main.py'), resolve });
    if (cut > '# Databricks notebook source'.length) assert.ok(prefix, `cut at ${cut}`);
  }
});
