// Robustness property of the language server process: thousands of seeded
// inputs (truncated jobs and rule fixtures, random token edits, random code
// units, deep nesting, very long lines and chains, Scala files, Databricks
// source notebooks, build files with garbage),
// opened and edited incrementally over stdio. After each batch every document's
// diagnostics, quick fixes, fix-all and code lenses are asked for: each answer
// must be well formed and arrive within a bound, the process must stay alive,
// and nothing may be logged as a failure.
// The same inputs run in-process through `analyzeFile`, whose `ruleErrors`
// must stay empty. A failing input is saved under test-artifacts/ to replay.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import { analyzeDatabricksSource, loadModuleParsers } from '../../server/src/analysis/analyze-notebook';
import { isDatabricksSource } from '../../server/src/notebooks/databricks-source';
import { applyRangeChange, type RangeChange } from '../../server/src/lsp/content-change';
import { LineIndex } from '../../server/src/model/span';
import { random } from '../../scripts/pyspark-corpus';
import { repositoryRoot, TestClient, type PullReport } from './lsp-client';

type FuzzCase =
  | { readonly kind: 'open'; readonly label: string; readonly file: string; readonly text: string }
  | { readonly kind: 'edits'; readonly label: string; readonly file: string; readonly text: string; readonly changes: readonly RangeChange[] };

/** Per pull: far above a lint of these inputs (milliseconds), far below the test's budget. */
const pullBoundMilliseconds = 10_000;
const batchSize = 60;
const artifacts = path.join(repositoryRoot, 'test-artifacts', 'server-robustness');

const next = random(20261124);

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

function integer(below: number): number {
  return Math.floor(next() * below);
}

function sourcesUnder(folder: string, accept: (name: string) => boolean): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...sourcesUnder(full, accept));
    else if (accept(entry.name)) found.push({ name: path.relative(repositoryRoot, full), text: readFileSync(full, 'utf8') });
  }
  return found;
}

const pythonSources = [
  ...sourcesUnder(path.join(repositoryRoot, 'examples'), (name) => name.endsWith('.py')),
  ...sourcesUnder(path.join(repositoryRoot, 'test', 'rules', 'fixtures'), (name) => name.endsWith('.py')),
];
const scalaSources = sourcesUnder(path.join(repositoryRoot, 'test', 'scala', 'fixtures'), (name) => name.endsWith('.scala'));
const notebookSources = sourcesUnder(path.join(repositoryRoot, 'test', 'notebooks', 'fixtures'), (name) => /\.(py|scala)$/.test(name));
const buildSources = sourcesUnder(path.join(repositoryRoot, 'test', 'rules', 'fixtures'), (name) => /\.(txt|xml|toml|cfg|sbt|yml)$/.test(name) && !name.startsWith('expected'));

const tokens = [
  '(', ')', '[', ']', '{', '}', '.', ',', ':', '=', '==', '&', '|', '~', '*', '**', '"', "'", '"""', "'''", "f'", 'f"{', '}"', 'r"\\',
  '\\\n', '\n', '\r', '\r\n', '    ', '\t', '#', '# whirlpool: ignore[', '# noqa: WP', 'def ', 'class ', 'lambda ', 'return ', 'if ', 'else:',
  'for ', ' in ', 'with ', 'as ', 'import ', 'from ', 'spark', '.readStream', '.writeStream', '.start()', '.groupBy(', '.agg(', 'F.col("x")',
  '.join(', '.foreachBatch(', '.withWatermark("ts", "', '.outputMode("', '.trigger(', '.option("checkpointLocation", ', '.format("',
  'df', '\u00e9', '\ud83d\ude00', '\ud800', '\udc00', '\u0000', '\u200b', '\ufeff', '0x', '1e', '@', ';', 'None', 'yield ', 'await ', '*args', '**kw',
];
const notebookTokens = [
  '# COMMAND ----------\n', '# MAGIC %sql\n', '# MAGIC %scala\n', '# MAGIC %python\n', '# MAGIC %md\n', '# MAGIC %run ./other\n', '# MAGIC ',
  '// COMMAND ----------\n', '// MAGIC %python\n', '// MAGIC ', '%sh', '\n', '\r', '(', '"', '.writeStream', '\ud800', '# Databricks notebook source\n',
];
const scalaTokens = ['(', ')', '{', '}', '$"', '"', '"""', '.', '=>', 'val ', 'def ', 'case ', '.writeStream', '.groupBy(', '.agg(', 'col("x")', '\n', '//', '/*', '\ud800'];
const buildGarbage = [
  'pyspark==', 'pyspark>=3.', '<dependency>', '</dependency>', '<artifactId>spark-sql_2.13</artifactId>', '<version>', '${spark.version}',
  '<properties>', '<!--', '-->', '"org.apache.spark" %% "spark-sql" % "', '[project]', 'dependencies = [', '"pyspark', ']', '- pyspark=',
  '\n', '\r', '\u0000', '\ud800', '==', '~=', '-e ', '--index-url ', '#', ';', 'python_version<"3.8"', '3.5.1', '4', '.', '\t',
];

function randomCodeUnits(length: number): string {
  const units: string[] = [];
  for (let i = 0; i < length; i++) {
    const roll = next();
    if (roll < 0.1) units.push(pick(['\r', '\n', '\u0000', '\t', ' ']));
    else if (roll < 0.15) units.push(String.fromCharCode(0xd800 + integer(0x800)));
    else if (roll < 0.7) units.push(String.fromCharCode(32 + integer(95)));
    else units.push(String.fromCharCode(integer(0x10000)));
  }
  return units.join('');
}

function mutate(text: string, vocabulary: readonly string[], edits: number): string {
  let result = text;
  for (let i = 0; i < edits; i++) {
    const at = integer(result.length + 1);
    const roll = next();
    if (roll < 0.4) result = result.slice(0, at) + pick(vocabulary) + result.slice(at);
    else if (roll < 0.8) result = result.slice(0, at) + result.slice(Math.min(result.length, at + 1 + integer(20)));
    else result = result.slice(0, at) + randomCodeUnits(1 + integer(4)) + result.slice(at);
  }
  return result;
}

/** A change whose range may end a line, pass the end of a line or of the document, or be reversed. */
function randomChange(text: string, vocabulary: readonly string[]): RangeChange {
  const index = new LineIndex(text);
  const position = (): { line: number; character: number } => {
    const roll = next();
    if (roll < 0.15) return { line: index.lineCount + integer(3), character: integer(10) };
    const line = integer(index.lineCount);
    const length = index.lineText(line).length;
    if (roll < 0.35) return { line, character: length };
    if (roll < 0.5) return { line, character: length + 1 + integer(50) };
    return { line, character: integer(length + 1) };
  };
  const start = position();
  const end = next() < 0.6 ? index.position(Math.min(text.length, index.offset(start) + integer(25))) : position();
  const inserted = next() < 0.3 ? '' : next() < 0.8 ? pick(vocabulary) : randomCodeUnits(1 + integer(6));
  return { range: { start, end }, text: inserted };
}

function editSequence(label: string, file: string, text: string, vocabulary: readonly string[], count: number): FuzzCase {
  const changes: RangeChange[] = [];
  let current = text;
  for (let i = 0; i < count; i++) {
    const change = randomChange(current, vocabulary);
    changes.push(change);
    current = applyRangeChange(current, change).text;
  }
  return { kind: 'edits', label, file, text, changes };
}

function structuralCases(): FuzzCase[] {
  const chain = (length: number, link: string): string => `df = spark.readStream.format("rate").load()${link.repeat(length)}\n`;
  const texts: [string, string][] = [
    ['nested-parens', `x = ${'('.repeat(3000)}1${')'.repeat(3000)}\n`],
    ['nested-unclosed', `df = spark.readStream.load(${'['.repeat(5000)}\n`],
    ['nested-calls', `df = ${'F.col('.repeat(1500)}"x"${')'.repeat(1500)}\n`],
    ['nested-blocks', Array.from({ length: 300 }, (_, depth) => `${' '.repeat(depth)}if x:\n`).join('') + `${' '.repeat(300)}pass\n`],
    ['nested-defs', Array.from({ length: 150 }, (_, depth) => `${'  '.repeat(depth)}def f${depth}(df, batch_id):\n`).join('') + `${'  '.repeat(150)}df.count()\n`],
    ['long-line', `x = "${'a'.repeat(200_000)}"\n`],
    ['long-expression', `x = ${Array.from({ length: 20_000 }, (_, i) => `a${i}`).join(' + ')}\n`],
    ['long-chain', chain(4000, '.withColumn("c", F.col("c") + 1)')],
    ['long-chain-stateful', chain(1500, '.groupBy("k").count()') + 'df.writeStream.outputMode("append").start()\n'],
    ['long-chain-joins', chain(800, '.join(df, "k")') + 'df.writeStream.start()\n'],
    ['many-statements', Array.from({ length: 5000 }, (_, i) => `d${i} = spark.readStream.format("rate").load()\n`).join('')],
    ['many-writers', Array.from({ length: 1000 }, (_, i) => `spark.readStream.load().writeStream.queryName("q${i}").start()\n`).join('')],
    ['cr-only', pythonSources[0]!.text.replace(/\n/g, '\r')],
    ['crlf', pythonSources[0]!.text.replace(/\n/g, '\r\n')],
    ['nul-bytes', pythonSources[0]!.text.replace(/ /g, '\u0000')],
    ['lone-surrogates', pythonSources[0]!.text.replace(/e/g, '\ud800')],
    ['bom', `\ufeff${pythonSources[0]!.text}`],
    ['only-newlines', '\n'.repeat(50_000)],
    ['empty', ''],
  ];
  return texts.map(([label, text]) => ({ kind: 'open', label, file: `${label}.py`, text }));
}

function generateCases(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const [index, source] of pythonSources.entries()) {
    const base = path.basename(source.name);
    // Truncations at offsets spread over the file, plus a few random ones.
    const cuts = new Set<number>([0, source.text.length - 1]);
    for (let i = 1; i < 8; i++) cuts.add(Math.floor((source.text.length * i) / 8));
    for (let i = 0; i < 4; i++) cuts.add(integer(source.text.length + 1));
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      cases.push({ kind: 'open', label: `${source.name} cut at ${cut}`, file: `cut-${index}-${cut}-${base}`, text: source.text.slice(0, Math.max(0, cut)) });
    }
    for (let i = 0; i < 3; i++) {
      cases.push({ kind: 'open', label: `${source.name} mutation ${i}`, file: `mutated-${index}-${i}-${base}`, text: mutate(source.text, tokens, 1 + integer(12)) });
    }
    cases.push(editSequence(`${source.name} edits`, `edited-${index}-${base}`, source.text, tokens, 5 + integer(25)));
  }
  for (const [index, source] of scalaSources.entries()) {
    const base = path.basename(source.name);
    for (const cut of [Math.floor(source.text.length / 4), Math.floor(source.text.length / 2), Math.floor((source.text.length * 3) / 4), integer(source.text.length + 1)]) {
      cases.push({ kind: 'open', label: `${source.name} cut at ${cut}`, file: `scala-${index}-${cut}-${base}`, text: source.text.slice(0, cut) });
    }
    cases.push({ kind: 'open', label: `${source.name} mutation`, file: `scala-mutated-${index}-${base}`, text: mutate(source.text, scalaTokens, 1 + integer(12)) });
  }
  for (const [index, source] of notebookSources.entries()) {
    const base = path.basename(source.name);
    for (let cut = 0; cut < source.text.length; cut += Math.max(1, Math.floor(source.text.length / 16))) {
      cases.push({ kind: 'open', label: `${source.name} cut at ${cut}`, file: `notebook-${index}-${cut}-${base}`, text: source.text.slice(0, cut) });
    }
    for (let i = 0; i < 15; i++) {
      cases.push({ kind: 'open', label: `${source.name} mutation ${i}`, file: `notebook-mutated-${index}-${i}-${base}`, text: mutate(source.text, notebookTokens, 1 + integer(10)) });
    }
    for (let i = 0; i < 3; i++) cases.push(editSequence(`${source.name} edits ${i}`, `notebook-edited-${index}-${i}-${base}`, source.text, notebookTokens, 10 + integer(20)));
  }
  for (let i = 0; i < 150; i++) cases.push({ kind: 'open', label: `random code units ${i}`, file: `random-${i}.py`, text: randomCodeUnits(integer(2000)) });
  for (let i = 0; i < 40; i++) cases.push(editSequence(`random edits ${i}`, `random-edits-${i}.py`, randomCodeUnits(integer(300)), tokens, 10 + integer(30)));
  cases.push(...structuralCases());
  for (const [index, source] of buildSources.entries()) {
    const base = path.basename(source.name);
    for (const cut of [0, 1, Math.floor(source.text.length / 3), Math.floor(source.text.length / 2), source.text.length - 1]) {
      cases.push({ kind: 'open', label: `${source.name} cut at ${cut}`, file: `build-${index}-${cut}/${base}`, text: source.text.slice(0, Math.max(0, cut)) });
    }
    for (let i = 0; i < 6; i++) {
      cases.push({ kind: 'open', label: `${source.name} garbage ${i}`, file: `build-${index}-garbage-${i}/${base}`, text: mutate(source.text, buildGarbage, 1 + integer(15)) });
    }
    cases.push(editSequence(`${source.name} edits`, `build-${index}-edited/${base}`, source.text, buildGarbage, 10 + integer(20)));
  }
  const buildNames = ['requirements.txt', 'requirements-dev.txt', 'pom.xml', 'build.sbt', 'pyproject.toml', 'setup.cfg', 'setup.py', 'environment.yml'];
  for (let i = 0; i < 80; i++) {
    const name = buildNames[i % buildNames.length]!;
    const text = Array.from({ length: 1 + integer(40) }, () => (next() < 0.7 ? pick(buildGarbage) : randomCodeUnits(1 + integer(10)))).join('');
    cases.push({ kind: 'open', label: `${name} random ${i}`, file: `build-random-${i}/${name}`, text });
  }
  cases.push({ kind: 'open', label: 'pom.xml deep nesting', file: 'build-deep/pom.xml', text: '<project>'.repeat(20_000) });
  cases.push({ kind: 'open', label: 'requirements.txt long line', file: 'build-long/requirements.txt', text: `pyspark==${'3.'.repeat(100_000)}` });
  return cases;
}

const cases = generateCases();

function finalText(fuzzCase: FuzzCase): string {
  if (fuzzCase.kind === 'open') return fuzzCase.text;
  return fuzzCase.changes.reduce((text, change) => applyRangeChange(text, change).text, fuzzCase.text);
}

/** Writes the input (and its edits) where a failing run can be replayed from; returns the path. */
function saveArtifact(fuzzCase: FuzzCase): string {
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${fuzzCase.file.replace(/[^\w.-]+/g, '_')}.json`);
  writeFileSync(file, JSON.stringify({ ...fuzzCase, finalText: finalText(fuzzCase) }, null, 1));
  return file;
}

function within<T>(promise: Promise<T>, milliseconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${milliseconds} ms`)), milliseconds);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

/** Checks the shape of a pull answer; a message naming what is wrong, or null. */
function malformed(report: PullReport, text: string): string | null {
  if (report.kind === 'unchanged') return typeof report.resultId === 'string' ? null : 'an unchanged report without a resultId';
  if (report.kind !== 'full' || !Array.isArray(report.items)) return `not a full report: ${JSON.stringify(report).slice(0, 200)}`;
  const lineCount = new LineIndex(text).lineCount;
  for (const item of report.items) {
    const { start, end } = item.range;
    const valid = [start.line, start.character, end.line, end.character].every((value) => Number.isInteger(value) && value >= 0);
    if (!valid || start.line > end.line || (start.line === end.line && start.character > end.character) || end.line >= lineCount) {
      return `diagnostic range ${JSON.stringify(item.range)} outside the ${lineCount} lines of the document`;
    }
    if (typeof item.message !== 'string' || item.message.length === 0) return 'a diagnostic without a message';
  }
  return null;
}

/** Asks for every quick fix over the whole document (with its diagnostics), fix-all and code lenses; each answer must be a list. */
async function documentRequests(client: TestClient, uri: string, text: string, diagnostics: readonly unknown[]): Promise<void> {
  const range = { start: { line: 0, character: 0 }, end: new LineIndex(text).position(text.length) };
  const answers = await Promise.all([
    client.connection.sendRequest<unknown>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } }),
    client.connection.sendRequest<unknown>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } }),
    client.connection.sendRequest<unknown>('textDocument/codeLens', { textDocument: { uri } }),
  ]);
  for (const answer of answers) assert.ok(answer === null || Array.isArray(answer), `a list, not ${JSON.stringify(answer).slice(0, 200)}`);
}

function languageOf(file: string): string {
  if (file.endsWith('.py')) return 'python';
  return file.endsWith('.scala') ? 'scala' : 'plaintext';
}

const failureLine = /\bthrew\b|failed|unexpected (error|rejection)/i;

test('the server answers every pull, code action and code lens on thousands of truncated, mutated and random documents, and logs no failure', async () => {
  const client = await TestClient.start({ pull: true, transport: 'stdio' });
  let pulls = 0;
  try {
    for (let first = 0; first < cases.length; first += batchSize) {
      const batch = cases.slice(first, first + batchSize);
      const uris = batch.map((fuzzCase) => `file:///whirlpool-fuzz/${fuzzCase.file}`);
      for (const [index, fuzzCase] of batch.entries()) {
        const uri = uris[index]!;
        await client.open(uri, fuzzCase.text, 1, languageOf(fuzzCase.file));
        if (fuzzCase.kind === 'edits') {
          // Pulls between edits, so the incremental parse runs on each intermediate tree.
          for (const [step, change] of fuzzCase.changes.entries()) {
            await client.change(uri, step + 2, [change]);
            if (step % 7 === 3) await client.pull(uri);
          }
        }
      }
      for (const [index, fuzzCase] of batch.entries()) {
        const uri = uris[index]!;
        const logged = client.logs.length;
        let report: PullReport;
        try {
          report = await within(client.pull(uri), pullBoundMilliseconds, `the pull of ${fuzzCase.label}`);
        } catch (error) {
          assert.fail(`${String(error)}; input saved to ${saveArtifact(fuzzCase)}; server alive: ${!client.hasExited}; stderr: ${client.serverStderr}`);
        }
        pulls++;
        const problem = malformed(report, finalText(fuzzCase));
        if (problem !== null) assert.fail(`${fuzzCase.label}: ${problem}; input saved to ${saveArtifact(fuzzCase)}`);
        // Quick fixes over the whole document, fix-all and code lenses: each computes fixes or reads the model of every finding.
        try {
          await within(documentRequests(client, uri, finalText(fuzzCase), report.items ?? []), pullBoundMilliseconds, `the code actions and lenses of ${fuzzCase.label}`);
        } catch (error) {
          assert.fail(`${String(error)}; input saved to ${saveArtifact(fuzzCase)}; server alive: ${!client.hasExited}`);
        }
        const failures = client.logs.slice(logged).filter((line) => failureLine.test(line));
        if (failures.length > 0) assert.fail(`${fuzzCase.label}: the server logged ${JSON.stringify(failures)}; input saved to ${saveArtifact(fuzzCase)}`);
      }
      assert.ok(!client.hasExited, `the server exited during the batch starting at ${batch[0]?.label}: ${client.serverStderr}`);
      for (const uri of uris) await client.close(uri);
    }
    assert.equal(pulls, cases.length);
    assert.deepEqual(client.logs.filter((line) => failureLine.test(line)), [], 'no failure was logged');
    assert.equal(client.serverStderr, '', 'the server wrote nothing to stderr');
  } finally {
    if (client.hasExited) client.kill();
    else await client.stop();
  }
  assert.ok(cases.length >= 2000, `${cases.length} inputs`);
});

test('the in-process analysis of the same inputs reports no rule error', async () => {
  const parsers = await loadModuleParsers();
  for (const fuzzCase of cases) {
    const text = finalText(fuzzCase);
    const notebook = isDatabricksSource(fuzzCase.file, text) ? analyzeDatabricksSource(text, parsers, defaultSettings, { path: fuzzCase.file }) : null;
    const result = notebook ?? (await analyzeFile(fuzzCase.file, text, defaultSettings));
    if (result.ruleErrors.length > 0) {
      assert.fail(`${fuzzCase.label}: ${JSON.stringify(result.ruleErrors).slice(0, 2000)}; input saved to ${saveArtifact(fuzzCase)}`);
    }
  }
});
