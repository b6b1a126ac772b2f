// `withWatermark` on a batch DataFrame, where it does nothing.

import { removeStepFix } from '../fixes/remove-step-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'watermark-on-batch',
  code: 'WP208',
  severity: 'info',
  summary: 'withWatermark on a batch DataFrame is a no-op',
  sparkVersions: 'all',
  fixSafety: 'safe',
  doc: `## What it does

Flags \`withWatermark(...)\` on a DataFrame known to be a batch
(\`spark.read\`, a table, the batch of a \`foreachBatch\` handler).

## Why is this bad?

A watermark only exists in a streaming query; on a batch DataFrame Spark
ignores it. The call suggests late data is being dropped or state bounded
when nothing of the kind happens.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
devices = spark.read.parquet("/dims/devices")
recent = devices.withWatermark("updated_at", "1 hour")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
devices = spark.read.parquet("/dims/devices")
recent = devices
\`\`\`

## Fix safety

The fix removes the \`withWatermark\` step. It is safe: on a batch DataFrame
Spark ignores the watermark, so the rows are the same with or without it.

## References

- [Structured Streaming Programming Guide: handling late data and watermarking](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#handling-late-data-and-watermarking)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const node of query.ops('watermark')) {
      if (!query.isBatch(node.input)) continue;
      report({
        span: node.callSpan,
        message: 'withWatermark on a batch DataFrame: a watermark exists only in a streaming query and Spark ignores it here; remove the call, or filter late rows explicitly if that was the intent',
        fixes: [removeStepFix(text, node, ['withWatermark'], 'Remove the no-op .withWatermark()', 'safe')].filter((fix) => fix !== null),
      });
    }
  },
};
