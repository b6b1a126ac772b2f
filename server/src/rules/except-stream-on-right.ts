// `subtract` / `exceptAll` (Scala: `except`) with a streaming right side.

import { argumentIsStreaming } from './argument-data-frame';
import { antiJoinTemplate } from '../fixes/anti-join-template';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'except-stream-on-right',
  code: 'WP311',
  severity: 'error',
  summary: 'Subtracting a stream (except with a streaming right side) is not supported',
  sparkVersions: 'all',
  fixSafety: 'display-only',
  doc: `## What it does

Flags \`subtract(other)\` and \`exceptAll(other)\` (Scala: \`except(other)\`)
where \`other\` is streaming.

## Why is this bad?

Removing every row that ever appears in a stream would need the whole stream
first; \`start()\` fails with *Except on a streaming DataFrame/Dataset on the
right is not supported*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
devices = spark.read.parquet("/dims/devices")
silent = devices.select("id").subtract(events.select("id"))
\`\`\`

## Use instead

Turn it around: keep the stream's rows that are not in the batch side:

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
devices = spark.read.format("delta").load("/dims/devices")
unknown = events.select("id").join(F.broadcast(devices.select("id")), "id", "left_anti")
\`\`\`

## Fix safety

The fix is display-only: it shows \`batch.subtract(stream)\` turned into
\`stream.join(batch, "<columns>", "left_anti")\` (in Scala
\`Seq("<columns>")\`, which every Spark version takes), but the join columns
must be filled in, and the meaning differs: the anti join keeps the stream's rows
that are absent from the batch side, not the batch rows absent from the
stream (which no streaming query can compute).

## References

- Spark source: \`UnsupportedOperationChecker\` (Except)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const node of query.ops('other')) {
      if (node.op.method !== 'subtract' && node.op.method !== 'except' && node.op.method !== 'exceptAll') continue;
      const argument = node.op.args[0] ?? node.op.kwargs['other'];
      if (query.inForeachBatchHandler(node) || !argumentIsStreaming(query, argument)) continue;
      const template = argument ? antiJoinTemplate(text, node, argument.span, query.model.language) : null;
      report({
        span: node.callSpan,
        message: `${node.op.method}() of a streaming DataFrame: removing every row a stream will ever contain is impossible, and start() fails with "Except on a streaming DataFrame/Dataset on the right is not supported"; keep the stream on the left, e.g. stream.join(batch, <columns>, "left_anti"), or do it per micro-batch inside foreachBatch`,
        fixes: template ? [template] : [],
      });
    }
  },
};
