// `writeStream.format("jdbc")` / `readStream.format("jdbc")`: Spark has no streaming JDBC source or sink.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'jdbc-streaming-sink-or-source',
  code: 'WP801',
  severity: 'error',
  summary: 'Spark has no streaming JDBC sink or source: write each micro-batch with foreachBatch instead',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`writeStream.format("jdbc")\` and \`readStream.format("jdbc")\`.

## Why is this bad?

The JDBC data source supports batch reads and writes only. A streaming
query that writes to it fails at \`start()\` with *Data source jdbc does not
support streamed writing*; reading a stream from it fails with *Data source
jdbc does not support streamed reading*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
(events.writeStream.format("jdbc")
    .option("url", "jdbc:postgresql://db/ops")
    .option("dbtable", "events")
    .option("checkpointLocation", "/chk/events")
    .start())
\`\`\`

## Use instead

Write each micro-batch with the batch JDBC writer inside \`foreachBatch\`.
\`foreachBatch\` is at-least-once: a batch replayed after a failure is written
again, so make the write idempotent (an upsert keyed on the batch id or on a
natural key):

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()

def write_events(batch, batch_id):
    (batch.write.format("jdbc")
        .option("url", "jdbc:postgresql://db/ops")
        .option("dbtable", "events")
        .mode("append")
        .save())

events.writeStream.foreachBatch(write_events).option("checkpointLocation", "/chk/events").start()
\`\`\`

To read a database table as a stream, capture its changes (CDC, e.g. Debezium
into Kafka) and read the topic.

## Fix safety

No fix is offered yet: the rewrite moves the writer's options into a new
function.

## References

- Jayesh Lalwani, *Whirlpools in the Stream* (Spark+AI Summit): "WHERE IS JDBC?"
- [Structured Streaming Programming Guide: output sinks](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-sinks)
- [Structured Streaming Programming Guide: foreachBatch](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#foreachbatch)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const writer of query.model.writers) {
      if (writer.format?.value.toLowerCase() !== 'jdbc') continue;
      report({
        span: writer.format.span,
        message:
          'Streaming write to JDBC: Spark has no streaming JDBC sink and start() fails with "Data source jdbc does not support streamed writing"; write each micro-batch with foreachBatch and batch_df.write.format("jdbc"), keeping the write idempotent',
      });
    }
    for (const node of query.model.nodes) {
      if (node.kind !== 'source' || node.source.api !== 'readStream') continue;
      const format = node.source.format;
      if (format?.value.toLowerCase() !== 'jdbc') continue;
      report({
        span: format.span,
        message:
          'Streaming read from JDBC: Spark has no streaming JDBC source and the query fails with "Data source jdbc does not support streamed reading"; stream the table\'s changes through CDC (e.g. Debezium into Kafka), or read it as a batch with spark.read',
      });
    }
  },
};
