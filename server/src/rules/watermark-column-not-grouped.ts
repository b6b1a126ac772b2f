// `withWatermark(c, ...)` upstream of an aggregation that groups by neither `c` nor a window over it.

import {
  aggregationWatermark,
  appendWithoutWatermark,
  isLoneStreamingAggregation,
  outputModesOf,
} from './aggregation-watermark';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'watermark-column-not-grouped',
  code: 'WP204',
  severity: 'error',
  summary: 'The watermarked column is not a grouping key: Append fails, Update never evicts state',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags a streaming aggregation with a \`withWatermark(c, ...)\` upstream whose
grouping keys include neither \`c\` nor a \`window\`/\`session_window\` over
\`c\`. An error when the query writes in Append mode, a warning in Update
mode.

## Why is this bad?

The watermark only bounds state through a grouping key that carries it.
Grouping by another column, Append mode fails at \`start()\` with *Append
output mode not supported when there are streaming aggregations on streaming
DataFrames/DataSets without watermark*, and Update mode keeps every group
forever (the state grows without bound).

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.withWatermark("timestamp", "1 minute").groupBy("value").count()
counts.writeStream.format("delta").option("checkpointLocation", "/chk/values").start("/out/values")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.withWatermark("timestamp", "1 minute").groupBy(F.window("timestamp", "1 minute"), "value").count()
counts.writeStream.format("delta").option("checkpointLocation", "/chk/values").start("/out/values")
\`\`\`

## Fix safety

No fix is offered: the window size is the developer's choice.

## References

- [Structured Streaming Programming Guide: conditions for watermarking to clean aggregation state](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#conditions-for-watermarking-to-clean-aggregation-state)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const aggregation of query.ops('aggregate')) {
      if (!isLoneStreamingAggregation(query, aggregation)) continue;
      const verdict = aggregationWatermark(query, aggregation);
      if (verdict.kind !== 'not-grouped') continue;
      const modes = outputModesOf(query, aggregation.id);
      const column = verdict.watermark.op.column.value;
      const fix = `group by F.window("${column}", "<size>") (or by "${column}") next to the other keys`;
      const related = [{ span: verdict.watermark.callSpan, message: `watermark on "${column}"` }];
      if (modes.includes('append')) {
        report({
          span: aggregation.op.groupSpan,
          message: `Aggregation does not group by the watermarked column "${column}": the watermark reaches the state only through a grouping key, and in Append mode start() fails with "${appendWithoutWatermark}"; ${fix}`,
          related,
        });
      } else if (modes.includes('update')) {
        report({
          span: aggregation.op.groupSpan,
          message: `Aggregation does not group by the watermarked column "${column}": in Update mode no group is ever evicted and the state grows without bound; ${fix}`,
          severity: 'warning',
          related,
        });
      }
    }
  },
};
