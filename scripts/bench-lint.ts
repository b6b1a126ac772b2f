// `npm run bench:lint`: lint throughput against the bare tree-sitter parse of
// the same files (the floor), and the time to re-lint a 2,000-line file after
// a one-character edit through the language server's incremental path.
//
// Everything is measured in this one process on a deterministic generated
// corpus, so the ratio compares like with like on whatever machine runs it.
// Figures are medians over several runs; the CLI run as a process (node
// start-up, wasm load, file reading) is measured once, separately.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzePython, defaultSettings } from '../server/src/analysis/analyze';
import { lintSource } from '../server/src/cli/lint-source';
import { DocumentStore } from '../server/src/lsp/document-store';
import { lintOpenDocument } from '../server/src/lsp/lint-document';
import { LineIndex } from '../server/src/model/span';
import { createParser, type Parser } from '../server/src/syntax/tree-sitter';
import { generateCorpus, generateJob, random, type CorpusFile } from './pyspark-corpus';

const seed = 20261124;
const corpusLines = 100_000;
const linesPerFile = 2_000;
const throughputRuns = 7;
const relintEdits = 60;
const targets = { lintToParseRatio: 0.6, relintMedianMs: 16 };

async function main(): Promise<void> {
  const corpus = generateCorpus(seed, corpusLines, linesPerFile);
  const totalLines = corpus.reduce((sum, file) => sum + file.lines, 0);
  const parser = await createParser('python');
  const settings = defaultSettings;
  console.log(`corpus: ${corpus.length} files, ${totalLines} lines (seed ${seed})`);
  // Other work on the machine skews every figure; say how busy it was.
  console.log(`machine: ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(2)} at start`);

  // Warm up both paths once (JIT, wasm tiers, lazy rule tables) before timing.
  timeParse(parser, corpus);
  await timeLint(corpus, settings);
  const parseTimes: Elapsed[] = [];
  const lintTimes: Elapsed[] = [];
  let findings = 0;
  for (let run = 0; run < throughputRuns; run++) {
    // Interleaved so that drift on the machine affects both alike.
    parseTimes.push(timeParse(parser, corpus));
    const lint = await timeLint(corpus, settings);
    lintTimes.push(lint.elapsed);
    findings = lint.findings;
  }
  const parseMs = median(parseTimes.map((time) => time.wall));
  const lintMs = median(lintTimes.map((time) => time.wall));
  const parseRate = totalLines / (parseMs / 1000);
  const lintRate = totalLines / (lintMs / 1000);
  const ratio = lintRate / parseRate;
  // CPU time of this process: what other processes on a busy machine inflate least.
  const parseCpuMs = median(parseTimes.map((time) => time.cpu));
  const lintCpuMs = median(lintTimes.map((time) => time.cpu));

  const relint = measureRelint(parser, settings);
  const cli = measureCliProcess(corpus, totalLines);
  console.log(`load average ${loadavg()[0]?.toFixed(2)} at end`);

  const rows: [string, string][] = [
    ['bare parse (floor)', `${format(parseRate)} lines/s  (median ${parseMs.toFixed(1)} ms per corpus)`],
    ['full lint (parse+lower+rules)', `${format(lintRate)} lines/s  (median ${lintMs.toFixed(1)} ms per corpus, ${findings} findings)`],
    ['lint / parse throughput', `${(ratio * 100).toFixed(1)}%  (target >= ${targets.lintToParseRatio * 100}%) ${verdict(ratio >= targets.lintToParseRatio)}`],
    ['  the same in CPU time', `parse ${format(totalLines / (parseCpuMs / 1000))}, lint ${format(totalLines / (lintCpuMs / 1000))} lines/s: ${((parseCpuMs / lintCpuMs) * 100).toFixed(1)}%`],
    ['  of which analysis', `${(lintMs - parseMs).toFixed(1)} ms per corpus (${(((lintMs - parseMs) / lintMs) * 100).toFixed(0)}% of lint time)`],
    [
      're-lint 2,000 lines after 1 char',
      `median ${relint.total.median.toFixed(2)} ms, p95 ${relint.total.p95.toFixed(2)} ms  (target median < ${targets.relintMedianMs} ms) ${verdict(relint.total.median < targets.relintMedianMs)}`,
    ],
    ['  the same in CPU time', `median ${relint.totalCpu.median.toFixed(2)} ms, p95 ${relint.totalCpu.p95.toFixed(2)} ms`],
    ['  incremental reparse', `median ${relint.reparse.median.toFixed(2)} ms, p95 ${relint.reparse.p95.toFixed(2)} ms`],
    ['  analysis (lower+rules)', `median ${relint.analysis.median.toFixed(2)} ms, p95 ${relint.analysis.p95.toFixed(2)} ms`],
    ['  full reparse, for comparison', `median ${relint.fullParse.median.toFixed(2)} ms`],
    ['CLI as a process (whole corpus)', cli],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  parser.delete();
}

interface Elapsed {
  /** Milliseconds of wall-clock time. */
  readonly wall: number;
  /** Milliseconds of this process's CPU time (user + system). */
  readonly cpu: number;
}

function startClock(): () => Elapsed {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  };
}

function timeParse(parser: Parser, corpus: readonly CorpusFile[]): Elapsed {
  const stop = startClock();
  for (const file of corpus) parser.parse(file.text)?.delete();
  return stop();
}

/** The per-file path of `whirlpool lint` (lintSource), without reading files or printing. */
async function timeLint(corpus: readonly CorpusFile[], settings: typeof defaultSettings): Promise<{ elapsed: Elapsed; findings: number }> {
  let findings = 0;
  const stop = startClock();
  for (const file of corpus) findings += (await lintSource(file.name, file.text, settings)).findings.length;
  return { elapsed: stop(), findings };
}

interface Distribution {
  readonly median: number;
  readonly p95: number;
}

/**
 * One-character edits in the middle of a 2,000-line job, each followed by
 * the server's lint (store.change → tree.edit, incremental reparse, analysis,
 * diagnostics). Edits alternate between typing a character into an
 * identifier and deleting it again, as a user would.
 */
function measureRelint(parser: Parser, settings: typeof defaultSettings): { total: Distribution; totalCpu: Distribution; reparse: Distribution; analysis: Distribution; fullParse: Distribution } {
  const text = generateJob(random(seed + 1), linesPerFile, 9999);
  const uri = 'file:///bench/relint_job.py';
  const store = new DocumentStore(parser);
  store.open(uri, 'python', 1, text);
  lintOpenDocument(store, uri, settings);
  const index = new LineIndex(text);
  // An identifier character in the middle of the file: `_parsed` of a pipeline variable.
  const middle = text.indexOf('_parsed', Math.floor(text.length / 2)) + 1;
  const position = index.position(middle);
  const totals: number[] = [];
  const totalsCpu: number[] = [];
  const reparses: number[] = [];
  const analyses: number[] = [];
  let version = 1;
  const edit = (inserting: boolean): void => {
    version++;
    store.change(uri, version, [
      inserting
        ? { range: { start: position, end: position }, text: 'x' }
        : { range: { start: position, end: { line: position.line, character: position.character + 1 } }, text: '' },
    ]);
  };
  for (let i = 0; i < relintEdits + 5; i++) {
    edit(i % 2 === 0);
    const stop = startClock();
    const lint = lintOpenDocument(store, uri, settings);
    const elapsed = stop();
    if (!lint?.result) throw new Error('the re-lint benchmark document was not analysed');
    if (i >= 5) {
      totals.push(elapsed.wall);
      totalsCpu.push(elapsed.cpu);
    }
  }
  // The same edits again, timing the two halves of the path apart.
  for (let i = 0; i < relintEdits; i++) {
    edit(i % 2 === 0);
    const start = performance.now();
    const tree = store.syntaxTree(uri);
    const parsed = performance.now();
    const current = store.get(uri);
    if (!tree || !current) throw new Error('the re-lint benchmark document has no tree');
    analyzePython(tree.rootNode, current.text, settings, { path: '/bench/relint_job.py' });
    const analysed = performance.now();
    reparses.push(parsed - start);
    analyses.push(analysed - parsed);
  }
  const fullParses: number[] = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    parser.parse(text)?.delete();
    fullParses.push(performance.now() - start);
  }
  store.dispose();
  return { total: distribution(totals), totalCpu: distribution(totalsCpu), reparse: distribution(reparses), analysis: distribution(analyses), fullParse: distribution(fullParses) };
}

/** `whirlpool lint` over the corpus written to disk, as CI would run it. */
function measureCliProcess(corpus: readonly CorpusFile[], totalLines: number): string {
  const bin = path.join(__dirname, '..', 'bin', 'whirlpool.js');
  const folder = mkdtempSync(path.join(tmpdir(), 'whirlpool-bench-'));
  try {
    mkdirSync(path.join(folder, 'jobs'));
    for (const file of corpus) writeFileSync(path.join(folder, 'jobs', file.name), file.text);
    const start = performance.now();
    const result = spawnSync(process.execPath, [bin, 'lint', 'jobs', '--format', 'json', '--exit-zero'], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 30 });
    const elapsed = performance.now() - start;
    if (result.status !== 0) return `failed (exit ${result.status}): ${result.stderr.split('\n', 1)[0]} (run \`npm run build\` first)`;
    return `${elapsed.toFixed(0)} ms, ${format(totalLines / (elapsed / 1000))} lines/s including node start-up, wasm load and file reading (one run)`;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function distribution(samples: readonly number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: median(sorted), p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0 };
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function format(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}

function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED';
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exitCode = 1;
});
