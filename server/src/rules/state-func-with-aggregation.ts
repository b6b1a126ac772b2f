// A stateful function combined with a streaming aggregation in a way Spark rejects.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import type { Rule, RuleMeta } from './rule';
import { functionMode, queriesOf, queryHasAggregation, streamingAggregationsIn, streamingStatefulFunctions } from './stateful-function';

export const meta: RuleMeta = {
  id: 'state-func-with-aggregation',
  code: 'WP606',
  severity: 'error',
  summary: 'A stateful function in update mode cannot share a query with an aggregation, and one in append mode cannot follow one',
  sparkVersions: '2.2+ (flatMapGroupsWithState; after aggregation: < 3.4), 3.4+ (applyInPandasWithState)',
  fixSafety: null,
  doc: `## What it does

Flags \`applyInPandasWithState\` (PySpark) and \`flatMapGroupsWithState\`
(Scala) in update mode in a query that also has a streaming aggregation, and
in append mode placed after a streaming aggregation (for
\`flatMapGroupsWithState\` only before Spark 3.4, where the correctness
check took over).

## Why is this bad?

A stateful function in update mode re-emits rows for the same key, which an
aggregation downstream would count twice; one placed after an aggregation
receives rows the aggregation may still change. \`start()\` fails with
*applyInPandasWithState in update mode is not supported with aggregation on
a streaming DataFrame/Dataset* or *applyInPandasWithState in append mode is
not supported after aggregation on a streaming DataFrame/Dataset* (the same
with \`flatMapGroupsWithState\`).

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))


def sessionize(key, batches, state):
    yield from batches


sessions = events.groupBy("device").applyInPandasWithState(sessionize, "device string, n long", "n long", "update", "NoTimeout")
totals = sessions.groupBy("device").agg(F.sum("n").alias("total"))
totals.writeStream.outputMode("update").format("kafka").option("topic", "totals").option("checkpointLocation", "/chk/totals").start()
\`\`\`

## Use instead

Use the function's append mode, emit each session once when it closes, and
aggregate after it:

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))


def sessionize(key, batches, state):
    yield from batches


sessions = events.groupBy("device").applyInPandasWithState(sessionize, "device string, n long, ended timestamp", "n long", "append", "NoTimeout")
totals = (sessions.withWatermark("ended", "10 minutes")
          .groupBy(F.window("ended", "1 hour"), "device").agg(F.sum("n").alias("total")))
totals.writeStream.format("kafka").option("topic", "totals").option("checkpointLocation", "/chk/totals").start()
\`\`\`

Or split the pipeline into two queries through an intermediate sink.

## Fix safety

No fix is offered: the rewrite changes what the function emits.

## References

- [Structured Streaming Programming Guide: output modes](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-modes)
- Spark's \`UnsupportedOperationChecker\` (flatMapGroupsWithState and applyInPandasWithState checks)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, report }) {
    const on = `on Spark ${formatSparkVersion(sparkVersion)}`;
    for (const node of streamingStatefulFunctions(query)) {
      const method = node.op.method;
      if (method !== 'flatMapGroupsWithState' && method !== 'applyInPandasWithState') continue;
      if (method === 'applyInPandasWithState' && !isAtLeast(sparkVersion, 3, 4)) continue;
      const own = functionMode(node);
      if (own === 'update') {
        if (!queriesOf(query, node).some(({ writer }) => queryHasAggregation(query, writer))) continue;
        report({
          span: node.op.outputMode?.span ?? node.callSpan,
          message: `${method} in update mode in a query with a streaming aggregation: ${on} start() fails with "${method} in update mode is not supported with aggregation on a streaming DataFrame/Dataset"; use the operator's "append" mode and aggregate after it, or split the query in two`,
          sparkVersion,
        });
      } else if (own === 'append') {
        const before = streamingAggregationsIn(query, node.input);
        const first = before[before.length - 1];
        if (!first) continue;
        if (method === 'flatMapGroupsWithState' && isAtLeast(sparkVersion, 3, 4)) continue;
        report({
          span: node.callSpan,
          message: `${method} in append mode after a streaming aggregation: ${on} start() fails with "${method} in append mode is not supported after aggregation on a streaming DataFrame/Dataset"; move the aggregation after the stateful function, or split the query in two`,
          sparkVersion,
          related: [{ span: first.op.groupSpan, message: 'the streaming aggregation before it' }],
        });
      }
    }
  },
};
