// foreachBatch with a continuous trigger.

import type { Fix } from '../analysis/types';
import type { Span } from '../model/span';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'foreach-batch-continuous',
  code: 'WP809',
  severity: 'error',
  summary: 'foreachBatch cannot run with a continuous trigger',
  sparkVersions: '2.4+',
  fixSafety: 'unsafe',
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

The fix replaces \`continuous=<interval>\` with \`processingTime=<interval>\`
(in Scala \`Trigger.Continuous(...)\` with \`Trigger.ProcessingTime(...)\`),
keeping the interval. It is unsafe: the query then runs micro-batches, with
latency of the order of a batch instead of milliseconds, and \`foreachBatch\`
delivers at-least-once per batch where continuous processing delivered each
row as it came; the interval meant a checkpoint interval before and means a
batch interval now.

## References

- [Structured Streaming Programming Guide: foreachBatch](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#foreachbatch)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, spelling, report }) {
    for (const writer of query.model.writers) {
      if (!writer.foreachBatch || writer.trigger?.kind !== 'continuous') continue;
      report({
        span: writer.trigger.span,
        message: `foreachBatch with a continuous trigger: start() fails with "'foreachBatch' is not supported with continuous trigger"; use a micro-batch trigger (${spelling.triggerName('processingTime')} or ${spelling.triggerName('availableNow')}), or foreach to keep continuous processing`,
        related: [{ span: writer.foreachBatch.handler.span, message: 'the foreachBatch function' }],
        fixes: spelling.language === 'scala' ? scalaProcessingTimeFixes(text, writer.trigger.span) : processingTimeFixes(text, writer.trigger.span),
      });
    }
  },
};

/** `trigger(continuous="1 second")` → `trigger(processingTime="1 second")`. */
function processingTimeFixes(text: string, span: Span): readonly Fix[] {
  const keyword = /\bcontinuous(?=\s*=)/.exec(text.slice(span.start, span.end));
  if (!keyword) return [];
  const start = span.start + keyword.index;
  return [{ title: 'Use a processingTime trigger with the same interval', safety: 'unsafe', edits: () => [{ span: { start, end: start + 'continuous'.length }, newText: 'processingTime' }] }];
}

/** `Trigger.Continuous("1 second")` → `Trigger.ProcessingTime("1 second")`: both take the same interval forms (a string, milliseconds, a duration, a value and a unit). */
function scalaProcessingTimeFixes(text: string, span: Span): readonly Fix[] {
  const factory = /\bTrigger\s*\.\s*Continuous(?=\s*\()/.exec(text.slice(span.start, span.end));
  if (!factory) return [];
  const start = span.start + factory.index;
  const end = start + factory[0].length;
  return [{ title: 'Use Trigger.ProcessingTime with the same interval', safety: 'unsafe', edits: () => [{ span: { start, end }, newText: 'Trigger.ProcessingTime' }] }];
}
