// `intersect` / `intersectAll` with a streaming side.

import { argumentIsStreaming } from './argument-data-frame';
import type { Fix } from '../analysis/types';
import type { ModelQuery, OpNode } from './query';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'streaming-intersect',
  code: 'WP310',
  severity: 'error',
  summary: 'intersect is not supported on streams: use a left_semi join',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
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

When the stream is on the left of \`intersect\` and both sides are named
variables, the fix writes \`stream.join(other, stream.columns, "left_semi")\`
(\`stream.columns.toSeq\` in Scala).
It is unsafe: \`intersect\` also removes duplicate rows and matches NULL with
NULL, while the join keeps every matching stream row and never matches a
NULL key; and the static side is read again every micro-batch (the re-read
rule then says so). \`intersectAll\`, a stream on the right, and expressions
as sides get no fix.

## References

- Spark source: \`UnsupportedOperationChecker\` (Intersect)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const node of query.ops('other')) {
      if (node.op.method !== 'intersect' && node.op.method !== 'intersectAll') continue;
      if (query.inForeachBatchHandler(node)) continue;
      if (!query.isStreaming(node.input) && !argumentIsStreaming(query, node.op.args[0] ?? node.op.kwargs['other'])) continue;
      report({
        span: node.callSpan,
        message: `${node.op.method}() with a streaming DataFrame: start() fails with "Intersect of streaming DataFrames/Datasets is not supported"; keep the stream's rows that match with join(other, <columns>, "left_semi")`,
        fixes: semiJoinFixes(text, query, node),
      });
    }
  },
};

/** `stream.intersect(other)` → `stream.join(other, stream.columns, "left_semi")`, both sides plain names, the stream on the left. */
function semiJoinFixes(text: string, query: ModelQuery, node: OpNode<'other'>): readonly Fix[] {
  const other = node.op.args[0];
  if (node.op.method !== 'intersect' || !other || !query.isStreaming(node.input) || argumentIsStreaming(query, other)) return [];
  const receiver = text.slice(node.span.start, node.callSpan.start).trim();
  const argument = text.slice(other.span.start, other.span.end).trim();
  if (!/^[A-Za-z_]\w*$/.test(receiver) || !/^[A-Za-z_]\w*$/.test(argument) || text.charAt(node.callSpan.start) !== '.') return [];
  return [
    {
      title: `Keep the rows of ${receiver} that ${argument} has: join(..., "left_semi")`,
      safety: 'unsafe',
      // Scala's join takes the columns as a Seq: an Array would be copied by an implicit conversion deprecated in Scala 2.13.
      edits: () => [{ span: node.callSpan, newText: `.join(${argument}, ${receiver}.columns${query.model.language === 'scala' ? '.toSeq' : ''}, "left_semi")` }],
    },
  ];
}
