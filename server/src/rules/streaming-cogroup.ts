// `groupBy(...).cogroup(...)` with a streaming side.

import { argumentIsStreaming } from './argument-data-frame';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'streaming-cogroup',
  code: 'WP312',
  severity: 'error',
  summary: 'cogroup is not supported with streaming DataFrames',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`groupBy(...).cogroup(...)\` (then \`applyInPandas\`) when either
grouped DataFrame is streaming.

## Why is this bad?

\`start()\` fails with *CoGrouping with a streaming DataFrame/Dataset is not
supported*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
devices = spark.read.parquet("/dims/devices")

def merge(left, right):
    return left

merged = events.groupBy("id").cogroup(devices.groupBy("id")).applyInPandas(merge, "id STRING, value LONG, timestamp TIMESTAMP")
\`\`\`

## Use instead

Cogroup each micro-batch with the batch side inside \`foreachBatch\`:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
devices = spark.read.format("delta").load("/dims/devices")

def merge(left, right):
    return left

def process(batch, batch_id):
    merged = batch.groupBy("id").cogroup(devices.groupBy("id")).applyInPandas(merge, "id STRING, value LONG, timestamp TIMESTAMP")
    merged.write.format("delta").mode("append").option("txnAppId", "merged").option("txnVersion", batch_id).save("/out/merged")

events.writeStream.foreachBatch(process).option("checkpointLocation", "/chk/merged").start()
\`\`\`

## Fix safety

No fix is offered.

## References

- Spark source: \`UnsupportedOperationChecker\` (CoGroup)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const node of query.ops('other')) {
      if (!/^(groupBy|rollup|cube|groupByKey)\.cogroup$/.test(node.op.method) || query.inForeachBatchHandler(node)) continue;
      if (!query.isStreaming(node.input) && !argumentIsStreaming(query, node.op.args[0])) continue;
      report({
        span: node.callSpan,
        message: 'cogroup() with a streaming DataFrame: start() fails with "CoGrouping with a streaming DataFrame/Dataset is not supported"; cogroup each micro-batch with the batch side inside foreachBatch, or use a join or a stateful function over a union of the streams',
      });
    }
  },
};
