// `dropDuplicates` / `distinct` on a stream with no watermarked column among the keys.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { rootName } from './aggregation-watermark';
import { upstreamOfKind } from './upstream-of-kind';
import { insertBeforeStep, pythonString } from '../fixes/chain-edit';
import { renameStepFix } from '../fixes/rename-step-fix';
import type { Fix } from '../analysis/types';
import type { Span } from '../model/span';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'unbounded-dedup-state',
  code: 'WP401',
  severity: 'warning',
  summary: 'Streaming deduplication without a watermarked key keeps every key ever seen',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`dropDuplicates(...)\`, \`drop_duplicates(...)\` and \`distinct()\` on a
streaming DataFrame when none of the deduplication columns (all columns when
none are given) carries a watermark from an upstream \`withWatermark\`.

## Why is this bad?

Spark keeps one state row per key to recognise later duplicates. Without a
watermark on one of the keys it never forgets a key: the programming guide
says the query "stores the data from all the past records as state". State,
checkpoints and batch times grow until the job fails.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
unique = events.dropDuplicates(["id"])
unique.writeStream.format("delta").option("checkpointLocation", "/chk/unique").start("/out/unique")
\`\`\`

## Use instead

On Spark 3.5+:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
unique = events.withWatermark("timestamp", "10 hours").dropDuplicatesWithinWatermark(["id"])
unique.writeStream.format("delta").option("checkpointLocation", "/chk/unique").start("/out/unique")
\`\`\`

Before 3.5, add the watermark and include the event-time column in the
subset: \`withWatermark("timestamp", "10 hours").dropDuplicates(["id", "timestamp"])\`.

## Fix safety

On Spark 3.5+, when a watermark is already upstream, the fix renames the
call to \`dropDuplicatesWithinWatermark\` (keeping its columns). It is unsafe:
state for a key is dropped once the watermark passes it, so a duplicate
arriving later than the delay is written again. Without a watermark the fix
is a display-only template that also inserts
\`.withWatermark("<event time column>", "<delay>")\` before it: the event-time
column is the developer's to name. Before 3.5 no fix is offered.

## References

- [Structured Streaming Programming Guide: streaming deduplication](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#streaming-deduplication)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, fix: settings, sparkVersion, report }) {
    for (const node of query.ops('dedup')) {
      if (node.op.withinWatermark || !query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      const watermarks = upstreamOfKind(query, node.id, 'watermark');
      const columns = node.op.columns;
      if (columns === null ? watermarks.length > 0 : columns.some((column) => watermarks.some((mark) => mark.op.column.value === rootName(column)))) continue;
      // After a streaming aggregation the keys are the aggregation's output: `dedup-after-aggregation` speaks for it.
      if (upstreamOfKind(query, node.id, 'aggregate').some((aggregation) => query.isStreaming(aggregation.id))) continue;
      const method = node.op.method;
      const fix = isAtLeast(sparkVersion, 3, 5)
        ? `use withWatermark("<event time>", "<delay>").dropDuplicatesWithinWatermark(${columns === null ? '' : '[...]'})`
        : 'add withWatermark("<event time>", "<delay>") before it and include the event-time column in the subset (dropDuplicatesWithinWatermark needs Spark 3.5)';
      const what = watermarks.length > 0 ? `${method}() without the watermarked column among its keys` : `${method}() on a stream without a watermark`;
      report({
        span: node.callSpan,
        message: `${what}: Spark keeps every key ever seen as state, which grows without bound; on Spark ${formatSparkVersion(sparkVersion)} ${fix}`,
        sparkVersion,
        fixes: isAtLeast(sparkVersion, 3, 5) ? withinWatermarkFixes(text, node.callSpan, method, watermarks.length > 0, settings.watermarkDelay) : [],
      });
    }
  },
};

/** `.dropDuplicates(...)` → `.dropDuplicatesWithinWatermark(...)`; with no watermark upstream, a template that inserts one too. */
function withinWatermarkFixes(text: string, callSpan: Span, method: string, watermarked: boolean, delay: string): readonly Fix[] {
  const rename = renameStepFix(text, callSpan, method, 'dropDuplicatesWithinWatermark', watermarked ? 'unsafe' : 'display-only');
  if (!rename) return [];
  if (watermarked) return [rename];
  return [
    {
      title: `Add a .withWatermark("<event time column>", "${delay}") template and use .dropDuplicatesWithinWatermark()`,
      safety: 'display-only',
      edits: () => [insertBeforeStep(text, callSpan.start, `.withWatermark("<event time column>", ${pythonString(delay)})`), ...rename.edits()],
    },
  ];
}
