// `dropDuplicatesWithinWatermark` on a stream with no watermark upstream.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { insertBeforeStep, pythonString } from '../fixes/chain-edit';
import type { Rule, RuleMeta } from './rule';
import { upstreamOfKind } from './upstream-of-kind';

export const meta: RuleMeta = {
  id: 'dedup-within-watermark-without-watermark',
  code: 'WP402',
  severity: 'error',
  summary: 'dropDuplicatesWithinWatermark needs a withWatermark before it',
  sparkVersions: '3.5+ (the method does not exist before)',
  fixSafety: 'display-only',
  doc: `## What it does

Flags \`dropDuplicatesWithinWatermark(...)\` on a streaming DataFrame with no
\`withWatermark\` upstream.

## Why is this bad?

The watermark delay is how long a key is remembered. Without one, Spark 3.5+
fails at \`start()\` with *dropDuplicatesWithinWatermark is not supported on
streaming DataFrames/DataSets without watermark*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
unique = events.dropDuplicatesWithinWatermark(["id"])
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
unique = events.withWatermark("timestamp", "1 hour").dropDuplicatesWithinWatermark(["id"])
\`\`\`

## Fix safety

The fix inserts \`.withWatermark("<event time column>", "<delay>")\` before
the deduplication, the delay taken from \`whirlpool.fix.watermarkDelay\`: a
template, display-only, since the event-time column is the developer's to
name, and the delay is how long a key is remembered (how late a duplicate may
arrive and still be dropped).

## References

- [Structured Streaming Programming Guide: streaming deduplication](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#streaming-deduplication)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, fix, sparkVersion, report }) {
    for (const node of query.ops('dedup')) {
      if (!node.op.withinWatermark || !query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      if (upstreamOfKind(query, node.id, 'watermark').length > 0) continue;
      const on = `on Spark ${formatSparkVersion(sparkVersion)}`;
      const reason = isAtLeast(sparkVersion, 3, 5)
        ? `the watermark delay is how long a key is remembered, and ${on} start() fails with "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark"`
        : `${on} the method does not exist (it arrived in 3.5), and from 3.5 it fails without a watermark with "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark"`;
      report({
        span: node.callSpan,
        message: `dropDuplicatesWithinWatermark without a watermark: ${reason}; add withWatermark("<event time>", "<delay>") before it`,
        sparkVersion,
        fixes: [
          {
            title: `Add a .withWatermark("<event time column>", "${fix.watermarkDelay}") template`,
            safety: 'display-only',
            edits: () => [insertBeforeStep(text, node.callSpan.start, `.withWatermark("<event time column>", ${pythonString(fix.watermarkDelay)})`)],
          },
        ],
      });
    }
  },
};
