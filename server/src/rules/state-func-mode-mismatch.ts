// flatMapGroupsWithState / applyInPandasWithState whose own output mode
// differs from the query's, in a query without aggregation.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { outputModeFix } from '../fixes/output-mode-fix';
import type { Rule, RuleMeta } from './rule';
import { functionMode, modeName, queriesOf, queryHasAggregation, streamingStatefulFunctions } from './stateful-function';

export const meta: RuleMeta = {
  id: 'state-func-mode-mismatch',
  code: 'WP605',
  severity: 'error',
  summary: "A stateful function's own output mode must equal the query's output mode",
  sparkVersions: '2.2+ (flatMapGroupsWithState), 3.4+ (applyInPandasWithState)',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`applyInPandasWithState(func, outputSchema, stateSchema, outputMode,
timeoutConf)\` (PySpark) and \`flatMapGroupsWithState(OutputMode.X, ...)\`
(Scala) whose output-mode argument differs from the output mode of the query
it is written in (Append when the writer gives none), in queries without a
streaming aggregation (those are the business of
\`state-func-with-aggregation\`).

## Why is this bad?

The operator's mode says whether its rows are final (append) or updates of
earlier ones (update); the sink must be written the same way. \`start()\`
fails with, for example, *applyInPandasWithState in update mode is not
supported with Append output mode on a streaming DataFrame/Dataset*.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))


def count_events(key, batches, state):
    yield from batches


counts = events.groupBy("device").applyInPandasWithState(count_events, "device string, n long", "n long", "update", "NoTimeout")
counts.writeStream.format("kafka").option("topic", "counts").option("checkpointLocation", "/chk/counts").start()
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))


def count_events(key, batches, state):
    yield from batches


counts = events.groupBy("device").applyInPandasWithState(count_events, "device string, n long", "n long", "update", "NoTimeout")
counts.writeStream.outputMode("update").format("kafka").option("topic", "counts").option("checkpointLocation", "/chk/counts").start()
\`\`\`

## Fix safety

The fix makes the writer's output mode the operator's (\`outputMode("append")\`
for \`OutputMode.Append()\` / \`"append"\`), where the writer's mode is written
in the query's own chain or left to the default. It is unsafe: the other
way round (changing the operator's mode) may be what was meant, and the
writer's mode changes what the sink receives.

## References

- [Structured Streaming Programming Guide: arbitrary stateful operations](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#arbitrary-stateful-operations)
- [PySpark: GroupedData.applyInPandasWithState](https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.GroupedData.applyInPandasWithState.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    for (const node of streamingStatefulFunctions(query)) {
      const method = node.op.method;
      if (method !== 'flatMapGroupsWithState' && method !== 'applyInPandasWithState') continue;
      if (method === 'applyInPandasWithState' && !isAtLeast(sparkVersion, 3, 4)) continue;
      const own = functionMode(node);
      if (own === null) continue;
      const reported = new Set<string>();
      for (const { writer, mode } of queriesOf(query, node)) {
        if (mode === own || reported.has(mode) || queryHasAggregation(query, writer)) continue;
        reported.add(mode);
        report({
          span: node.op.outputMode?.span ?? node.callSpan,
          message: `${method} in ${own} mode written in ${modeName(mode)} mode: on Spark ${formatSparkVersion(sparkVersion)} start() fails with "${method} in ${own} mode is not supported with ${modeName(mode)} output mode on a streaming DataFrame/Dataset"; make the writer's outputMode("${own}") match the operator's mode argument`,
          sparkVersion,
          fixes: queriesOf(query, node)
            .filter((other) => other.mode === mode)
            .map((other) => outputModeFix(text, other.writer, own, 'unsafe'))
            .filter((fix) => fix !== null),
        });
      }
    }
  },
};