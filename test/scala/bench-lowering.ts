// Scala lowering cost against the bare tree-sitter parse of the same files:
// `npx tsx test/scala/bench-lowering.ts [copies]`. The corpus is every Scala
// fixture of this folder, each `copies` times over (default 20); medians and
// minimums over interleaved runs, split into reading the tree (wasm node
// access) and the whole lowering (reading plus the shared interpreter). Then
// the whole analysis of a job with many fixes against its lowering alone:
// the cost of checking that every fix writes Scala.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeScala, defaultSettings } from '../../server/src/analysis/analyze';
import { createParser } from '../../server/src/syntax/tree-sitter';
import { lowerScala } from '../../server/src/scala/lower';
import { readScala, scalaParseText } from '../../server/src/scala/read-tree';

const runs = 9;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function scalaFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return scalaFiles(full);
    return entry.name.endsWith('.scala') ? [full] : [];
  });
}

async function main(): Promise<void> {
  const copies = Number(process.argv[2] ?? 20);
  const sources = scalaFiles(path.join(__dirname, 'fixtures')).sort().map((file) => readFileSync(file, 'utf8'));
  // One file per fixture, the fixture repeated inside it, so per-file costs do not dominate.
  const corpus = sources.map((text) => Array.from({ length: copies }, () => text).join('\n'));
  const lines = corpus.reduce((sum, text) => sum + text.split('\n').length, 0);
  const parser = await createParser('scala');
  const parseTimes: number[] = [];
  const readTimes: number[] = [];
  const lowerTimes: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    let parse = 0;
    let read = 0;
    let lower = 0;
    for (const text of corpus) {
      const start = performance.now();
      const tree = parser.parse(scalaParseText(text));
      const parsed = performance.now();
      if (!tree) continue;
      readScala(tree.rootNode, text);
      const readDone = performance.now();
      lowerScala(tree.rootNode, text);
      const lowered = performance.now();
      tree.delete();
      parse += parsed - start;
      read += readDone - parsed;
      lower += lowered - readDone;
    }
    // The first run warms the JIT and the grammar: not counted.
    if (run === 0) continue;
    parseTimes.push(parse);
    readTimes.push(read);
    lowerTimes.push(lower);
  }
  const report = (name: string, times: readonly number[]): string =>
    `${name.padEnd(8)} median ${median(times).toFixed(1)} ms, min ${Math.min(...times).toFixed(1)} ms, ${((median(times) / lines) * 1000).toFixed(1)} µs/line`;
  console.log(`${corpus.length} files, ${lines} lines, ${runs} runs`);
  console.log(report('parse', parseTimes));
  console.log(report('read', readTimes));
  console.log(report('lower', lowerTimes));
  console.log(`lower / parse: ${(median(lowerTimes) / median(parseTimes)).toFixed(2)} (median), read share of lower: ${((median(readTimes) / median(lowerTimes)) * 100).toFixed(0)}%`);

  const job = readFileSync(path.join(__dirname, 'fixtures', 'fixes', 'talk-refactors.scala'), 'utf8');
  const many = job.replace(/object Pipeline \{[\s\S]*$/, (body) => Array.from({ length: 10 }, (_, index) => body.replace('object Pipeline', `object Pipeline${index}`)).join('\n'));
  const tree = parser.parse(scalaParseText(many));
  if (!tree) return;
  const analyses: number[] = [];
  const lowerings: number[] = [];
  let fixes = 0;
  for (let run = 0; run < runs + 1; run++) {
    const start = performance.now();
    const result = analyzeScala(tree.rootNode, many, defaultSettings);
    const analysed = performance.now();
    lowerScala(tree.rootNode, many);
    const lowered = performance.now();
    fixes = result.findings.reduce((sum, finding) => sum + finding.fixes.length, 0);
    if (run === 0) continue;
    analyses.push(analysed - start);
    lowerings.push(lowered - analysed);
  }
  tree.delete();
  console.log(`analysis with ${fixes} checked fixes (${many.split('\n').length} lines): median ${median(analyses).toFixed(1)} ms, lowering alone ${median(lowerings).toFixed(1)} ms, ratio ${(median(analyses) / median(lowerings)).toFixed(1)}`);
}

void main();
