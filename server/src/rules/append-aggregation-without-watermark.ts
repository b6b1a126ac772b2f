// A streaming aggregation written in Append mode with no watermark at all.

import { aggregationWatermark, appendWithoutWatermark, isLoneStreamingAggregation } from './aggregation-watermark';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'append-aggregation-without-watermark',
  code: 'WP201',
  severity: 'error',
  summary: 'A streaming aggregation in Append mode (the default) needs a watermark on an event-time grouping key',
  sparkVersions: 'all',
  fixSafety: null,
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

No fix is offered: the watermark delay and window size depend on the data,
and switching to Update mode changes what the sink receives.

## References

- [Structured Streaming Programming Guide: output modes](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-modes)
- [Structured Streaming Programming Guide: conditions for watermarking to clean aggregation state](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#conditions-for-watermarking-to-clean-aggregation-state)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const aggregation of query.ops('aggregate')) {
      if (!isLoneStreamingAggregation(query, aggregation)) continue;
      if (!query.writersOf(aggregation.id).some((writer) => query.outputMode(writer) === 'append')) continue;
      if (aggregationWatermark(query, aggregation).kind !== 'none') continue;
      report({
        span: aggregation.op.groupSpan,
        message: `Streaming aggregation in Append mode without a watermark: Append emits a group only once it is final, and start() fails with "${appendWithoutWatermark}"; add withWatermark("<event time>", "<delay>") before the groupBy and group by F.window("<event time>", "<size>"), or write with outputMode("update")`,
      });
    }
  },
};
