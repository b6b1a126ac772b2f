// A streaming aggregation whose state is never evicted: Complete mode, or Update mode without any watermark.

import { aggregationWatermark, isLoneStreamingAggregation, outputModesOf } from './aggregation-watermark';
import { insertWatermarkFix } from '../fixes/watermark-fix';
import { outputModeFix } from '../fixes/output-mode-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'unbounded-aggregation-state',
  code: 'WP206',
  severity: 'warning',
  summary: 'Aggregation state grows forever: Complete mode, or Update mode without a watermarked grouping key',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a streaming aggregation whose query writes in Complete mode (which
never evicts state), or in Update mode with no watermark anywhere on the way.
(A watermark on a column the aggregation does not group by, or placed after
it, is reported by \`watermark-column-not-grouped\` and
\`watermark-after-aggregation\`.)

## Why is this bad?

Spark runs the query, but keeps one state row per group forever: memory and
checkpoint size grow with the number of distinct keys, batches slow down, and
executors eventually run out of memory. The programming guide's output-mode
table says Complete mode never drops state, and without a watermark neither
does Update.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.groupBy("value").count()
(counts.writeStream.outputMode("complete").format("delta")
    .option("checkpointLocation", "/chk/values").start("/out/values"))
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.withWatermark("timestamp", "1 hour").groupBy(F.window("timestamp", "1 hour"), "value").count()
(counts.writeStream.outputMode("update").format("delta")
    .option("checkpointLocation", "/chk/values").start("/out/values"))
\`\`\`

## Fix safety

In Update mode, when the aggregation groups by \`window(...)\` or
\`session_window(...)\`, the fix inserts \`.withWatermark("<time column>",
"<delay>")\` before the \`groupBy\` (the delay from
\`whirlpool.fix.watermarkDelay\`); in Complete mode with a watermarked window
key it writes the query in Update mode. Both are unsafe: rows later than the
delay are dropped, and in Update mode only changed groups are written, not the
whole table. Without a window key the event-time column is unknown and no
fix is offered.

## References

- [Structured Streaming Programming Guide: output modes and state cleanup](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#conditions-for-watermarking-to-clean-aggregation-state)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, fix, spelling, report }) {
    for (const aggregation of query.ops('aggregate')) {
      if (!isLoneStreamingAggregation(query, aggregation)) continue;
      const modes = outputModesOf(query, aggregation.id);
      const complete = query.writersOf(aggregation.id).find((writer) => query.outputMode(writer) === 'complete');
      if (complete?.outputMode) {
        report({
          span: aggregation.op.groupSpan,
          message:
            aggregationWatermark(query, aggregation).kind === 'keyed'
              ? 'Streaming aggregation in Complete mode: Complete rewrites the whole result every trigger, so even the watermark never evicts a window and the state grows without bound; write with outputMode("update") or "append" so finished windows are dropped'
              : `Streaming aggregation in Complete mode: Complete rewrites the whole result every trigger and never evicts a group, so its state grows without bound; group by a watermarked ${spelling.call('window', '...')} and write with outputMode("update") or "append"`,
          related: [{ span: complete.outputMode.span, message: 'Complete mode' }],
          fixes: aggregationWatermark(query, aggregation).kind === 'keyed' ? [outputModeFix(text, complete, 'update', 'unsafe')].filter((candidate) => candidate !== null) : [],
        });
        continue;
      }
      if (!modes.includes('update') || aggregationWatermark(query, aggregation).kind !== 'none') continue;
      report({
        span: aggregation.op.groupSpan,
        message: `Streaming aggregation in Update mode without a watermark: no group is ever evicted, so its state grows without bound; add withWatermark("<event time>", "<delay>") before the groupBy and group by ${spelling.call('window', spelling.columnArgument('<event time>'), '"<size>"')}`,
        fixes: [insertWatermarkFix(aggregation, fix, text)].filter((candidate) => candidate !== null),
      });
    }
  },
};
