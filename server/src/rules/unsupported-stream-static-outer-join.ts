// Stream-static joins that would have to keep every static row: Spark rejects them.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import type { Fix, SparkVersion } from '../analysis/types';
import type { JoinType, Located } from '../model/pipeline';
import { replaceStringLiteral } from '../fixes/chain-edit';
import type { Rule, RuleMeta } from './rule';
import { streamStaticJoins } from './stream-static-join';

export const meta: RuleMeta = {
  id: 'unsupported-stream-static-outer-join',
  code: 'WP502',
  severity: 'error',
  summary: 'A stream-static join that preserves the static side (full, stream right static, static left/semi/anti stream) is rejected',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags joins between a streaming and a static DataFrame whose type would
have to emit static rows that match no streaming row: \`full\` outer either
way round, stream \`right\` static, and static \`left\`, \`left_semi\` or
\`left_anti\` stream (the \`how\` aliases \`outer\`, \`rightouter\`, \`semi\`,
\`anti\`, ... included).

## Why is this bad?

A stream-static join is stateless: each micro-batch joins its new rows with
the static side. Spark cannot know that a static row will never match any
future streaming row, so it rejects join types that preserve the static side.
\`start()\` fails with, for example, *RightOuter join with a streaming
DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not
supported*.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"))
devices = spark.read.format("delta").load("/dims/devices")
enriched = events.join(F.broadcast(devices), "device", "right")
enriched.writeStream.format("delta").option("checkpointLocation", "/chk/enriched").start("/out/enriched")
\`\`\`

## Use instead

Preserve the streaming side (stream \`left\` static, static \`right\`
stream) or use an inner join. To report static rows that never matched,
run a batch job over the output.

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"))
devices = spark.read.format("delta").load("/dims/devices")
enriched = events.join(F.broadcast(devices), "device", "left")
enriched.writeStream.format("delta").option("checkpointLocation", "/chk/enriched").start("/out/enriched")
\`\`\`

## Fix safety

For an outer join, the fix changes the join type so the streaming side is
the preserved one: \`"left"\` when the stream is on the left, \`"right"\` when it
is on the right. It is unsafe: static rows with no match in the stream are
no longer returned, which is what Spark cannot do incrementally anyway;
semi and anti joins with the stream on the right get no fix (the sides
would have to swap).

## References

- [Structured Streaming Programming Guide: support matrix for joins](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#support-matrix-for-joins-in-streaming-queries)
- Spark's \`UnsupportedOperationChecker\` (join checks)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    for (const found of streamStaticJoins(query)) {
      const how = found.join.how;
      if (!how) continue;
      const spark = sparkMessage(how.value, found.staticIs === 'right' ? 'left' : 'right', sparkVersion);
      if (spark === null) continue;
      report({
        span: how.span,
        message: `Join type ${written(text.slice(how.span.start, how.span.end), how.value)} between a stream and a static DataFrame keeps static rows Spark cannot emit incrementally: on Spark ${formatSparkVersion(sparkVersion)} start() fails with "${spark}"; preserve the streaming side instead (stream left static, static right stream) or use an inner join`,
        sparkVersion,
        fixes: preserveStreamFixes(text, how, found.staticIs === 'right' ? 'left' : 'right'),
      });
    }
  },
};

/** Spark's message for a stream-static join type, or null when the type is supported. */
function sparkMessage(type: JoinType, streamIs: 'left' | 'right', version: SparkVersion): string | null {
  const modern = isAtLeast(version, 3, 1);
  switch (type) {
    case 'full_outer':
      if (!modern) return 'Full outer joins with streaming DataFrames/Datasets are not supported';
      return streamIs === 'left'
        ? 'FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported'
        : 'FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported';
    case 'right_outer':
      return streamIs === 'left'
        ? 'RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported'
        : null;
    case 'left_outer':
      return streamIs === 'right'
        ? 'LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported'
        : null;
    case 'left_semi':
      return streamIs === 'right'
        ? modern
          ? 'LeftSemi join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported'
          : 'Left semi/anti joins with a streaming DataFrame/Dataset on the right are not supported'
        : null;
    case 'left_anti':
      return streamIs === 'right'
        ? modern
          ? 'LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported'
          : 'Left semi/anti joins with a streaming DataFrame/Dataset on the right are not supported'
        : null;
    case 'inner':
    case 'cross':
      return null;
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** The join type as the user wrote it (`"right"`), or Spark's name when it was not a literal. */
function written(source: string, type: JoinType): string {
  return /^[rRuUbB]?["']/.test(source) ? source.replace(/^[rRuUbB]/, '') : `"${type}"`;
}

/** An outer join type written as a string literal → `"left"`/`"right"`, the stream's side. */
function preserveStreamFixes(text: string, how: Located<JoinType>, streamIs: 'left' | 'right'): readonly Fix[] {
  if (how.value !== 'left_outer' && how.value !== 'right_outer' && how.value !== 'full_outer') return [];
  if (!/^[rRuU]?("|')[^"'\\]*\1$/.test(text.slice(how.span.start, how.span.end))) return [];
  return [{ title: `Use a ${streamIs} outer join (preserve the stream side)`, safety: 'unsafe', edits: () => [replaceStringLiteral(text, how.span, streamIs)] }];
}
