// A stream-stream outer or semi join Spark cannot bound: no watermarked join
// key, and no watermark plus time range on the side whose rows it must drop.

import { formatSparkVersion } from '../analysis/spark-version';
import type { NodeId } from '../model/pipeline';
import { streamJoinBoundTemplate } from '../fixes/stream-join-bound-template';
import type { Rule, RuleMeta } from './rule';
import { conditionFacts, joinType, sparkJoinName, streamStreamJoins, touches, watermarkedColumns, type ConditionFacts } from './stream-stream-join';
import type { ModelQuery } from './query';

export const meta: RuleMeta = {
  id: 'stream-stream-outer-join-without-watermark',
  code: 'WP503',
  severity: 'error',
  summary: 'A stream-stream outer or semi join needs a watermarked join key, or a watermark and a time range on the nullable side',
  sparkVersions: '2.3+ (left/right outer), 3.1+ (full outer, left semi)',
  fixSafety: 'display-only',
  doc: `## What it does

Flags \`left_outer\`, \`right_outer\`, \`full_outer\` and \`left_semi\` joins
between two streams when the condition neither compares a watermarked column
for equality nor bounds the nullable side's watermarked event time by a
range (\`<\`, \`<=\`, \`>\`, \`>=\`, \`BETWEEN\`) against the other side. The
nullable side is the right one for left outer and left semi joins, the left
one for right outer joins, and either for full outer joins.

## Why is this bad?

An outer join emits the unmatched rows only when Spark knows no match can
come any more, which takes a watermark and a time bound. Without them
\`start()\` fails with *Stream-stream LeftOuter join between two streaming
DataFrame/Datasets is not supported without a watermark in the join keys, or
a watermark on the nullable side and an appropriate range condition*.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
imp = spark.readStream.format("kafka").option("subscribe", "impressions").load().select(F.col("key").alias("adId"), F.col("timestamp").alias("impTime"))
clk = spark.readStream.format("kafka").option("subscribe", "clicks").load().select(F.col("key").alias("clickAdId"), F.col("timestamp").alias("clickTime"))
joined = imp.join(clk, F.expr("adId = clickAdId"), "left_outer")
joined.writeStream.format("delta").option("checkpointLocation", "/chk/ads").start("/out/ads")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
imp = spark.readStream.format("kafka").option("subscribe", "impressions").load().select(F.col("key").alias("adId"), F.col("timestamp").alias("impTime"))
clk = spark.readStream.format("kafka").option("subscribe", "clicks").load().select(F.col("key").alias("clickAdId"), F.col("timestamp").alias("clickTime"))
joined = imp.withWatermark("impTime", "2 hours").join(
    clk.withWatermark("clickTime", "3 hours"),
    F.expr("adId = clickAdId AND clickTime >= impTime AND clickTime <= impTime + interval 1 hour"),
    "left_outer")
joined.writeStream.format("delta").option("checkpointLocation", "/chk/ads").start("/out/ads")
\`\`\`

## Fix safety

The fix is a template, display-only: it adds
\`.withWatermark("<left time>", "<delay>")\` / \`.withWatermark("<right time>", "<delay>")\`
to each input that has no watermark (the delay from
\`whirlpool.fix.watermarkDelay\`), and, when the condition has no time range,
appends \` AND <right time> BETWEEN <left time> AND <left time> + interval <bound>\`
to it (a watermarked column stands in for its placeholder). The event-time
columns, the delays and the bound are the author's choice and decide which
late rows are dropped and when an unmatched row is emitted with nulls.
It is skipped when an input without a watermark is not a plain name (\`views.join(clicks, ...)\`), or when the
condition must be extended but is not written as \`F.expr("...")\` with one
plain string literal: a condition built from Column operators, a variable
or join keys given as column names cannot be extended without risking its
precedence or meaning. On Scala, where conditions are usually Columns, a
condition compared with \`===\` gets the range as
\`&& expr("<right time> BETWEEN <left time> AND <left time> + interval <bound>")\`
(in parentheses first when it has an \`||\`).

## References

- [Structured Streaming Programming Guide: outer joins with watermarking](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#outer-joins-with-watermarking)
- Spark's \`UnsupportedOperationChecker\` (stream-stream join checks)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, text, fix, report }) {
    for (const join of streamStreamJoins(query)) {
      const type = joinType(join);
      if (type !== 'left_outer' && type !== 'right_outer' && type !== 'full_outer' && type !== 'left_semi') continue;
      const facts = conditionFacts(join);
      if (facts.unknown) continue;
      const left = watermarkedColumns(query, join.left);
      const right = watermarkedColumns(query, join.right);
      if (facts.equalities.some((columns) => touches(columns, left) || touches(columns, right))) continue;
      const nullable: readonly NodeId[] = type === 'right_outer' ? [join.left] : type === 'full_outer' ? [join.left, join.right] : [join.right];
      if (nullable.some((side) => boundedByRange(query, side, facts))) continue;
      const name = sparkJoinName(type);
      report({
        span: join.how?.span ?? join.callSpan,
        message: `${name} join of two streams without a watermarked key or time range: on Spark ${formatSparkVersion(sparkVersion)} start() fails with "Stream-stream ${name} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition"; add withWatermark to both inputs and bound the event times in the condition, e.g. "rightTime BETWEEN leftTime AND leftTime + interval 1 hour"`,
        sparkVersion,
        fixes: [streamJoinBoundTemplate(text, join, { left, right, hasRange: facts.ranges.length > 0 }, fix, query.model.language)].filter((candidate) => candidate !== null),
      });
    }
  },
};

function boundedByRange(query: ModelQuery, side: NodeId, facts: ConditionFacts): boolean {
  const watermarked = watermarkedColumns(query, side);
  return watermarked.size > 0 && facts.ranges.some((columns) => touches(columns, watermarked));
}
