// `offset(n)` on a stream.

import { removeStepFix } from '../fixes/remove-step-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'streaming-offset',
  code: 'WP306',
  severity: 'error',
  summary: 'offset(n) is not supported on streams',
  sparkVersions: '3.4+ (DataFrame.offset arrived in 3.4)',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`offset(n)\` on a streaming DataFrame.

## Why is this bad?

Skipping the first \`n\` rows has no meaning on an unbounded, unordered
stream; \`start()\` fails with *Offset is not supported on streaming
DataFrames/Datasets*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
rest = events.offset(100)
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
rest = events.filter("value > 100")
\`\`\`

## Fix safety

The fix removes the \`offset()\` step. It is unsafe: the query then writes the
rows the offset meant to skip; filter on a column if some rows must go.

## References

- Spark source: \`UnsupportedOperationChecker\` (Offset)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const node of query.ops('other')) {
      if (node.op.method !== 'offset' || !query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      report({
        span: node.callSpan,
        message: 'offset() on a streaming DataFrame: an unbounded stream has no first rows to skip, and start() fails with "Offset is not supported on streaming DataFrames/Datasets"; filter on a column instead, or apply offset per micro-batch inside foreachBatch',
        fixes: [removeStepFix(text, node, ['offset'], 'Remove .offset()', 'unsafe')].filter((fix) => fix !== null),
      });
    }
  },
};
