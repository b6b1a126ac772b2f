// A left anti join whose right side is a stream.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import type { Rule, RuleMeta } from './rule';
import { joinType, streamStreamJoins } from './stream-stream-join';

export const meta: RuleMeta = {
  id: 'stream-stream-left-anti',
  code: 'WP504',
  severity: 'error',
  summary: 'A left anti join between two streams is not supported',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`join(..., how="left_anti")\` (or \`anti\`, \`leftanti\`) when both
sides are streaming.

## Why is this bad?

An anti join emits a left row when no right row matches; with a streaming
right side a match can always arrive later, and Spark has no stream-stream
anti join. \`start()\` fails with *LeftAnti joins with a streaming
DataFrame/Dataset on the right are not supported*.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
orders = spark.readStream.format("kafka").option("subscribe", "orders").load().select(F.col("key").alias("order"), F.col("timestamp").alias("ordered"))
payments = spark.readStream.format("kafka").option("subscribe", "payments").load().select(F.col("key").alias("paid"), F.col("timestamp").alias("paidAt"))
unpaid = orders.join(payments, F.expr("order = paid"), "left_anti")
unpaid.writeStream.format("delta").option("checkpointLocation", "/chk/unpaid").start("/out/unpaid")
\`\`\`

## Use instead

A left outer join with watermarks and a time bound, keeping the rows where
the right side is null (they are emitted once the watermark passes the
bound):

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
orders = spark.readStream.format("kafka").option("subscribe", "orders").load().select(F.col("key").alias("order"), F.col("timestamp").alias("ordered"))
payments = spark.readStream.format("kafka").option("subscribe", "payments").load().select(F.col("key").alias("paid"), F.col("timestamp").alias("paidAt"))
matched = orders.withWatermark("ordered", "1 hour").join(
    payments.withWatermark("paidAt", "1 hour"),
    F.expr("order = paid AND paidAt BETWEEN ordered AND ordered + interval 1 day"),
    "left_outer")
unpaid = matched.where(F.col("paid").isNull())
unpaid.writeStream.format("delta").option("checkpointLocation", "/chk/unpaid").start("/out/unpaid")
\`\`\`

## Fix safety

No fix is offered: the rewrite needs watermark delays and a time bound only
the author knows.

## References

- [Structured Streaming Programming Guide: support matrix for joins](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#support-matrix-for-joins-in-streaming-queries)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, report }) {
    for (const join of streamStreamJoins(query)) {
      if (joinType(join) !== 'left_anti') continue;
      const spark = isAtLeast(sparkVersion, 3, 1)
        ? 'LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported'
        : 'Left semi/anti joins with a streaming DataFrame/Dataset on the right are not supported';
      report({
        span: join.how?.span ?? join.callSpan,
        message: `Left anti join of two streams: on Spark ${formatSparkVersion(sparkVersion)} start() fails with "${spark}"; use a left outer join with watermarks and a time bound and keep the rows whose right side is null`,
        sparkVersion,
      });
    }
  },
};
