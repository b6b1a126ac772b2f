// `cache()` / `persist()` / `checkpoint()` / `localCheckpoint()` on a streaming DataFrame.

import { removeParenlessStepFix } from '../fixes/remove-parenless-step-fix';
import { removeStepFix } from '../fixes/remove-step-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'stream-cache-or-checkpoint',
  code: 'WP105',
  severity: 'error',
  summary: 'cache, persist, checkpoint and localCheckpoint plan a streaming DataFrame as a batch and fail',
  sparkVersions: 'all',
  fixSafety: 'safe',
  doc: `## What it does

Flags \`cache()\`, \`persist()\`, \`checkpoint()\` and \`localCheckpoint()\`
on a streaming DataFrame.

## Why is this bad?

Caching builds an in-memory relation by planning the DataFrame as a batch
query, and Dataset checkpointing runs it eagerly; with a streaming source
both fail with *Queries with streaming sources must be executed with
writeStream.start()*. A stream cannot be cached as a whole anyway: it never
ends. (Observed on current releases; the DataFrame checkpoint is unrelated
to the streaming query's \`checkpointLocation\`.)

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
cached = events.cache()
\`\`\`

## Use instead

Persist each micro-batch inside \`foreachBatch\` when it is written more than
once:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")

def fan_out(batch, batch_id):
    batch.persist()
    try:
        batch.write.format("delta").mode("append").option("txnAppId", "fan-a").option("txnVersion", batch_id).save("/out/a")
        batch.write.format("delta").mode("append").option("txnAppId", "fan-b").option("txnVersion", batch_id).save("/out/b")
    finally:
        batch.unpersist()

events.writeStream.foreachBatch(fan_out).option("checkpointLocation", "/chk/fan-out").start()
\`\`\`

## Fix safety

The fix removes the \`cache()\`/\`persist()\`/\`checkpoint()\`/\`localCheckpoint()\`
step (in Scala also written without parentheses, \`events.localCheckpoint\`). It is safe: these calls only change how a batch result is computed and
kept, never which rows it holds, and on a stream they cannot work at all; the
rows the query writes are the same. Persist the batch inside \`foreachBatch\`
if several writes reuse it.

## References

- [Structured Streaming Programming Guide: foreachBatch](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#foreachbatch)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const node of query.ops('cache')) {
      if (!query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      const method = node.op.method;
      report({
        span: node.callSpan,
        message: `${method}() on a streaming DataFrame: it plans the stream as a batch query and Spark fails with "Queries with streaming sources must be executed with writeStream.start()"; remove it, and persist each micro-batch inside foreachBatch if it is written more than once`,
        fixes: [removeStepFix(text, node, [method], `Remove .${method}()`, 'safe') ?? removeParenlessStepFix(text, node, [method], `Remove .${method}`, 'safe')].filter((fix) => fix !== null),
      });
    }
  },
};
