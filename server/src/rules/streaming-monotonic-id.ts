// `monotonically_increasing_id()` in a streaming plan.

import { operationExprs, walkExpr } from './expr';
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
  check({ query, text, report }) {
    // Every way to write the function spells its name: skip the expression walk when the file never does.
    if (!text.includes('monotonically_increasing_id')) return;
    for (const node of query.model.nodes) {
      if (node.kind !== 'op' || !query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      for (const top of operationExprs(node.op)) {
        walkExpr(top, (inner) => {
          const found =
            (inner.kind === 'call' && inner.namespace === 'functions' && inner.name === 'monotonically_increasing_id') ||
            (inner.kind === 'sql' && /\bmonotonically_increasing_id\s*\(/i.test(inner.text));
          if (!found) return;
          report({
            span: inner.span,
            message: 'monotonically_increasing_id() on a streaming DataFrame: its ids depend on one job\'s partitions and would repeat across micro-batches, and start() fails with "Expression(s): monotonically_increasing_id() is not supported with streaming DataFrames/Datasets"; use F.expr("uuid()") or a key from the data (for Kafka: topic, partition and offset)',
          });
        });
      }
    }
  },
};
