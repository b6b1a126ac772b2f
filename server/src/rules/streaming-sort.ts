// `orderBy` / `sort` / `sortWithinPartitions` on a stream, outside aggregated Complete-mode output.

import { capitalise } from './aggregation-watermark';
import { upstreamOfKind } from './upstream-of-kind';
import { removeStepFix } from '../fixes/remove-step-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'streaming-sort',
  code: 'WP304',
  severity: 'error',
  summary: 'Sorting a stream is only supported after an aggregation in Complete mode',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`orderBy\`, \`sort\` and \`sortWithinPartitions\` on a streaming
DataFrame, and \`ORDER BY\` in \`spark.sql\` over a streaming view, unless a
streaming aggregation comes first and every query it flows into writes in
Complete mode.

## Why is this bad?

A stream never ends, so it cannot be sorted as a whole; only the full result
table of an aggregation in Complete mode can. \`start()\` fails with
*Sorting is not supported on streaming DataFrames/Datasets, unless it is on
aggregated DataFrame/Dataset in Complete output mode*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
ordered = events.orderBy("timestamp")
ordered.writeStream.format("delta").option("checkpointLocation", "/chk/ordered").start("/out/ordered")
\`\`\`

## Use instead

Leave ordering to the reader of the sink (sinks do not keep row order):

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
events.writeStream.format("delta").option("checkpointLocation", "/chk/ordered").start("/out/ordered")
\`\`\`

## Fix safety

The fix removes the \`orderBy\`/\`sort\`/\`sortWithinPartitions\` step (not an
\`ORDER BY\` inside a SQL string). It is unsafe: the query then starts where it
failed, and whatever relied on the order (a console sink read by eye, a
\`sortWithinPartitions\` chosen for file layout) no longer gets it; order when
reading the sink instead.

## References

- [Structured Streaming Programming Guide: unsupported operations](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#unsupported-operations)
`,
};

const sparkMessage = 'Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode';

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const node of query.ops('sort')) {
      if (!query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      const aggregated = upstreamOfKind(query, node.id, 'aggregate').some((aggregation) => query.isStreaming(aggregation.id));
      const writers = query.writersOf(node.id);
      const removal = removeStepFix(text, node, ['orderBy', 'sort', 'sortWithinPartitions'], `Remove .${node.op.method}()`, 'unsafe');
      const fixes = removal ? [removal] : [];
      if (aggregated) {
        // An unreadable mode is `invalid-output-mode`'s business.
        const mode = writers.map((writer) => query.outputMode(writer)).find((candidate) => candidate === 'append' || candidate === 'update');
        if (!mode) continue;
        report({
          span: node.callSpan,
          message: `${node.op.method}() on an aggregated stream written in ${capitalise(mode)} mode: only Complete mode has a whole result table to sort, and start() fails with "${sparkMessage}"; remove the sort and order when reading the sink, or write with outputMode("complete")`,
          fixes,
        });
        continue;
      }
      report({
        span: node.callSpan,
        message: `${node.op.method}() on a streaming DataFrame: a stream never ends, so it cannot be sorted, and start() fails with "${sparkMessage}"; remove it and order when reading the sink, or sort each micro-batch inside foreachBatch`,
        fixes,
      });
    }
    for (const node of query.model.nodes) {
      if (node.kind !== 'source' || node.source.api !== 'sql' || node.streaming !== 'streaming' || node.source.sql?.value.kind !== 'string') continue;
      // ORDER BY inside a window specification is the window-function rule's business.
      const text = node.source.sql.value.value.replace(/\bover\s*\([^()]*\)/gi, ' ');
      if (!/\border\s+by\b/i.test(text)) continue;
      const modes = query.writersOf(node.id).map((writer) => query.outputMode(writer));
      // A query that aggregates may sort in Complete mode; when it is not started here the mode is unknown.
      if (/\bgroup\s+by\b/i.test(text) && (modes.length === 0 || modes.every((mode) => mode === 'complete' || mode === null))) continue;
      report({
        span: node.source.sql.span,
        message: `ORDER BY over a streaming view: a stream can only be sorted after an aggregation in Complete mode, and start() fails with "${sparkMessage}"; drop the ORDER BY and order when reading the sink`,
      });
    }
  },
};
