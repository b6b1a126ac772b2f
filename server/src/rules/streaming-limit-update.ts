// `limit(n)` on a stream: an error in Update mode, a lifetime limit otherwise.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { outputModesOf } from './aggregation-watermark';
import { removeStepFix } from '../fixes/remove-step-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'streaming-limit-update',
  code: 'WP305',
  severity: 'error',
  summary: 'limit on a stream fails in Update mode, and elsewhere caps the whole query, not each batch',
  sparkVersions: '2.4+: an error in Update mode; < 2.4: always an error',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`limit(n)\` on a streaming DataFrame: an error when the query writes
in Update mode (any mode before Spark 2.4), a warning in Append and Complete
mode.

## Why is this bad?

In Update mode \`start()\` fails with *Limits are not supported on streaming
DataFrames/Datasets in Update output mode* (before 2.4: *Limits are not
supported on streaming DataFrames/Datasets*). In Append and Complete mode
Spark runs it as a stateful limit over the whole life of the query: after
\`n\` rows in total, nothing more is ever written (SPARK-24662), which is
rarely what "take the first n" meant.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
top = events.groupBy("value").count().limit(10)
top.writeStream.outputMode("update").format("delta").option("checkpointLocation", "/chk/top").start("/out/top")
\`\`\`

## Use instead

Limit when reading the sink, or per micro-batch inside \`foreachBatch\`:

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.withWatermark("timestamp", "1 hour").groupBy(F.window("timestamp", "1 hour"), "value").count()
counts.writeStream.outputMode("update").format("delta").option("checkpointLocation", "/chk/top").start("/out/top")
\`\`\`

## Fix safety

The fix removes the \`limit()\` step. It is unsafe: the query then writes
every row instead of stopping after the limit (in Append mode a streaming
limit caps the whole query), so limit when reading the sink, or per micro-batch
inside \`foreachBatch\`, if a cap was meant.

## References

- [SPARK-24662: limit in Append and Complete mode](https://issues.apache.org/jira/browse/SPARK-24662)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    const on = `on Spark ${formatSparkVersion(sparkVersion)}`;
    for (const node of query.ops('limit')) {
      if (!query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      const removal = removeStepFix(text, node, ['limit'], 'Remove .limit()', 'unsafe');
      const fixes = removal ? [removal] : [];
      if (!isAtLeast(sparkVersion, 2, 4)) {
        report({
          span: node.callSpan,
          message: `limit() on a streaming DataFrame: ${on} start() fails with "Limits are not supported on streaming DataFrames/Datasets"; remove it and limit when reading the sink, or per micro-batch inside foreachBatch`,
          sparkVersion,
          fixes,
        });
        continue;
      }
      const modes = outputModesOf(query, node.id);
      if (modes.includes('update')) {
        report({
          span: node.callSpan,
          message: `limit() on a stream written in Update mode: ${on} start() fails with "Limits are not supported on streaming DataFrames/Datasets in Update output mode"; remove it and limit when reading the sink, or per micro-batch inside foreachBatch`,
          sparkVersion,
          fixes,
        });
      } else if (modes.length > 0) {
        report({
          span: node.callSpan,
          message: `limit() on a streaming DataFrame caps the whole query, not each batch: ${on} it is a stateful limit over the query's lifetime, so after that many rows nothing more is ever written; remove it, or limit per micro-batch inside foreachBatch`,
          severity: 'warning',
          sparkVersion,
          fixes,
        });
      }
    }
  },
};
