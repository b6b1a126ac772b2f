// `spark.sql.streaming.multipleWatermarkPolicy` set to `max`.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { stringPrefix } from './query';
import { removeConfFix } from '../fixes/remove-conf-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'max-watermark-policy',
  code: 'WP209',
  severity: 'warning',
  summary: 'The max watermark policy drops the rows of the slower stream',
  sparkVersions: '2.4+',
  fixSafety: 'unsafe',
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

The fix removes the setting (a \`spark.conf.set\` statement or a
\`.config(...)\` step of the session builder; not a \`SET\` in SQL text), so the
default \`min\` applies. It is unsafe: the watermark then follows the slowest
input, so results arrive later and fewer rows count as late. A query restarted
from an existing checkpoint keeps the policy stored there: the change takes
effect only with a new checkpoint.

## References

- [Structured Streaming Programming Guide: policy for handling multiple watermarks](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#policy-for-handling-multiple-watermarks)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    if (!isAtLeast(sparkVersion, 2, 4)) return;
    for (const conf of query.confs('spark.sql.streaming.multipleWatermarkPolicy')) {
      if (stringPrefix(conf.value.value)?.trim().toLowerCase() !== 'max' || conf.value.value.kind !== 'string') continue;
      report({
        span: conf.value.span,
        message: `multipleWatermarkPolicy set to max: on Spark ${formatSparkVersion(sparkVersion)} the global watermark follows the fastest input stream, so rows of slower streams are dropped as late, and the value is fixed for the checkpoint's life; keep the default min`,
        sparkVersion,
        fixes: [removeConfFix(text, conf, 'Remove the setting (keep the default min policy)', 'unsafe', query.model.language)].filter((fix) => fix !== null),
      });
    }
  },
};
