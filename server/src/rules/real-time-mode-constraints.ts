// Real-time mode (Spark 4.1): what the trigger allows.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import type { Fix } from '../analysis/types';
import { broadcastStaticSideFix } from '../fixes/broadcast-static-side-fix';
import { outputModeFix } from '../fixes/output-mode-fix';
import type { StreamWriter } from '../model/pipeline';
import { checkpointOf } from './checkpoint';
import { findOption, type ModelQuery } from './query';
import type { Rule, RuleMeta } from './rule';
import type { Language } from './spelling';
import { streamStaticJoins } from './stream-static-join';
import { intervalMillis } from './trigger-interval';

export const meta: RuleMeta = {
  id: 'real-time-mode-constraints',
  code: 'WP814',
  severity: 'error',
  summary: 'trigger(realTime=...) needs Spark 4.1 and a stateless Kafka query in Update mode',
  sparkVersions: '4.1+',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`trigger(realTime=...)\` when the target Spark version is before 4.1,
and from 4.1 on when the query breaks one of real-time mode's constraints:
an output mode other than Update, no checkpoint location, an interval under
5 seconds, a stateful operator (aggregation, deduplication, stream-stream
join, stateful function), \`repartition\`, a \`foreachBatch\` sink, a source
other than Kafka, a stream-static join whose static side is not broadcast,
or \`asyncProgressTrackingEnabled\`.

## Why is this bad?

Real-time mode runs long-lived tasks that process records as they arrive,
without shuffles or state. Spark rejects the query with an error class of
\`STREAMING_REAL_TIME_MODE\` (\`OUTPUT_MODE_NOT_SUPPORTED\`, \`SINK_NOT_SUPPORTED\`,
\`INPUT_STREAM_NOT_SUPPORTED\`, \`OPERATOR_OR_SINK_NOT_IN_ALLOWLIST\`,
\`ASYNC_PROGRESS_TRACKING_NOT_SUPPORTED\`) or
\`INVALID_STREAMING_REAL_TIME_MODE_TRIGGER_INTERVAL\`.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.trigger(realTime="5 minutes").format("kafka").option("topic", "out").option("checkpointLocation", "/chk/out").start()
\`\`\`

## Use instead

Before Spark 4.1 (the default target is 4.0), a micro-batch trigger:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.trigger(processingTime="1 minute").format("kafka").option("topic", "out").option("checkpointLocation", "/chk/out").start()
\`\`\`

On Spark 4.1+, keep the real-time trigger on a stateless Kafka-to-Kafka
query written with \`outputMode("update")\`.

## Fix safety

Two unsafe fixes cover the constraints that are a matter of spelling (Spark
4.1+). For an output mode other than Update, one writes
\`.outputMode("update")\`: the sink then receives changed rows instead of
only new ones (or the whole result), which its consumers must accept. For a
stream-static join without a broadcast hint, one wraps the static side in
\`F.broadcast(...)\` (with the name the file imports
\`pyspark.sql.functions\` under, else adding
\`from pyspark.sql import functions as F\` below its imports; in Scala
\`broadcast(...)\` after \`import org.apache.spark.sql.functions._\`, or
\`functions.broadcast(...)\` when the file imports the object; not offered
when a Scala file reaches the functions by no such import, or when the static
side is not a plain name):
every executor then holds the whole static table in memory, which fails or
slows the query when the table is large. The other constraints (source, sink, stateful operators, trigger
interval, checkpoint) need a design decision and get no fix.

## References

- [Structured Streaming: real-time mode](https://spark.apache.org/docs/latest/streaming/real-time-mode.html)
- [Databricks: STREAMING_REAL_TIME_MODE error class](https://docs.databricks.com/error-messages/streaming-real-time-mode-error-class.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, text, spelling, report }) {
    const on = `on Spark ${formatSparkVersion(sparkVersion)}`;
    for (const writer of query.model.writers) {
      const trigger = writer.trigger;
      if (trigger?.kind !== 'realTime' || query.isBatch(writer.input)) continue;
      if (!isAtLeast(sparkVersion, 4, 1)) {
        report({
          span: trigger.span,
          message: `Real-time trigger before Spark 4.1: ${on} there is no real-time mode and the trigger is rejected; target Spark 4.1+, or use a micro-batch trigger (${spelling.triggerName('processingTime')})`,
          sparkVersion,
        });
        continue;
      }
      const problems = violations(query, writer);
      if (problems.length === 0) continue;
      report({
        span: trigger.span,
        message: `Real-time mode constraints broken: ${on} the query is rejected with ${problems.join('; ')}; real-time mode runs stateless Kafka queries in Update mode with a checkpoint, or use a micro-batch trigger`,
        sparkVersion,
        fixes: constraintFixes(query, writer, text, spelling.language),
      });
    }
  },
};

/** Update mode for a query written in another, and a broadcast hint for each non-broadcast stream-static join it reads. */
function constraintFixes(query: ModelQuery, writer: StreamWriter, text: string, language: Language): readonly Fix[] {
  const fixes: (Fix | null)[] = [];
  const mode = query.outputMode(writer);
  if (mode !== null && mode !== 'update') fixes.push(outputModeFix(text, writer, 'update', 'unsafe'));
  const lineage = query.lineage(writer.input);
  for (const found of streamStaticJoins(query)) {
    if (lineage.has(found.join.id) && found.join.broadcast !== found.staticIs) fixes.push(broadcastStaticSideFix(text, found.join, found.staticIs, 'unsafe', language));
  }
  return fixes.filter((fix) => fix !== null);
}

function violations(query: ModelQuery, writer: StreamWriter): string[] {
  const problems: string[] = [];
  const mode = query.outputMode(writer);
  if (mode !== null && mode !== 'update') problems.push(`STREAMING_REAL_TIME_MODE.OUTPUT_MODE_NOT_SUPPORTED (${mode} mode; only update)`);
  const interval = writer.trigger?.interval ? intervalMillis(writer.trigger.interval.value) : null;
  if (interval !== null && interval < 5000) problems.push('INVALID_STREAMING_REAL_TIME_MODE_TRIGGER_INTERVAL (under 5 seconds)');
  if (checkpointOf(writer) === null && query.confs('spark.sql.streaming.checkpointLocation').length === 0) problems.push('no checkpoint location');
  if (writer.foreachBatch) problems.push('STREAMING_REAL_TIME_MODE.SINK_NOT_SUPPORTED (foreachBatch)');
  const async = findOption(writer.options, 'asyncProgressTrackingEnabled');
  if (async && /^true$/i.test(async.value.value.kind === 'string' ? async.value.value.value : String(async.value.value.kind === 'boolean' && async.value.value.value))) {
    problems.push('STREAMING_REAL_TIME_MODE.ASYNC_PROGRESS_TRACKING_NOT_SUPPORTED');
  }
  const lineage = query.lineage(writer.input);
  const operators = new Set<string>();
  for (const id of lineage) {
    const node = query.node(id);
    if (!node || node.streaming !== 'streaming') continue;
    if (node.kind === 'source') {
      const format = node.source.format?.value.toLowerCase() ?? node.source.api;
      if (format !== 'kafka') problems.push(`STREAMING_REAL_TIME_MODE.INPUT_STREAM_NOT_SUPPORTED (${format} source)`);
    } else if (node.kind === 'op') {
      const kind = node.op.kind;
      if (kind === 'aggregate' || kind === 'dedup' || kind === 'statefulFunction') operators.add(kind === 'statefulFunction' ? node.op.kind : kind);
      if (kind === 'other' && (node.op.method === 'repartition' || node.op.method === 'repartitionByRange')) operators.add(node.op.method);
    } else if (node.kind === 'join' && query.isStreaming(node.left) && query.isStreaming(node.right)) {
      operators.add('stream-stream join');
    }
  }
  for (const found of streamStaticJoins(query)) {
    if (lineage.has(found.join.id) && found.join.broadcast !== found.staticIs) operators.add('stream-static join without broadcast');
  }
  if (operators.size > 0) problems.push(`STREAMING_REAL_TIME_MODE.OPERATOR_OR_SINK_NOT_IN_ALLOWLIST (${[...operators].sort().join(', ')})`);
  return problems;
}
