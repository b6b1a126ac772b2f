// `.writeStream` on a batch DataFrame, including the batch of a foreachBatch handler.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'batch-writestream',
  code: 'WP104',
  severity: 'error',
  summary: 'writeStream on a batch DataFrame (spark.read, a foreachBatch batch) fails: use write, or read with readStream',
  sparkVersions: 'all (error class WRITE_STREAM_NOT_ALLOWED since 3.5)',
  fixSafety: null,
  doc: `## What it does

Flags \`.writeStream\` on a DataFrame that is known to be a batch: one built
from \`spark.read\`, \`spark.table\`, \`createDataFrame\`, and the batch
DataFrame a \`foreachBatch\` handler receives.

## Why is this bad?

Only a streaming DataFrame has a stream writer: Spark fails at the call with
*\`writeStream\` can be called only on streaming Dataset/DataFrame.* (error
class \`WRITE_STREAM_NOT_ALLOWED\`). Inside \`foreachBatch\` each micro-batch
is a plain batch DataFrame.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")

def save(batch, batch_id):
    batch.writeStream.format("delta").start("/out/events")

events.writeStream.foreachBatch(save).option("checkpointLocation", "/chk/events").start()
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")

def save(batch, batch_id):
    (batch.write.format("delta").mode("append")
        .option("txnAppId", "events-copy").option("txnVersion", batch_id).save("/out/events"))

events.writeStream.foreachBatch(save).option("checkpointLocation", "/chk/events").start()
\`\`\`

Outside \`foreachBatch\`, read the input with \`spark.readStream\` when it
should be a stream.

## Fix safety

No fix is offered.

## References

- [Spark error conditions: WRITE_STREAM_NOT_ALLOWED](https://spark.apache.org/docs/latest/sql-error-conditions.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const writer of query.model.writers) {
      const input = query.node(writer.input);
      if (!input || !query.isBatch(writer.input)) continue;
      const inHandler = input.kind === 'opaque' && input.reason === 'foreachBatch';
      const instead = inHandler || query.inForeachBatchHandler(input)
        ? 'each micro-batch is a batch DataFrame: write it with batch.write...mode("append").save(path)'
        : 'read the input with spark.readStream to make it a stream, or write the batch with .write';
      report({
        span: writer.writeStreamSpan,
        message: `writeStream on a batch DataFrame: Spark fails with "\`writeStream\` can be called only on streaming Dataset/DataFrame."; ${instead}`,
      });
    }
  },
};
