// `.writeStream` on a batch DataFrame, including the batch of a foreachBatch handler.

import type { Fix } from '../analysis/types';
import type { StreamWriter } from '../model/pipeline';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'batch-writestream',
  code: 'WP104',
  severity: 'error',
  summary: 'writeStream on a batch DataFrame (spark.read, a foreachBatch batch) fails: use write, or read with readStream',
  sparkVersions: 'all (error class WRITE_STREAM_NOT_ALLOWED since 3.5)',
  fixSafety: 'unsafe',
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

Inside a \`foreachBatch\` function, the fix rewrites
\`batch.writeStream...start(path)\` as \`batch.write...mode("append").save(path)\`
(\`toTable(name)\` as \`saveAsTable(name)\`), when the chain has no trigger,
query name or output mode a batch writer would not know. It is unsafe: the
write then runs synchronously, once per micro-batch, and is at-least-once
(see foreach-batch-non-idempotent-write). Outside a handler no fix is
offered: reading the input with \`readStream\` or writing it once with
\`write\` are different programs.

## References

- [Spark error conditions: WRITE_STREAM_NOT_ALLOWED](https://spark.apache.org/docs/latest/sql-error-conditions.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const writer of query.model.writers) {
      const input = query.node(writer.input);
      if (!input || !query.isBatch(writer.input)) continue;
      const inHandler = input.kind === 'opaque' && input.reason === 'foreachBatch';
      const handled = inHandler || query.inForeachBatchHandler(input);
      const instead = handled
        ? 'each micro-batch is a batch DataFrame: write it with batch.write...mode("append").save(path)'
        : 'read the input with spark.readStream to make it a stream, or write the batch with .write';
      report({
        span: writer.writeStreamSpan,
        message: `writeStream on a batch DataFrame: Spark fails with "\`writeStream\` can be called only on streaming Dataset/DataFrame."; ${instead}`,
        fixes: handled ? batchWriteFixes(text, writer) : [],
      });
    }
  },
};

/** `.writeStream` → `.write`, `.start(p)` → `.mode("append").save(p)`, `.toTable(t)` → `.mode("append").saveAsTable(t)`, for a chain a batch writer can take as it is. */
function batchWriteFixes(text: string, writer: StreamWriter): readonly Fix[] {
  const start = writer.start;
  if (!start || writer.trigger || writer.queryName || writer.outputMode || writer.foreachBatch || writer.foreach || writer.partitionBy) return [];
  const streamWord = /^(\.\s*)writeStream$/.exec(text.slice(writer.writeStreamSpan.start, writer.writeStreamSpan.end));
  const startWord = new RegExp(`^(\\.\\s*)${start.method}(?=\\s*\\()`).exec(text.slice(start.span.start, start.span.end));
  if (!streamWord || !startWord) return [];
  const streamAt = writer.writeStreamSpan.start + (streamWord[1] ?? '').length;
  const startAt = start.span.start + (startWord[1] ?? '').length;
  const terminal = start.method === 'start' ? 'save' : 'saveAsTable';
  return [
    {
      title: `Write the micro-batch with .write...mode("append").${terminal}()`,
      safety: 'unsafe',
      edits: () => [
        { span: { start: streamAt, end: streamAt + 'writeStream'.length }, newText: 'write' },
        { span: { start: startAt, end: startAt + start.method.length }, newText: `mode("append").${terminal}` },
      ],
    },
  ];
}
