// A join of two streams written in Update or Complete mode.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { outputModeFix } from '../fixes/output-mode-fix';
import type { NodeId } from '../model/pipeline';
import type { ModelQuery } from './query';
import type { Rule, RuleMeta } from './rule';
import { streamStreamJoins } from './stream-stream-join';

export const meta: RuleMeta = {
  id: 'stream-stream-join-non-append',
  code: 'WP501',
  severity: 'error',
  summary: 'A join between two streams only runs in Append output mode',
  sparkVersions: '2.3+',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a join whose two sides are both streaming when a query it flows into
is written with \`outputMode("update")\` or \`outputMode("complete")\`.

## Why is this bad?

Spark emits a stream-stream join's rows once, when they match (or, for outer
joins, when the watermark closes them): it cannot update or re-emit them.
\`start()\` fails with *Join between two streaming DataFrames/Datasets is not
supported in Update output mode, only in Append output mode*.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
clicks = spark.readStream.format("kafka").option("subscribe", "clicks").load().select(F.col("key").alias("clickAd"), F.col("timestamp").alias("clicked"))
views = spark.readStream.format("kafka").option("subscribe", "views").load().select(F.col("key").alias("ad"), F.col("timestamp").alias("viewed"))
joined = views.withWatermark("viewed", "1 hour").join(clicks.withWatermark("clicked", "1 hour"), F.expr("ad = clickAd"))
joined.writeStream.outputMode("update").format("delta").option("checkpointLocation", "/chk/joined").start("/out/joined")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
clicks = spark.readStream.format("kafka").option("subscribe", "clicks").load().select(F.col("key").alias("clickAd"), F.col("timestamp").alias("clicked"))
views = spark.readStream.format("kafka").option("subscribe", "views").load().select(F.col("key").alias("ad"), F.col("timestamp").alias("viewed"))
joined = views.withWatermark("viewed", "1 hour").join(
    clicks.withWatermark("clicked", "1 hour"),
    F.expr("ad = clickAd AND clicked BETWEEN viewed AND viewed + interval 1 hour"))
joined.writeStream.outputMode("append").format("delta").option("checkpointLocation", "/chk/joined").start("/out/joined")
\`\`\`

When an aggregation follows the join, Append mode needs a watermark on the
aggregation's time key as well (Spark 3.5+), or split the pipeline into two
queries.

## Fix safety

The fix writes \`"append"\` where the query names \`"update"\` or
\`"complete"\`. It is unsafe: the query then starts where it failed, and each
joined row is written once, and a sink that was upserting changed rows now
receives each row once. No fix is offered when an aggregation follows the
join: in Append mode it would need a watermark of its own, so split the
pipeline instead.

## References

- [Structured Streaming Programming Guide: support matrix for joins](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#support-matrix-for-joins-in-streaming-queries)
- [Structured Streaming Programming Guide: output modes](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-modes)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    for (const join of streamStreamJoins(query)) {
      const modes = new Set<string>();
      for (const writer of query.writersOf(join.id)) {
        const mode = query.outputMode(writer);
        if (mode === 'update' || mode === 'complete') modes.add(mode);
      }
      for (const mode of modes) {
        const name = mode === 'update' ? 'Update' : 'Complete';
        const spark = isAtLeast(sparkVersion, 2, 4)
          ? `Join between two streaming DataFrames/Datasets is not supported in ${name} output mode, only in Append output mode`
          : `Inner join between two streaming DataFrames/Datasets is not supported in ${name} output mode, only in Append output mode`;
        report({
          span: join.callSpan,
          message: `Join of two streams written in ${name} mode: on Spark ${formatSparkVersion(sparkVersion)} start() fails with "${spark}"; write the query with outputMode("append"), or split it into two queries if an aggregation follows`,
          sparkVersion,
          fixes: query
            .writersOf(join.id)
            // After an aggregation, Append needs a watermark on its keys too: splitting the query is the fix, not the mode.
            .filter((writer) => query.outputMode(writer) === mode && !aggregates(query, writer.input))
            .map((writer) => outputModeFix(text, writer, 'append', 'unsafe'))
            .filter((fix) => fix !== null),
        });
      }
    }
  },
};

/** Whether a streaming aggregation is among `id` and its inputs. */
function aggregates(query: ModelQuery, id: NodeId): boolean {
  return query.ops('aggregate').some((aggregation) => query.lineage(id).has(aggregation.id) && query.isStreaming(aggregation.id));
}
