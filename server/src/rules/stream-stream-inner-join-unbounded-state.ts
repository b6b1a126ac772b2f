// A stream-stream inner join whose state Spark can never clean up.

import { streamJoinBoundTemplate } from '../fixes/stream-join-bound-template';
import type { Rule, RuleMeta } from './rule';
import { conditionFacts, joinType, streamStreamJoins, touches, watermarkedColumns } from './stream-stream-join';

export const meta: RuleMeta = {
  id: 'stream-stream-inner-join-unbounded-state',
  code: 'WP505',
  severity: 'warning',
  summary: 'A stream-stream inner join without watermarks on both sides and a time constraint keeps all rows in state forever',
  sparkVersions: '2.3+',
  fixSafety: 'display-only',
  doc: `## What it does

Flags inner joins between two streams where a side has no watermark, or
the condition has no time constraint: neither an equality on a watermarked
column (such as a shared time window) nor a range between the two sides'
watermarked event times.

## Why is this bad?

Spark buffers every row of both inputs in state, because any future row of
the other side could still match it. Without watermarks and a time
constraint nothing is ever dropped: the state grows without bound until
the query slows down or the executors run out of memory. Spark runs such a
query without complaint.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
views = spark.readStream.format("kafka").option("subscribe", "views").load().select(F.col("key").alias("ad"), F.col("timestamp").alias("viewed"))
clicks = spark.readStream.format("kafka").option("subscribe", "clicks").load().select(F.col("key").alias("clickAd"), F.col("timestamp").alias("clicked"))
joined = views.join(clicks, F.expr("ad = clickAd"))
joined.writeStream.format("delta").option("checkpointLocation", "/chk/joined").start("/out/joined")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
views = spark.readStream.format("kafka").option("subscribe", "views").load().select(F.col("key").alias("ad"), F.col("timestamp").alias("viewed"))
clicks = spark.readStream.format("kafka").option("subscribe", "clicks").load().select(F.col("key").alias("clickAd"), F.col("timestamp").alias("clicked"))
joined = views.withWatermark("viewed", "2 hours").join(
    clicks.withWatermark("clicked", "3 hours"),
    F.expr("ad = clickAd AND clicked BETWEEN viewed AND viewed + interval 1 hour"))
joined.writeStream.format("delta").option("checkpointLocation", "/chk/joined").start("/out/joined")
\`\`\`

## Fix safety

The fix is a template, display-only: it adds
\`.withWatermark("<left time>", "<delay>")\` / \`.withWatermark("<right time>", "<delay>")\`
to each input that has no watermark (the delay from
\`whirlpool.fix.watermarkDelay\`), and, when the condition has no time range,
appends \` AND <right time> BETWEEN <left time> AND <left time> + interval <bound>\`
to it (a watermarked column stands in for its placeholder). The event-time
columns, the delays and the bound are the author's choice and decide which
late rows are dropped and when a row leaves the state.
It is skipped when an input without a watermark is not a plain name (\`views.join(clicks, ...)\`), or when the
condition must be extended but is not written as \`F.expr("...")\` with one
plain string literal: a condition built from Column operators, a variable
or join keys given as column names cannot be extended without risking its
precedence or meaning.

## References

- [Structured Streaming Programming Guide: inner joins with optional watermarking](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#inner-joins-with-optional-watermarking)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, fix, report }) {
    for (const join of streamStreamJoins(query)) {
      const type = joinType(join);
      if (type !== 'inner' && type !== 'cross') continue;
      const facts = conditionFacts(join);
      if (facts.unknown) continue;
      const left = watermarkedColumns(query, join.left);
      const right = watermarkedColumns(query, join.right);
      const missing = left.size === 0 && right.size === 0 ? 'either side' : left.size === 0 ? 'the left side' : right.size === 0 ? 'the right side' : null;
      if (missing === null) {
        const watermarked = new Set([...left, ...right]);
        const bounded =
          facts.equalities.some((columns) => touches(columns, watermarked)) || facts.ranges.some((columns) => touches(columns, left) && touches(columns, right));
        if (bounded) continue;
      }
      const why = missing === null ? 'the condition has no time range between the two event times' : `there is no watermark on ${missing}`;
      report({
        span: join.callSpan,
        message: `Stream-stream inner join with unbounded state: ${why}, so Spark keeps every row of both inputs in state forever; add withWatermark to both inputs and a time constraint to the condition, e.g. "rightTime BETWEEN leftTime AND leftTime + interval 1 hour"`,
        fixes: [streamJoinBoundTemplate(text, join, { left, right, hasRange: facts.ranges.some((columns) => touches(columns, left) && touches(columns, right)) || (missing !== null && facts.ranges.length > 0) }, fix, query.model.language)].filter((candidate) => candidate !== null),
      });
    }
  },
};
