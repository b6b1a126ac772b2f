// Async progress tracking on a query it does not support.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import type { StreamWriter } from '../model/pipeline';
import { findOption, type ModelQuery } from './query';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'async-progress-misuse',
  code: 'WP815',
  severity: 'warning',
  summary: 'asyncProgressTrackingEnabled only works for stateless queries writing to Kafka',
  sparkVersions: '3.4+',
  fixSafety: null,
  doc: `## What it does

Flags \`.option("asyncProgressTrackingEnabled", "true")\` on a writer whose
query has a stateful operator (aggregation, deduplication, stream-stream
join, stateful function) or whose sink is not Kafka.

## Why is this bad?

Async progress tracking writes offsets and commits in the background to cut
latency. Spark supports it only for stateless queries with the Kafka sink,
and gives up exactly-once delivery with it. Turning it off later can fail
with *batch x doesn't exist* unless it is first run with
\`asyncProgressTrackingCheckpointIntervalMs=0\`.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
(events.writeStream.format("delta").option("asyncProgressTrackingEnabled", "true")
 .option("checkpointLocation", "/chk/events").start("/out/events"))
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
(events.writeStream.format("kafka").option("topic", "out").option("asyncProgressTrackingEnabled", "true")
 .option("checkpointLocation", "/chk/events").start())
\`\`\`

## Fix safety

No fix is offered.

## References

- [Structured Streaming: asynchronous progress tracking](https://spark.apache.org/docs/latest/streaming/performance-tips.html#asynchronous-progress-tracking)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, report }) {
    if (!isAtLeast(sparkVersion, 3, 4)) return;
    for (const writer of query.model.writers) {
      const option = findOption(writer.options, 'asyncProgressTrackingEnabled');
      if (!option || !isTrue(option.value.value)) continue;
      const why = reason(query, writer);
      if (why === null) continue;
      report({
        span: option.span,
        message: `Async progress tracking on ${why}: on Spark ${formatSparkVersion(sparkVersion)} it is supported only for stateless queries with the Kafka sink, and it gives up exactly-once delivery; remove the option, or keep it for a stateless Kafka-to-Kafka query`,
        sparkVersion,
      });
    }
  },
};

function isTrue(value: { readonly kind: string; readonly value?: unknown }): boolean {
  return (value.kind === 'boolean' && value.value === true) || (value.kind === 'string' && String(value.value).toLowerCase() === 'true');
}

function reason(query: ModelQuery, writer: StreamWriter): string | null {
  for (const id of query.lineage(writer.input)) {
    const node = query.node(id);
    if (!node || node.streaming !== 'streaming') continue;
    if (node.kind === 'op' && (node.op.kind === 'aggregate' || node.op.kind === 'dedup' || node.op.kind === 'statefulFunction')) return 'a stateful query';
    if (node.kind === 'join' && query.isStreaming(node.left) && query.isStreaming(node.right)) return 'a stateful query';
  }
  const format = writer.foreachBatch ? 'foreachBatch' : writer.foreach ? 'foreach' : (writer.format?.value.toLowerCase() ?? 'parquet');
  return format === 'kafka' ? null : `the ${format} sink`;
}
