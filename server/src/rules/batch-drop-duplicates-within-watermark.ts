// `dropDuplicatesWithinWatermark` on a batch DataFrame.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { renameStepFix } from '../fixes/rename-step-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'batch-drop-duplicates-within-watermark',
  code: 'WP106',
  severity: 'error',
  summary: 'dropDuplicatesWithinWatermark works only on streaming DataFrames: use dropDuplicates on a batch',
  sparkVersions: '3.5+ (the method does not exist before)',
  fixSafety: 'safe',
  doc: `## What it does

Flags \`dropDuplicatesWithinWatermark(...)\` on a batch DataFrame
(\`spark.read\`, a table, the batch of a \`foreachBatch\` handler).

## Why is this bad?

Deduplication within the watermark only means something on a stream. On a
batch DataFrame Spark 3.5+ fails with *dropDuplicatesWithinWatermark is not
supported with batch DataFrames/DataSets*; before 3.5 the method does not
exist.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
devices = spark.read.parquet("/dims/devices")
latest = devices.dropDuplicatesWithinWatermark(["id"])
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
devices = spark.read.parquet("/dims/devices")
latest = devices.dropDuplicates(["id"])
\`\`\`

## Fix safety

The fix renames the call to \`dropDuplicates\`, keeping its columns. It is
safe: a batch DataFrame has no watermark, so "within the watermark" means
"over all rows", which is what \`dropDuplicates\` does; the call that failed
now keeps one row per key.

## References

- [SPARK-42931: dropDuplicatesWithinWatermark](https://issues.apache.org/jira/browse/SPARK-42931)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    for (const node of query.ops('dedup')) {
      if (!node.op.withinWatermark || !query.isBatch(node.input)) continue;
      const on = `on Spark ${formatSparkVersion(sparkVersion)}`;
      const reason = isAtLeast(sparkVersion, 3, 5)
        ? `${on} it fails with "dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets"`
        : `${on} the method does not exist (it arrived in 3.5), and from 3.5 it fails on a batch with "dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets"`;
      report({
        span: node.callSpan,
        message: `dropDuplicatesWithinWatermark on a batch DataFrame: ${reason}; use dropDuplicates(subset) on a batch`,
        sparkVersion,
        fixes: [renameStepFix(text, node.callSpan, 'dropDuplicatesWithinWatermark', 'dropDuplicates', 'safe')].filter((fix) => fix !== null),
      });
    }
  },
};
