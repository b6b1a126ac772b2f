// A foreachBatch function that runs several actions on its batch without persisting it.

import { foreachBatchHandlers, isInlineBlock } from './foreach-batch-handler';
import { persistBatchFix } from '../fixes/persist-batch-fix';
import { scalaPersistBatchFix } from '../fixes/persist-batch-scala';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'foreach-batch-multiple-actions-without-persist',
  code: 'WP810',
  severity: 'warning',
  summary: 'A foreachBatch function that writes its batch twice recomputes it (and reloads state) unless it persists it',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a \`foreachBatch\` function that runs two or more writes or actions on
its batch DataFrame (or DataFrames derived from it) without
\`persist()\`/\`cache()\` on it.

## Why is this bad?

Each action recomputes the batch from the source: the micro-batch is read
again and, in a stateful query, the state store is loaded again for every
action (SPARK-47329), which multiplies the batch's cost. Persisting the
batch computes it once.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def write_twice(batch, batch_id):
    batch.write.format("delta").option("txnAppId", "a").option("txnVersion", batch_id).mode("append").save("/out/a")
    batch.write.format("delta").option("txnAppId", "b").option("txnVersion", batch_id).mode("append").save("/out/b")


events.writeStream.foreachBatch(write_twice).option("checkpointLocation", "/chk/events").start()
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def write_twice(batch, batch_id):
    batch.persist()
    try:
        batch.write.format("delta").option("txnAppId", "a").option("txnVersion", batch_id).mode("append").save("/out/a")
        batch.write.format("delta").option("txnAppId", "b").option("txnVersion", batch_id).mode("append").save("/out/b")
    finally:
        batch.unpersist()


events.writeStream.foreachBatch(write_twice).option("checkpointLocation", "/chk/events").start()
\`\`\`

## Fix safety

The fix wraps the function's body: \`batch.persist()\` first, the body one
level deeper in a \`try:\`, and \`batch.unpersist()\` in a \`finally:\`. It is
unsafe: the batch is then kept in memory (spilling to disk) while the
function runs, and non-deterministic expressions (\`rand()\`, \`uuid()\`,
\`current_timestamp()\`) are computed once for all actions instead of once per
action, so writes that differed now agree. A body with a triple-quoted
string, or a header over several lines, gets no fix. On Scala the body goes
into \`try { ... } finally { batch.unpersist() }\` after \`batch.persist()\`,
in a \`def\` (a one-line \`= expression\` body becomes a block) or in a block
passed inline, \`foreachBatch { (batch: DataFrame, batchId: Long) => ... }\`.

## References

- [Structured Streaming Programming Guide: foreachBatch (write to multiple locations)](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#foreachbatch)
- [SPARK-47329: persist the batch in foreachBatch with stateful queries](https://github.com/apache/spark/pull/45432)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    const scala = query.model.language === 'scala';
    for (const use of foreachBatchHandlers(query)) {
      if (use.persisted) continue;
      const uses = [...use.writes.map((write) => write.span), ...use.actions.map((action) => action.span)].sort((a, b) => a.start - b.start);
      const [first, second] = uses;
      if (!first || !second) continue;
      report({
        span: second,
        message: `${uses.length} actions on the foreachBatch batch without persist(): each one recomputes the micro-batch, and in a stateful query reloads the state; call batch.persist() before the first and batch.unpersist() after the last (in a finally block)`,
        related: [{ span: first, message: 'the first action on the batch' }],
        fixes: [scala ? scalaPersistBatchFix(text, use.handler, isInlineBlock(use.handler, text)) : persistBatchFix(text, use.handler)].filter((fix) => fix !== null),
      });
    }
  },
};
