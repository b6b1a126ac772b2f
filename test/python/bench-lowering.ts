// Lowering cost against the bare tree-sitter parse of the same files:
// `npx tsx test/python/bench-lowering.ts [lines]`. Medians and minimums over
// several interleaved runs on the deterministic benchmark corpus (the minimum
// is the steadier figure on a busy machine); the split shows where the
// lowering's time goes (reading the tree vs. interpreting).

import { generateCorpus } from '../../scripts/pyspark-corpus';
import { createParser, type Tree } from '../../server/src/syntax/tree-sitter';
import { lowerPython } from '../../server/src/python/lower';
import { readModule } from '../../server/src/python/read-tree';

const seed = 20261124;
const runs = 9;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const totalLines = Number(process.argv[2] ?? 20_000);
  const corpus = generateCorpus(seed, totalLines, 2_000);
  const lines = corpus.reduce((sum, file) => sum + file.lines, 0);
  const parser = await createParser('python');
  const parseTimes: number[] = [];
  const readTimes: number[] = [];
  const lowerTimes: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    let parse = 0;
    let read = 0;
    let lower = 0;
    for (const file of corpus) {
      const start = performance.now();
      const tree: Tree | null = parser.parse(file.text);
      const parsed = performance.now();
      if (!tree) continue;
      readModule(tree.rootNode, file.text);
      const readDone = performance.now();
      lowerPython(tree.rootNode, file.text);
      const lowered = performance.now();
      parse += parsed - start;
      read += readDone - parsed;
      lower += lowered - readDone;
      tree.delete();
    }
    if (run === 0) continue; // warm-up
    parseTimes.push(parse);
    readTimes.push(read);
    lowerTimes.push(lower);
  }
  console.log(`corpus: ${corpus.length} files, ${lines} lines (seed ${seed}), ${runs} runs`);
  for (const [label, pick] of [['median', median], ['minimum', (values: readonly number[]) => Math.min(...values)]] as const) {
    const parseMs = pick(parseTimes);
    const lowerMs = pick(lowerTimes);
    const readMs = pick(readTimes);
    console.log(`${label}:`);
    console.log(`  parse                 ${parseMs.toFixed(1)} ms`);
    console.log(`  lower (read + run)    ${lowerMs.toFixed(1)} ms  = ${((lowerMs / parseMs) * 100).toFixed(1)}% of parse`);
    console.log(`    of which read tree  ${readMs.toFixed(1)} ms`);
    console.log(`  parse+lower vs parse  throughput ${((parseMs / (parseMs + lowerMs)) * 100).toFixed(1)}%`);
  }
  parser.delete();
}

void main();
