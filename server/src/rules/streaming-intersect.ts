// `intersect` / `intersectAll` with a streaming side.

import { argumentIsStreaming } from './argument-data-frame';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'streaming-intersect',
  code: 'WP310',
  severity: 'error',
  summary: 'intersect is not supported on streams: use a left_semi join',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`intersect(...)\` and \`intersectAll(...)\` when either side is
streaming.

## Why is this bad?

\`start()\` fails with *Intersect of streaming DataFrames/Datasets is not
supported*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
devices = spark.read.parquet("/dims/devices")
known = events.select("id").intersect(devices.select("id"))
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
devices = spark.read.format("delta").load("/dims/devices")
known = events.select("id").join(F.broadcast(devices.select("id")), "id", "left_semi")
\`\`\`

## Fix safety

No fix is offered: \`intersect\` also removes duplicates, which the join does
not.

## References

- Spark source: \`UnsupportedOperationChecker\` (Intersect)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const node of query.ops('other')) {
      if (node.op.method !== 'intersect' && node.op.method !== 'intersectAll') continue;
      if (query.inForeachBatchHandler(node)) continue;
      if (!query.isStreaming(node.input) && !argumentIsStreaming(query, node.op.args[0] ?? node.op.kwargs['other'])) continue;
      report({
        span: node.callSpan,
        message: `${node.op.method}() with a streaming DataFrame: start() fails with "Intersect of streaming DataFrames/Datasets is not supported"; keep the stream's rows that match with join(other, <columns>, "left_semi")`,
      });
    }
  },
};
