// A foreachBatch function that writes without using the batch id.

import type { BatchWriter, FunctionDef, PipelineModel } from '../model/pipeline';
import { foreachBatchHandlers, isInlineBlock } from './foreach-batch-handler';
import { findOption } from './query';
import { insertBeforeStep, pythonString } from '../fixes/chain-edit';
import type { Fix } from '../analysis/types';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'foreach-batch-non-idempotent-write',
  code: 'WP811',
  severity: 'warning',
  summary: 'foreachBatch is at-least-once: a function that writes without using the batch id writes replayed batches twice',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags the writes of a \`foreachBatch\` function that are not idempotent: a
Delta write without both \`txnAppId\` and \`txnVersion\` options, and any
other write in a function that never reads its second parameter, the batch
id. Writes with \`mode("overwrite")\` are idempotent and not flagged.

## Why is this bad?

After a failure Spark runs the last batch again with the same id;
\`foreachBatch\` itself guarantees only at-least-once delivery. A write that
does not use the id to make itself idempotent appends the replayed rows a
second time.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def write_batch(batch, batch_id):
    batch.write.format("delta").mode("append").save("/out/events")


events.writeStream.foreachBatch(write_batch).option("checkpointLocation", "/chk/events").start()
\`\`\`

## Use instead

For Delta, the idempotent-write options (both are required together); for
other sinks an upsert keyed on the batch id or a natural key:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def write_batch(batch, batch_id):
    (batch.write.format("delta")
     .option("txnAppId", "events_to_delta").option("txnVersion", batch_id)
     .mode("append").save("/out/events"))


events.writeStream.foreachBatch(write_batch).option("checkpointLocation", "/chk/events").start()
\`\`\`

## Fix safety

For a Delta write, the fix adds the missing \`.option("txnAppId", "<id>")\` and
\`.option("txnVersion", <batch id>)\` before the write's \`save\`/\`saveAsTable\`,
the id being the handler function's name (for a Scala block passed inline,
\`foreachBatch { (batch: DataFrame, batchId: Long) => ... }\`, which has none,
the query's name, else its checkpoint location). It is unsafe: Delta then skips a
batch whose version it has recorded for that id, so the id must be unique to
this query and this table (two queries sharing the handler must pass their
own), and after a checkpoint reset the batch ids start again at 0 and every
batch is skipped until they pass the last recorded version; change the id
then. Other sinks get no fix: making them idempotent depends on the table.

## References

- [Structured Streaming Programming Guide: foreachBatch](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#foreachbatch)
- [Databricks: idempotent table writes in foreachBatch](https://docs.databricks.com/en/structured-streaming/foreach.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const use of foreachBatchHandlers(query)) {
      const batchId = use.handler.params[1];
      if (!batchId) continue;
      const idUsed = use.handler.namesUsed.includes(batchId.value);
      for (const write of use.writes) {
        // Overwriting is idempotent: a replay writes the same result again.
        if (optionText(write, 'mode') === 'overwrite') continue;
        const delta = write.format?.value.toLowerCase() === 'delta';
        if (delta) {
          if (findOption(write.options, 'txnAppId') && findOption(write.options, 'txnVersion')) continue;
          report({
            span: write.span,
            message: `Delta write in foreachBatch without txnAppId and txnVersion: foreachBatch is at-least-once, so a batch replayed after a failure is appended again; add .option("txnAppId", "<query name>").option("txnVersion", ${batchId.value}) (both, together) so Delta skips a batch it has written`,
            related: [{ span: batchId.span, message: 'the batch id' }],
            fixes: transactionFixes(text, write, applicationId(query.model, use.handler, text), batchId.value),
          });
        } else if (!idUsed) {
          report({
            span: write.span,
            message: `foreachBatch write that ignores the batch id "${batchId.value}": foreachBatch is at-least-once, so a batch replayed after a failure is written again; make the write idempotent with the batch id (or upsert on a key)`,
            related: [{ span: batchId.span, message: 'the unused batch id' }],
          });
        }
      }
    }
  },
};

function optionText(write: BatchWriter, key: string): string | null {
  const value = findOption(write.options, key)?.value.value;
  return value?.kind === 'string' ? value.value.toLowerCase() : null;
}

/**
 * The `txnAppId` the fix writes: the handler's name, or for a Scala block
 * passed inline (which has none) the name of its query, else its checkpoint
 * location: both stay the same across restarts and belong to one query.
 */
function applicationId(model: PipelineModel, handler: FunctionDef, text: string): string | null {
  if (!isInlineBlock(handler, text)) return handler.name;
  const writer = model.writers.find((candidate) => candidate.span.start <= handler.span.start && handler.span.end <= candidate.span.end);
  const queryName = writer?.queryName?.value;
  if (queryName?.kind === 'string') return queryName.value;
  const checkpoint = writer ? findOption(writer.options, 'checkpointLocation')?.value.value : undefined;
  return checkpoint?.kind === 'string' ? checkpoint.value : null;
}

/** The missing `txnAppId` / `txnVersion` options before the write's terminal call (`.save(...)`). */
function transactionFixes(text: string, write: BatchWriter, application: string | null, batchId: string): readonly Fix[] {
  const terminal = write.terminal;
  if (application === null || !terminal || text.charAt(terminal.span.start) !== '.') return [];
  const options = [
    findOption(write.options, 'txnAppId') ? '' : `.option("txnAppId", ${pythonString(application)})`,
    findOption(write.options, 'txnVersion') ? '' : `.option("txnVersion", ${batchId})`,
  ].join('');
  return [{ title: 'Add Delta txnAppId/txnVersion options so a replayed batch is skipped', safety: 'unsafe', edits: () => [insertBeforeStep(text, terminal.span.start, options)] }];
}
