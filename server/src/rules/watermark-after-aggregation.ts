// `withWatermark` applied to the result of a streaming aggregation instead of before it.

import { aggregationWatermark, appendWithoutWatermark, isLoneStreamingAggregation, outputModesOf } from './aggregation-watermark';
import { moveWatermarkFix } from '../fixes/move-watermark-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'watermark-after-aggregation',
  code: 'WP205',
  severity: 'error',
  summary: 'withWatermark after the aggregation does nothing for its state: move it before the groupBy',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`withWatermark(...)\` applied downstream of a streaming aggregation
that has no watermark upstream. An error when the query writes in Append
mode, a warning in Update mode (Complete mode is
\`unbounded-aggregation-state\`'s case).

## Why is this bad?

A watermark bounds the state of the operators after it, not before. The
aggregation keeps every group: Append mode fails at \`start()\` with *Append
output mode not supported when there are streaming aggregations on streaming
DataFrames/DataSets without watermark*, and Update mode's state grows without
bound.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.groupBy("timestamp").count().withWatermark("timestamp", "1 minute")
counts.writeStream.format("delta").option("checkpointLocation", "/chk/per-ts").start("/out/per-ts")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.withWatermark("timestamp", "1 minute").groupBy("timestamp").count()
counts.writeStream.format("delta").option("checkpointLocation", "/chk/per-ts").start("/out/per-ts")
\`\`\`

## Fix safety

When the watermarked column is itself a grouping key and the
\`withWatermark(...)\` step comes right after the aggregation in the same
chain, the fix moves that step to just before the \`groupBy\`. It is unsafe:
from then on the watermark does its job, so rows later than the delay are
dropped and old groups are evicted from state (in Append mode a group is
written only once the watermark passes it). When the column exists only after
the aggregation (a \`window\`), there is nothing to move it before: no fix.

## References

- [Structured Streaming Programming Guide: conditions for watermarking to clean aggregation state](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#conditions-for-watermarking-to-clean-aggregation-state)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const aggregation of query.ops('aggregate')) {
      if (!isLoneStreamingAggregation(query, aggregation)) continue;
      const verdict = aggregationWatermark(query, aggregation);
      if (verdict.kind !== 'after') continue;
      const modes = outputModesOf(query, aggregation.id);
      const column = verdict.watermark.op.column.value;
      const fix = `move withWatermark("${column}", ...) before the groupBy`;
      const related = [{ span: aggregation.op.groupSpan, message: 'the aggregation it should bound' }];
      const move = moveWatermarkFix(text, aggregation, verdict.watermark);
      const fixes = move ? [move] : [];
      if (modes.includes('append')) {
        report({
          span: verdict.watermark.callSpan,
          message: `withWatermark after the aggregation: a watermark bounds only the operators after it, and in Append mode start() fails with "${appendWithoutWatermark}"; ${fix}`,
          related,
          fixes,
        });
      } else if (modes.includes('update')) {
        report({
          span: verdict.watermark.callSpan,
          message: `withWatermark after the aggregation: a watermark bounds only the operators after it, so in Update mode the aggregation never evicts a group and its state grows without bound; ${fix}`,
          severity: 'warning',
          related,
          fixes,
        });
      }
    }
  },
};
