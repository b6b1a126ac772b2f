// foreachBatch with a continuous trigger.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'foreach-batch-continuous',
  code: 'WP809',
  severity: 'error',
  summary: 'foreachBatch cannot run with a continuous trigger',
  sparkVersions: '2.4+',
  fixSafety: null,
  doc: `## What it does

Flags a writer with both \`foreachBatch(...)\` and \`trigger(continuous=...)\`.

## Why is this bad?

Continuous processing has no micro-batches to hand to the function.
\`start()\` fails with *'foreachBatch' is not supported with continuous
trigger*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def write_batch(batch, batch_id):
    batch.write.format("delta").option("txnAppId", "events").option("txnVersion", batch_id).mode("append").save("/out/events")


events.writeStream.foreachBatch(write_batch).trigger(continuous="1 second").option("checkpointLocation", "/chk/events").start()
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def write_batch(batch, batch_id):
    batch.write.format("delta").option("txnAppId", "events").option("txnVersion", batch_id).mode("append").save("/out/events")


events.writeStream.foreachBatch(write_batch).trigger(processingTime="1 minute").option("checkpointLocation", "/chk/events").start()
\`\`\`

Or keep the continuous trigger and write each row with \`foreach\`.

## Fix safety

No fix is offered: the trigger changes latency and delivery guarantees.

## References

- [Structured Streaming Programming Guide: foreachBatch](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#foreachbatch)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const writer of query.model.writers) {
      if (!writer.foreachBatch || writer.trigger?.kind !== 'continuous') continue;
      report({
        span: writer.trigger.span,
        message: `foreachBatch with a continuous trigger: start() fails with "'foreachBatch' is not supported with continuous trigger"; use a micro-batch trigger (processingTime or availableNow), or foreach to keep continuous processing`,
        related: [{ span: writer.foreachBatch.handler.span, message: 'the foreachBatch function' }],
      });
    }
  },
};
