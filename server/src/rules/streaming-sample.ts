// `sample` / `randomSplit` / `sampleBy` on a stream.

import type { Fix, TextEdit } from '../analysis/types';
import { functionsModule } from '../fixes/functions-module';
import type { OpNode } from './query';
import { scalaFunctionsQualifier } from '../fixes/scala-functions';
import type { Rule, RuleMeta } from './rule';
import type { Language } from './spelling';

export const meta: RuleMeta = {
  id: 'streaming-sample',
  code: 'WP307',
  severity: 'error',
  summary: 'sample and randomSplit are not supported on streams: filter on F.rand() instead',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`sample(...)\`, \`randomSplit(...)\` and \`sampleBy(...)\` on a
streaming DataFrame.

## Why is this bad?

Spark's sampling operator is not supported in streaming plans; \`start()\`
fails with *Sampling is not supported on streaming DataFrames/Datasets*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
sampled = events.sample(0.1)
\`\`\`

## Use instead

A per-row Bernoulli filter keeps the same expected rate:

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
sampled = events.filter(F.rand() < 0.1)
\`\`\`

## Fix safety

For \`sample(fraction)\` (and \`sample(False, fraction)\`, with or without a seed)
the fix writes \`.filter(F.rand() < fraction)\`, using the file's name for
\`pyspark.sql.functions\` (in Scala \`.filter(rand() < fraction)\` where the
file imports \`org.apache.spark.sql.functions._\`). It is unsafe: a different random subset is kept,
and the seed is dropped on purpose: \`F.rand(seed)\` restarts the same
sequence in every micro-batch, so the same row positions would be kept each
batch. A Python file that does not import the functions module under a name
gets \`from pyspark.sql import functions as F\` below its imports.
Sampling with replacement, \`randomSplit\` and \`sampleBy\` get no fix, nor
does a Scala file that imports neither all of the functions nor the
\`functions\` object.

## References

- Spark source: \`UnsupportedOperationChecker\` (Sample)
`,
};

const samplingMethods = new Set(['sample', 'randomSplit', 'sampleBy', 'stat.sampleBy']);

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, spelling, report }) {
    for (const node of query.ops('other')) {
      if (!samplingMethods.has(node.op.method) || !query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      report({
        span: node.callSpan,
        message: `${node.op.method}() on a streaming DataFrame: start() fails with "Sampling is not supported on streaming DataFrames/Datasets"; keep each row with a probability instead, e.g. filter(${spelling.call('rand')} < fraction)`,
        fixes: node.op.method === 'sample' ? randomFilterFixes(text, node, functionsPrefix(text, spelling.language, node.callSpan.start)) : [],
      });
    }
  },
};

/**
 * `.sample(f)` → `.filter(F.rand() < f)`; the fraction as written, the seed
 * dropped (see Fix safety). `functions` is what the file writes before a
 * function's name: `F.` for the Python module, `''` or `functions.` in Scala,
 * with the import line a Python file needs for it.
 */
function randomFilterFixes(text: string, node: OpNode<'other'>, reference: { readonly prefix: string; readonly imports: () => readonly TextEdit[] } | null): readonly Fix[] {
  if (reference === null) return [];
  const functions = reference.prefix;
  const { args, kwargs } = node.op;
  const replacement = kwargs['withReplacement'] ?? (args[0]?.kind === 'literal' && typeof args[0].value === 'boolean' ? args[0] : undefined);
  if (replacement && !(replacement.kind === 'literal' && replacement.value === false)) return [];
  const positional = replacement && !kwargs['withReplacement'] ? args.slice(1) : args;
  const fraction = kwargs['fraction'] ?? positional[0];
  if (!fraction || fraction.kind !== 'literal' || typeof fraction.value !== 'number') return [];
  const call = `.filter(${functions}rand() < ${text.slice(fraction.span.start, fraction.span.end)})`;
  if (text.charAt(node.callSpan.start) !== '.') return [];
  return [{ title: `Keep each row with probability ${fraction.value}: ${call.slice(1)}`, safety: 'unsafe', edits: () => [...reference.imports(), { span: node.callSpan, newText: call }] }];
}

function functionsPrefix(text: string, language: Language, offset: number): { readonly prefix: string; readonly imports: () => readonly TextEdit[] } | null {
  if (language === 'scala') {
    const qualifier = scalaFunctionsQualifier(text);
    return qualifier === null ? null : { prefix: qualifier, imports: () => [] };
  }
  const module = functionsModule(text, offset);
  return module === null ? null : { prefix: `${module.name}.`, imports: module.imports };
}
