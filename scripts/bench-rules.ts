// `npm run bench:rules`: what the rules and suppression comments cost on top
// of parsing and lowering, on the lint benchmark's deterministic corpus.
// Medians of interleaved runs in one process; the figure that matters is the
// rules' share of the bare parse time (the floor).

import { generateCorpus } from './pyspark-corpus';
import { defaultSettings } from '../server/src/analysis/analyze';
import { runModelRules } from '../server/src/analysis/run-rules';
import { pythonSuppressions } from '../server/src/analysis/suppression';
import { lowerPython } from '../server/src/python/lower';
import { rules } from '../server/src/rules/registry';
import { createParser } from '../server/src/syntax/tree-sitter';

const seed = 20261124;
const runs = 7;

async function main(): Promise<void> {
  const corpus = generateCorpus(seed, 100_000, 2_000);
  const parser = await createParser('python');
  const trees = corpus.map((file) => ({ text: file.text, tree: parser.parse(file.text) }));
  const prepared = trees.flatMap(({ text, tree }) => (tree ? [{ text, tree, model: lowerPython(tree.rootNode, text) }] : []));
  const times = { parse: [] as number[], lower: [] as number[], rules: [] as number[], suppression: [] as number[] };
  for (let run = 0; run <= runs; run++) {
    const parse = timed(() => prepared.forEach(({ text }) => parser.parse(text)?.delete()));
    const lower = timed(() => prepared.forEach(({ text, tree }) => lowerPython(tree.rootNode, text)));
    const ruleTime = timed(() => prepared.forEach(({ text, model }) => runModelRules(model, text, defaultSettings, rules)));
    const suppression = timed(() => prepared.forEach(({ text, tree }) => pythonSuppressions(tree.rootNode, text)));
    if (run === 0) continue; // warm-up
    times.parse.push(parse);
    times.lower.push(lower);
    times.rules.push(ruleTime);
    times.suppression.push(suppression);
  }
  const lines = corpus.reduce((sum, file) => sum + file.lines, 0);
  const parse = median(times.parse);
  console.log(`corpus: ${corpus.length} files, ${lines} lines (seed ${seed}), ${rules.length} rules, median of ${runs} runs`);
  for (const [name, values] of Object.entries(times)) {
    const value = median(values);
    console.log(`${name.padEnd(12)} ${value.toFixed(1).padStart(8)} ms  ${((value / parse) * 100).toFixed(1).padStart(6)}% of parse`);
  }
}

function timed(action: () => void): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

void main();
