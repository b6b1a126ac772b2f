// `spark.sql.streaming.multipleWatermarkPolicy` set to `max`.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { stringPrefix } from './query';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'max-watermark-policy',
  code: 'WP209',
  severity: 'warning',
  summary: 'The max watermark policy drops the rows of the slower stream',
  sparkVersions: '2.4+',
  fixSafety: null,
  doc: `## What it does

Flags setting \`spark.sql.streaming.multipleWatermarkPolicy\` to \`max\`
(\`spark.conf.set\`, the session builder, or SQL \`SET\`).

## Why is this bad?

With several input streams, the global watermark follows the fastest one
under \`max\`: rows of a slower stream arrive behind it and are dropped as
late. The default \`min\` waits for the slowest stream. The value is also
fixed for the life of a checkpoint, so it cannot be undone later without a
new checkpoint.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", "max")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
\`\`\`

## Fix safety

No fix is offered: removing it from a query with an existing checkpoint
needs a new checkpoint.

## References

- [Structured Streaming Programming Guide: policy for handling multiple watermarks](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#policy-for-handling-multiple-watermarks)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, report }) {
    if (!isAtLeast(sparkVersion, 2, 4)) return;
    for (const conf of query.confs('spark.sql.streaming.multipleWatermarkPolicy')) {
      if (stringPrefix(conf.value.value)?.trim().toLowerCase() !== 'max' || conf.value.value.kind !== 'string') continue;
      report({
        span: conf.value.span,
        message: `multipleWatermarkPolicy set to max: on Spark ${formatSparkVersion(sparkVersion)} the global watermark follows the fastest input stream, so rows of slower streams are dropped as late, and the value is fixed for the checkpoint's life; keep the default min`,
        sparkVersion,
      });
    }
  },
};
