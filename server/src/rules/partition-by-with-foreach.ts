// partitionBy on a writer that hands rows to foreach or foreachBatch.

import { insertBeforeStep, removeStep } from '../fixes/chain-edit';
import type { Fix, TextEdit } from '../analysis/types';
import type { PipelineModel, StreamWriter } from '../model/pipeline';
import { isInlineBlock } from './foreach-batch-handler';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'partition-by-with-foreach',
  code: 'WP805',
  severity: 'error',
  summary: 'foreach and foreachBatch writers do not support partitionBy',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
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

With \`foreachBatch\`, when the function is defined in the file (on Scala, a
\`def\` or a block passed inline) and writes the batch once with
\`batch.write\`, the fix moves the partitioning there: it
removes \`.partitionBy(...)\` from the stream writer and adds it before the
batch write's \`save\`/\`saveAsTable\`. With \`foreach\` it removes the call.
Both are unsafe: the query then starts where it failed, and a function
that writes elsewhere, or several times, gets no partitioning unless it adds
its own.

## References

- [Structured Streaming Programming Guide: foreachBatch](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#foreachbatch)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const writer of query.model.writers) {
      if (!writer.partitionBy) continue;
      const sink = writer.foreachBatch ? 'foreachBatch' : writer.foreach ? 'foreach' : null;
      if (sink === null) continue;
      report({
        span: writer.partitionBy.span,
        message: `partitionBy on a ${sink} writer: start() fails with "'${sink}' does not support partitioning"; remove it and partition in the batch writer inside the function (batch.write.partitionBy(...))`,
        fixes: movePartitioningFixes(text, query.model, writer),
      });
    }
  },
};

/** Moves `.partitionBy(...)` from the stream writer into the handler's one batch write (foreachBatch), or removes it (foreach). */
function movePartitioningFixes(text: string, model: PipelineModel, writer: StreamWriter): readonly Fix[] {
  const partitioning = writer.partitionBy;
  if (!partitioning) return [];
  const call = /^\.\s*partitionBy\s*\(([\s\S]*)\)$/.exec(text.slice(partitioning.span.start, partitioning.span.end));
  if (!call) return [];
  const remove = (): readonly TextEdit[] => removeStep(text, partitioning.span);
  if (writer.foreach) return [{ title: 'Remove .partitionBy()', safety: 'unsafe', edits: remove }];
  const handler = writer.foreachBatch?.function;
  if (!handler) return [];
  // A Scala block passed inline is named `lambda` like every other: its own writes are those inside it.
  const inline = model.functions.find((fn) => fn.name === handler && writer.span.start <= fn.span.start && fn.span.end <= writer.span.end && isInlineBlock(fn, text))?.span ?? null;
  const writes = model.batchWriters.filter((write) => write.scope === handler && write.terminal !== null && (inline === null || (inline.start <= write.span.start && write.span.end <= inline.end)));
  const write = writes[0];
  const terminal = write?.terminal;
  if (writes.length !== 1 || !write || !terminal || write.method !== 'write' || text.charAt(terminal.span.start) !== '.') return [];
  if (/\.\s*partitionBy\s*\(/.test(text.slice(write.span.start, write.span.end))) return [];
  return [
    {
      title: inline === null ? `Partition in ${handler}'s batch write instead` : "Partition in the foreachBatch block's batch write instead",
      safety: 'unsafe',
      edits: () => [...remove(), insertBeforeStep(text, terminal.span.start, `.partitionBy(${(call[1] ?? '').trim()})`)],
    },
  ];
}
