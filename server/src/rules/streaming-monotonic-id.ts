// `monotonically_increasing_id()` in a streaming plan.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'streaming-monotonic-id',
  code: 'WP308',
  severity: 'error',
  summary: 'monotonically_increasing_id() is not supported on streams: use uuid() or a key from the data',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`F.monotonically_increasing_id()\` (or the SQL function in
\`F.expr\`/\`selectExpr\`) in an operation on a streaming DataFrame.

## Why is this bad?

The ids depend on the partition layout of one job and would repeat across
micro-batches; \`start()\` fails with *Expression(s):
monotonically_increasing_id() is not supported with streaming
DataFrames/Datasets*.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
keyed = events.withColumn("row_id", F.monotonically_increasing_id())
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
keyed = events.withColumn("row_id", F.expr("uuid()"))
\`\`\`

For Kafka input, \`concat_ws("-", topic, partition, offset)\` is a
deterministic key.

## Fix safety

No fix is offered.

## References

- Spark source: \`UnsupportedOperationChecker\` (MonotonicallyIncreasingID)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    const uses = [
      ...query.calls('monotonically_increasing_id').filter((use) => use.expr.namespace === 'functions'),
      ...query.sqlExprs().filter((use) => /\bmonotonically_increasing_id\s*\(/i.test(use.expr.text)),
    ];
    for (const { node, expr } of uses) {
      if (!query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      report({
        span: expr.span,
        message: 'monotonically_increasing_id() on a streaming DataFrame: its ids depend on one job\'s partitions and would repeat across micro-batches, and start() fails with "Expression(s): monotonically_increasing_id() is not supported with streaming DataFrames/Datasets"; use F.expr("uuid()") or a key from the data (for Kafka: topic, partition and offset)',
      });
    }
  },
};
