// `.write` / `.writeTo` / `.mergeInto` on a streaming DataFrame.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'stream-batch-writer',
  code: 'WP103',
  severity: 'error',
  summary: 'A streaming DataFrame has no batch writer: use writeStream (or foreachBatch for MERGE)',
  sparkVersions: 'all (error class CALL_ON_STREAMING_DATASET_UNSUPPORTED since 3.5)',
  fixSafety: null,
  doc: `## What it does

Flags \`.write\`, \`.writeTo(...)\` and \`.mergeInto(...)\` called on a
streaming DataFrame.

## Why is this bad?

The batch writer cannot run a stream: Spark fails at the call with
*The method \`write\` can not be called on streaming Dataset/DataFrame*
(error class \`CALL_ON_STREAMING_DATASET_UNSUPPORTED\`; older releases say
the same in plain text).

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
events.write.format("delta").save("/out/events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
events.writeStream.format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

For \`saveAsTable(t)\` use \`writeStream...toTable(t)\`; for a MERGE, run it
on each micro-batch inside \`foreachBatch\`.

## Fix safety

No fix is offered: the streaming writer needs a checkpoint location only the
developer can choose.

## References

- [Spark error conditions: CALL_ON_STREAMING_DATASET_UNSUPPORTED](https://spark.apache.org/docs/latest/sql-error-conditions.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    const handlers = new Set(query.model.functions.filter((fn) => fn.isForeachBatchHandler).map((fn) => fn.name));
    for (const writer of query.model.batchWriters) {
      if (!query.isStreaming(writer.input) || (writer.scope !== null && handlers.has(writer.scope))) continue;
      const method = writer.method;
      const instead =
        method === 'mergeInto'
          ? 'run the MERGE on each micro-batch inside foreachBatch'
          : 'use writeStream with option("checkpointLocation", ...) and start(path) or toTable(name), or foreachBatch to reuse a batch writer';
      report({
        span: writer.writeSpan,
        message: `${method} on a streaming DataFrame: the batch writer cannot run a stream and Spark fails with "The method \`${method}\` can not be called on streaming Dataset/DataFrame."; ${instead}`,
      });
    }
  },
};
