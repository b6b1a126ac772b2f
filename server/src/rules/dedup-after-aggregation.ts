// `dropDuplicates` on the result of a streaming aggregation.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { capitalise, outputModesOf } from './aggregation-watermark';
import { upstreamOfKind } from './upstream-of-kind';
import { removeStepFix } from '../fixes/remove-step-fix';
import type { Expr } from '../model/pipeline';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'dedup-after-aggregation',
  code: 'WP403',
  severity: 'error',
  summary: 'Deduplicating an aggregated stream fails before Spark 3.4, and in Update or Complete mode after',
  sparkVersions: '< 3.4: always an error; 3.4+: an error in Update and Complete mode',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`dropDuplicates\`, \`drop_duplicates\` and \`distinct()\` applied to a
DataFrame that already holds a streaming aggregation: always before Spark
3.4, and from 3.4 when the query writes in Update or Complete mode.

## Why is this bad?

Up to 3.3 \`start()\` fails with *dropDuplicates is not supported after
aggregation on a streaming DataFrame/Dataset*. From 3.4 stateful operators
can be chained in Append mode only; in Update or Complete mode the
aggregation emits rows the deduplication would treat as late, and \`start()\`
fails with the correctness check (*Detected pattern of possible
'correctness' issue due to global watermark...*). The groups of an
aggregation are unique already, so the deduplication is usually redundant.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.groupBy("value").count().dropDuplicates()
(counts.writeStream.outputMode("complete").format("delta")
    .option("checkpointLocation", "/chk/values").start("/out/values"))
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.withWatermark("timestamp", "1 hour").groupBy(F.window("timestamp", "1 hour"), "value").count()
(counts.writeStream.outputMode("update").format("delta")
    .option("checkpointLocation", "/chk/values").start("/out/values"))
\`\`\`

## Fix safety

The fix removes the deduplication when it keeps rows distinct on all the
grouping columns (or on every column), which the aggregation already does
within its result table. It is unsafe: in Update mode a group that changes is
written again in a later batch, and a deduplication over the whole stream
would have dropped a repeated row that the sink now receives (an upsert sink
keyed on the group absorbs it). No fix is offered for a deduplication on
other columns.

## References

- [SPARK-40940: multiple stateful operators](https://github.com/apache/spark/pull/38503)
- [Structured Streaming Programming Guide: unsupported operations](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#unsupported-operations)
`,
};

const beforeThreeFour = 'dropDuplicates is not supported after aggregation on a streaming DataFrame/Dataset';
const correctness = "Detected pattern of possible 'correctness' issue due to global watermark";

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    const on = `on Spark ${formatSparkVersion(sparkVersion)}`;
    for (const node of query.ops('dedup')) {
      if (!query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      const aggregations = upstreamOfKind(query, node.id, 'aggregate').filter((aggregation) => query.isStreaming(aggregation.id));
      const aggregation = aggregations[aggregations.length - 1];
      if (!aggregation) continue;
      const related = [{ span: aggregation.op.groupSpan, message: 'streaming aggregation' }];
      const method = node.op.method;
      const fixes = coversGroups(node.op.columns, aggregation.op.keys) ? [removeStepFix(text, node, [method], `Remove .${method}()`, 'unsafe')].filter((fix) => fix !== null) : [];
      if (!isAtLeast(sparkVersion, 3, 4)) {
        report({
          span: node.callSpan,
          message: `${method}() after a streaming aggregation: ${on} start() fails with "${beforeThreeFour}"; remove it (the groups are unique already), or move to Spark 3.4+ and Append mode`,
          sparkVersion,
          related,
          fixes,
        });
        continue;
      }
      const mode = outputModesOf(query, node.id).find((candidate) => candidate !== 'append');
      if (!mode) continue;
      report({
        span: node.callSpan,
        message: `${method}() after a streaming aggregation in ${capitalise(mode)} mode: ${on} chained stateful operators need Append mode, and start() fails with "${correctness}"; remove it (the groups are unique already), or write with outputMode("append") and a watermark`,
        sparkVersion,
        related,
        fixes,
      });
    }
  },
};

/** Whether deduplicating on `columns` (null: every column) is implied by grouping on `keys`: every key is a plain column among them. */
function coversGroups(columns: readonly string[] | null, keys: readonly Expr[]): boolean {
  if (columns === null) return true;
  return keys.length > 0 && keys.every((key) => {
    const name = keyColumn(key);
    return name !== null && columns.includes(name);
  });
}

/** The column a grouping key names: `"k"`, `F.col("k")`; null for an expression. */
function keyColumn(key: Expr): string | null {
  if (key.kind === 'column') return key.name;
  if (key.kind === 'literal' && typeof key.value === 'string') return key.value;
  if (key.kind === 'call' && key.namespace === 'functions' && (key.name === 'col' || key.name === 'column')) {
    const argument = key.args[0];
    if (argument?.kind === 'literal' && typeof argument.value === 'string') return argument.value;
    if (argument?.kind === 'column') return argument.name;
  }
  return null;
}
