// `rollup` / `cube` / `GROUPING SETS` on a stream.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'streaming-grouping-sets',
  code: 'WP302',
  severity: 'error',
  summary: 'rollup, cube and GROUPING SETS are not supported on streams',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`rollup(...)\` and \`cube(...)\` on a streaming DataFrame, and
\`GROUPING SETS\`/\`ROLLUP\`/\`CUBE\` in \`spark.sql\` over a streaming view.

## Why is this bad?

Spark's streaming aggregation has one set of grouping keys; \`start()\` fails
with *Grouping Sets is not supported on streaming DataFrames/Datasets*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
totals = events.rollup("id", "value").count()
\`\`\`

## Use instead

One \`groupBy\` per grouping set, each its own query (or compute the rollup
per micro-batch inside \`foreachBatch\`):

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
marked = events.withWatermark("timestamp", "10 minutes")
per_id = marked.groupBy(F.window("timestamp", "1 hour"), "id").count()
per_id.writeStream.format("delta").option("checkpointLocation", "/chk/per-id").start("/out/per-id")
\`\`\`

## Fix safety

No fix is offered.

## References

- Spark source: \`UnsupportedOperationChecker\` (GroupingSets)
`,
};

const sparkMessage = 'Grouping Sets is not supported on streaming DataFrames/Datasets';

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const aggregation of query.ops('aggregate')) {
      const grouping = aggregation.op.grouping;
      if ((grouping !== 'rollup' && grouping !== 'cube') || !query.isStreaming(aggregation.input) || query.inForeachBatchHandler(aggregation)) continue;
      report({
        span: aggregation.op.groupSpan,
        message: `${grouping}() on a streaming DataFrame: a streaming aggregation has one set of grouping keys and start() fails with "${sparkMessage}"; run one groupBy per grouping set as separate queries, or compute the ${grouping} per micro-batch inside foreachBatch`,
      });
    }
    for (const node of query.model.nodes) {
      if (node.kind !== 'source' || node.source.api !== 'sql' || node.streaming !== 'streaming' || !node.source.sql) continue;
      const text = node.source.sql.value.kind === 'string' ? node.source.sql.value.value : '';
      const match = /\b(grouping\s+sets|rollup|cube)\s*\(/i.exec(text) ?? /\bwith\s+(rollup|cube)\b/i.exec(text);
      if (!match) continue;
      report({
        span: node.source.sql.span,
        message: `${(match[1] ?? '').toUpperCase()} over a streaming view: a streaming aggregation has one set of grouping keys and start() fails with "${sparkMessage}"; run one GROUP BY per grouping set as separate queries`,
      });
    }
  },
};
