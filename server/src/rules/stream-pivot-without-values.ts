// `groupBy(...).pivot(column)` without the list of values, on a stream.

import { pivotValuesTemplate } from '../fixes/pivot-values-template';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'stream-pivot-without-values',
  code: 'WP102',
  severity: 'error',
  summary: 'pivot(column) without values runs a batch job to find them, which fails on a stream',
  sparkVersions: 'all',
  fixSafety: 'display-only',
  doc: `## What it does

Flags \`groupBy(...).pivot(column)\` without its \`values\` argument on a
streaming DataFrame.

## Why is this bad?

Without values, Spark finds the pivot values by running
\`distinct().collect()\` on the input, an eager batch job. On a stream that
fails at once with *Queries with streaming sources must be executed with
writeStream.start()*.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = (events.withWatermark("timestamp", "1 minute")
          .groupBy(F.window("timestamp", "1 minute")).pivot("value").count())
\`\`\`

## Use instead

Write one conditional aggregate per known value:

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = (events.withWatermark("timestamp", "1 minute")
          .groupBy(F.window("timestamp", "1 minute"))
          .agg(F.count(F.when(F.col("value") % 2 == 0, 1)).alias("even"),
               F.count(F.when(F.col("value") % 2 == 1, 1)).alias("odd")))
(counts.writeStream.format("delta").option("checkpointLocation", "/chk/parity").start("/out/parity"))
\`\`\`

## Fix safety

The fix is display-only: it shows \`.pivot(c).count()\` (or \`.sum("x")\`
and the other shortcut aggregates) replaced by one conditional aggregate per
value, \`.agg(*[F.count(F.when(F.col(c) == v, 1)).alias(str(v)) for v in ["<value>", ...]])\`,
and the linter cannot know the values: the list must be filled in. It writes
the name the file imports \`pyspark.sql.functions\` under; in a file that
imports it under none, \`F\`, with \`from pyspark.sql import functions as F\`
added below the imports (not offered when the file binds \`F\` to something
else). It is offered only when the pivot column is a plain column name; a
pivot followed by \`.agg(...)\` gets no template. On Scala, in a file that imports
\`org.apache.spark.sql.functions._\` (or the \`functions\` object, then
qualified), it writes one aggregate per value,
\`.agg(count(when($"c" === "<value 1>", 1)).as("<value 1>"), ...)\`, with two
placeholder values to replace and extend (\`col("c")\` when the file does not
import a session's implicits).

## References

- [PySpark API: GroupedData.pivot](https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.GroupedData.pivot.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, spelling, text, report }) {
    for (const node of query.ops('aggregate')) {
      const pivot = node.op.pivot;
      if (!pivot || pivot.values !== null || !query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      const template = pivotValuesTemplate(text, node, spelling);
      report({
        span: node.callSpan,
        message: `pivot() without values on a streaming DataFrame: Spark collects the distinct pivot values with a batch job and fails with "Queries with streaming sources must be executed with writeStream.start()"; write one conditional aggregate per known value, e.g. ${spelling.call('count', spelling.call('when', `${spelling.call('col', 'c')} ${spelling.equals} v`, '1'))}.alias(v)`,
        fixes: template ? [template] : [],
      });
    }
  },
};
