// mapGroupsWithState outside Update mode, or with an aggregation before Spark 3.4.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { outputModeFix } from '../fixes/output-mode-fix';
import type { Rule, RuleMeta } from './rule';
import { modeName, queriesOf, queryHasAggregation, streamingStatefulFunctions } from './stateful-function';

export const meta: RuleMeta = {
  id: 'map-groups-with-state-mode',
  code: 'WP604',
  severity: 'error',
  summary: 'mapGroupsWithState only runs in Update output mode (and, before Spark 3.4, without aggregations)',
  sparkVersions: '2.2+ (the aggregation check: < 3.4)',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`groupByKey(...).mapGroupsWithState(...)\` (Scala/Java; the rule
reads the pipeline model, so any front end that lowers the call gets it) in a
query written in Append or Complete mode, and, for Spark before 3.4, in a
query that also has a streaming aggregation.

## Why is this bad?

\`mapGroupsWithState\` returns exactly one row per key and batch, which can
only be an update of earlier output. \`start()\` fails with
*mapGroupsWithState is not supported with Append output mode on a streaming
DataFrame/Dataset*; before Spark 3.4 an aggregation in the same query fails
with *mapGroupsWithState is not supported with aggregation on a streaming
DataFrame/Dataset*.

## Example

The Python below has the shape of the Scala API, as a Scala front end lowers it:

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))
sessions = events.groupBy("device").mapGroupsWithState("NoTimeout")
sessions.writeStream.outputMode("append").format("kafka").option("topic", "sessions").option("checkpointLocation", "/chk/sessions").start()
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))
sessions = events.groupBy("device").mapGroupsWithState("NoTimeout")
sessions.writeStream.outputMode("update").format("kafka").option("topic", "sessions").option("checkpointLocation", "/chk/sessions").start()
\`\`\`

## Fix safety

The fix writes the query in Update mode (\`outputMode("update")\`, added after
\`writeStream\` or replacing the mode written in the query's own chain). It
is unsafe: every state update the function returns is then written as it
happens, so the sink must upsert on the key; keep the mode and switch to
\`flatMapGroupsWithState\` in Append mode if rows must be written once.

## References

- [Structured Streaming Programming Guide: output modes](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-modes)
- Spark's \`UnsupportedOperationChecker\` (mapGroupsWithState checks)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    const on = `on Spark ${formatSparkVersion(sparkVersion)}`;
    for (const node of streamingStatefulFunctions(query, 'mapGroupsWithState')) {
      const reported = new Set<string>();
      for (const { writer, mode } of queriesOf(query, node)) {
        if (mode !== 'update' && !reported.has(mode)) {
          reported.add(mode);
          report({
            span: node.callSpan,
            message: `mapGroupsWithState in a query written in ${modeName(mode)} mode: ${on} start() fails with "mapGroupsWithState is not supported with ${modeName(mode)} output mode on a streaming DataFrame/Dataset"; write the query with outputMode("update"), or use flatMapGroupsWithState in Append mode`,
            sparkVersion,
            fixes: queriesOf(query, node)
              .filter((other) => other.mode === mode)
              .map((other) => outputModeFix(text, other.writer, 'update', 'unsafe'))
              .filter((fix) => fix !== null),
          });
        }
        if (!isAtLeast(sparkVersion, 3, 4) && queryHasAggregation(query, writer) && !reported.has('aggregation')) {
          reported.add('aggregation');
          report({
            span: node.callSpan,
            message: `mapGroupsWithState in a query with a streaming aggregation: ${on} start() fails with "mapGroupsWithState is not supported with aggregation on a streaming DataFrame/Dataset"; split the query in two, or move to Spark 3.4+`,
            sparkVersion,
          });
        }
      }
    }
  },
};