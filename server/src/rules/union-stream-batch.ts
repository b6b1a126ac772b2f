// `union` / `unionAll` / `unionByName` of a stream with a batch DataFrame.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'union-stream-batch',
  code: 'WP309',
  severity: 'error',
  summary: 'A stream cannot be unioned with a batch DataFrame',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`union\`, \`unionAll\` and \`unionByName\` where one side is known to
be streaming and another known to be a batch.

## Why is this bad?

A micro-batch would have to re-read the batch side every trigger and emit it
again; Spark refuses the plan at \`start()\` with *Union between streaming
and batch DataFrames/Datasets is not supported*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
backfill = spark.read.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/backfill")
both = events.union(backfill)
\`\`\`

## Use instead

Read the other side as a stream too:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
backfill = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/backfill")
both = events.union(backfill)
both.writeStream.format("delta").option("checkpointLocation", "/chk/both").start("/out/both")
\`\`\`

## Fix safety

No fix is offered. The usual cure, reading the batch side with
\`readStream\` too, needs a streaming source for it (a file or Delta
table, its schema), which the code does not say. A union inside
\`foreachBatch\` changes the meaning: every micro-batch would emit the whole
batch side again, so the sink gets it once per trigger.

## References

- Spark source: \`UnsupportedOperationChecker\` (Union)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const node of query.model.nodes) {
      if (node.kind !== 'union' || query.inForeachBatchHandler(node)) continue;
      const streaming = node.inputs.some((input) => query.isStreaming(input));
      const batch = node.inputs.some((input) => query.isBatch(input));
      if (!streaming || !batch) continue;
      report({
        span: node.callSpan,
        message: `${node.method}() of a stream with a batch DataFrame: start() fails with "Union between streaming and batch DataFrames/Datasets is not supported"; read the batch side with readStream as well (a file or Delta source), or union inside foreachBatch`,
      });
    }
  },
};
