// `sample` / `randomSplit` / `sampleBy` on a stream.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'streaming-sample',
  code: 'WP307',
  severity: 'error',
  summary: 'sample and randomSplit are not supported on streams: filter on F.rand() instead',
  sparkVersions: 'all',
  fixSafety: null,
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

No fix is offered.

## References

- Spark source: \`UnsupportedOperationChecker\` (Sample)
`,
};

const samplingMethods = new Set(['sample', 'randomSplit', 'sampleBy', 'stat.sampleBy']);

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const node of query.ops('other')) {
      if (!samplingMethods.has(node.op.method) || !query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      report({
        span: node.callSpan,
        message: `${node.op.method}() on a streaming DataFrame: start() fails with "Sampling is not supported on streaming DataFrames/Datasets"; keep each row with a probability instead, e.g. filter(F.rand() < fraction)`,
      });
    }
  },
};
