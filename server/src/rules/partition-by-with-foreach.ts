// partitionBy on a writer that hands rows to foreach or foreachBatch.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'partition-by-with-foreach',
  code: 'WP805',
  severity: 'error',
  summary: 'foreach and foreachBatch writers do not support partitionBy',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`writeStream.partitionBy(...)\` on a writer that uses \`foreach(...)\`
or \`foreachBatch(...)\`.

## Why is this bad?

These sinks hand rows or batches to your code; there is no output layout
for Spark to partition. \`start()\` fails with *'foreachBatch' does not
support partitioning* (or *'foreach' does not support partitioning*).

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def write_batch(batch, batch_id):
    batch.write.format("delta").option("txnAppId", "events").option("txnVersion", batch_id).mode("append").save("/out/events")


events.writeStream.partitionBy("topic").foreachBatch(write_batch).option("checkpointLocation", "/chk/events").start()
\`\`\`

## Use instead

Partition in the batch writer inside the function:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def write_batch(batch, batch_id):
    (batch.write.format("delta").partitionBy("topic")
     .option("txnAppId", "events").option("txnVersion", batch_id).mode("append").save("/out/events"))


events.writeStream.foreachBatch(write_batch).option("checkpointLocation", "/chk/events").start()
\`\`\`

## Fix safety

No fix is offered yet.

## References

- [Structured Streaming Programming Guide: foreachBatch](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#foreachbatch)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const writer of query.model.writers) {
      if (!writer.partitionBy) continue;
      const sink = writer.foreachBatch ? 'foreachBatch' : writer.foreach ? 'foreach' : null;
      if (sink === null) continue;
      report({
        span: writer.partitionBy.span,
        message: `partitionBy on a ${sink} writer: start() fails with "'${sink}' does not support partitioning"; remove it and partition in the batch writer inside the function (batch.write.partitionBy(...))`,
      });
    }
  },
};
