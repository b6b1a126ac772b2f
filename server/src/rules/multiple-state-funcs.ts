// Several arbitrary stateful functions in one query, in combinations Spark rejects.

import { formatSparkVersion } from '../analysis/spark-version';
import type { Rule, RuleMeta } from './rule';
import { functionMode, streamingStatefulFunctions, type StatefulFunctionNode } from './stateful-function';

export const meta: RuleMeta = {
  id: 'multiple-state-funcs',
  code: 'WP607',
  severity: 'error',
  summary: 'A query may hold one mapGroupsWithState or applyInPandasWithState, and several flatMapGroupsWithState only all in Append mode',
  sparkVersions: '2.2+ (3.4+ for applyInPandasWithState)',
  fixSafety: null,
  doc: `## What it does

Flags a query that holds two \`applyInPandasWithState\` (PySpark), two
\`mapGroupsWithState\`, a \`mapGroupsWithState\` and a
\`flatMapGroupsWithState\`, or two \`flatMapGroupsWithState\` not all in
append mode in an Append-mode query (Scala; read from the pipeline model).
The finding is on the later operator.

## Why is this bad?

Spark checks the whole plan at \`start()\` and fails with *Multiple
applyInPandasWithStates are not supported on a streaming
DataFrames/Datasets* (and the matching messages for mapGroupsWithState,
mixing, and flatMapGroupsWithState).

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))


def first_pass(key, batches, state):
    yield from batches


def second_pass(key, batches, state):
    yield from batches


stage_one = events.groupBy("device").applyInPandasWithState(first_pass, "device string, n long", "n long", "append", "NoTimeout")
stage_two = stage_one.groupBy("device").applyInPandasWithState(second_pass, "device string, n long", "n long", "append", "NoTimeout")
stage_two.writeStream.format("kafka").option("topic", "out").option("checkpointLocation", "/chk/out").start()
\`\`\`

## Use instead

Do both steps in one function (or, on Spark 4.0+, use
\`transformWithStateInPandas\`, which can be chained):

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))


def both_passes(key, batches, state):
    yield from batches


result = events.groupBy("device").applyInPandasWithState(both_passes, "device string, n long", "n long", "append", "NoTimeout")
result.writeStream.format("kafka").option("topic", "out").option("checkpointLocation", "/chk/out").start()
\`\`\`

## Fix safety

No fix is offered: merging two functions is the author's work.

## References

- Spark's \`UnsupportedOperationChecker\` (whole-plan checks on stateful functions)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, report }) {
    const on = `on Spark ${formatSparkVersion(sparkVersion)}`;
    const functions = streamingStatefulFunctions(query);
    if (functions.length < 2) return;
    const reported = new Set<number>();
    for (const writer of query.model.writers) {
      const lineage = query.lineage(writer.input);
      const inQuery = functions.filter((node) => lineage.has(node.id));
      const byMethod = (method: string): StatefulFunctionNode[] => inQuery.filter((node) => node.op.method === method);
      const mapped = byMethod('mapGroupsWithState');
      const flatMapped = byMethod('flatMapGroupsWithState');
      const pandas = byMethod('applyInPandasWithState');
      const flag = (node: StatefulFunctionNode | undefined, spark: string, fix: string): void => {
        if (!node || reported.has(node.id)) return;
        reported.add(node.id);
        report({ span: node.callSpan, message: `Several stateful functions in one query: ${on} start() fails with "${spark}"; ${fix}`, sparkVersion });
      };
      const merge = 'merge them into one stateful function, split the query in two, or use transformWithState (4.0+)';
      if (mapped.length >= 2) flag(mapped[1], 'Multiple mapGroupsWithStates are not supported on a streaming DataFrames/Datasets', merge);
      if (mapped.length >= 1 && flatMapped.length >= 1) {
        const later = [mapped[0], flatMapped[0]].sort((a, b) => (a?.id ?? 0) - (b?.id ?? 0))[1];
        flag(later, 'Mixing mapGroupsWithStates and flatMapGroupsWithStates are not supported on a streaming DataFrames/Datasets', merge);
      }
      if (flatMapped.length >= 2) {
        const queryAppend = query.outputMode(writer) === 'append';
        if (!queryAppend || flatMapped.some((node) => functionMode(node) === 'update')) {
          flag(
            flatMapped[1],
            'Multiple flatMapGroupsWithStates are not supported when they are not all in append mode or the output mode is not append on a streaming DataFrames/Datasets',
            'put every flatMapGroupsWithState in append mode and write the query in Append mode, or merge them',
          );
        }
      }
      if (pandas.length >= 2) flag(pandas[1], 'Multiple applyInPandasWithStates are not supported on a streaming DataFrames/Datasets', merge);
    }
  },
};
