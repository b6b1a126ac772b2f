// A streaming aggregation written in Append mode with no watermark at all.

import { outputModeFix } from '../fixes/output-mode-fix';
import { insertWatermarkFix } from '../fixes/watermark-fix';
import type { Expr } from '../model/pipeline';
import { walkExpr } from './expr';
import { aggregationWatermark, appendWithoutWatermark, isLoneStreamingAggregation } from './aggregation-watermark';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'append-aggregation-without-watermark',
  code: 'WP201',
  severity: 'error',
  summary: 'A streaming aggregation in Append mode (the default) needs a watermark on an event-time grouping key',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a streaming aggregation (\`groupBy(...).agg(...)\`, \`.count()\`, ...)
whose query writes in Append mode (the default when \`outputMode\` is not
given) when no \`withWatermark\` is applied anywhere on the way. The cases
with a watermark in the wrong place have their own rules:
\`watermark-column-not-grouped\` and \`watermark-after-aggregation\`.
Chained aggregations are left to \`chained-streaming-aggregations\`.

## Why is this bad?

Append mode emits a group once, when it can no longer change; without a
watermark on a grouping key that moment never comes. \`start()\` fails with
*Append output mode not supported when there are streaming aggregations on
streaming DataFrames/DataSets without watermark*.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.groupBy(F.window("timestamp", "1 minute")).count()
counts.writeStream.format("delta").option("checkpointLocation", "/chk/counts").start("/out/counts")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.withWatermark("timestamp", "5 minutes").groupBy(F.window("timestamp", "1 minute")).count()
counts.writeStream.format("delta").option("checkpointLocation", "/chk/counts").start("/out/counts")
\`\`\`

## Fix safety

When the aggregation groups by \`window(...)\` or \`session_window(...)\`, the fix
inserts \`.withWatermark("<time column>", "<delay>")\` right before the
\`groupBy\`, on its own line when the chain has one step per line; the delay
is the setting \`whirlpool.fix.watermarkDelay\` (CLI \`--watermark-delay\`,
default \`10 minutes\`). It is unsafe: rows later than the delay are dropped,
and each window is written once, when the watermark closes it, so results
arrive later than a wrong-but-running Update query would show them. Without a
window key the time column is unknown and no watermark fix is offered.

A second fix writes the query in Update mode instead (\`outputMode("update")\`,
added after \`writeStream\` or replacing \`"append"\` where it is written in the
query's own chain; not for a session window, which Update does not support).
It is unsafe too: a group is then written again each time it changes, so the
sink must upsert, and without a watermark its state grows without bound (the
unbounded-state rule then says so).

## References

- [Structured Streaming Programming Guide: output modes](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-modes)
- [Structured Streaming Programming Guide: conditions for watermarking to clean aggregation state](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#conditions-for-watermarking-to-clean-aggregation-state)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, fix, spelling, report }) {
    for (const aggregation of query.ops('aggregate')) {
      if (!isLoneStreamingAggregation(query, aggregation)) continue;
      if (!query.writersOf(aggregation.id).some((writer) => query.outputMode(writer) === 'append')) continue;
      if (aggregationWatermark(query, aggregation).kind !== 'none') continue;
      report({
        span: aggregation.op.groupSpan,
        message: `Streaming aggregation in Append mode without a watermark: Append emits a group only once it is final, and start() fails with "${appendWithoutWatermark}"; add withWatermark("<event time>", "<delay>") before the groupBy and group by ${spelling.call('window', spelling.columnArgument('<event time>'), '"<size>"')}, or write with outputMode("update")`,
        fixes: [
          insertWatermarkFix(aggregation, fix, text),
          ...(hasSessionWindow(aggregation.op.keys)
            ? []
            : query
                .writersOf(aggregation.id)
                .filter((writer) => query.outputMode(writer) === 'append')
                .map((writer) => outputModeFix(text, writer, 'update', 'unsafe'))),
        ].filter((candidate) => candidate !== null),
      });
    }
  },
};

/** Update mode is not supported for a session window aggregation. */
function hasSessionWindow(keys: readonly Expr[]): boolean {
  let found = false;
  for (const key of keys) {
    walkExpr(key, (inner) => {
      if (inner.kind === 'call' && inner.namespace === 'functions' && inner.name === 'session_window') found = true;
      else if (inner.kind === 'sql' && /\bsession_window\s*\(/i.test(inner.text)) found = true;
    });
  }
  return found;
}
