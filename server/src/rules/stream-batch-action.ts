// An eager action (`show`, `count`, `collect`, ...) on a streaming DataFrame.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'stream-batch-action',
  code: 'WP101',
  severity: 'error',
  summary: 'Batch actions (show, count, collect, toPandas, ...) fail on a streaming DataFrame: start a streaming query instead',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags an eager action called on a streaming DataFrame: \`show\`, \`count\`
(the DataFrame's, not \`groupBy(...).count()\`), \`collect\`, \`take\`,
\`head\`, \`first\`, \`tail\`, \`toPandas\`, \`toLocalIterator\`, \`foreach\`,
\`foreachPartition\`, \`isEmpty\`, \`describe\`, \`summary\`, \`.rdd\`, and the
eager statistics \`approxQuantile\`, \`corr\`, \`cov\`, \`crosstab\`,
\`freqItems\` (also under \`df.stat\`).

## Why is this bad?

An action runs a batch job over the plan, and a plan with a streaming source
cannot run as a batch: Spark fails at the call with *Queries with streaming
sources must be executed with writeStream.start()*. A stream has no end, so
there is nothing to count or collect.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
events.filter("value > 10").show()
\`\`\`

## Use instead

Start a streaming query; to look at each micro-batch as a batch, use
\`foreachBatch\`:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
(events.filter("value > 10").writeStream.format("delta")
    .option("checkpointLocation", "/chk/large").start("/out/large"))
\`\`\`

## Fix safety

No fix is offered: which sink replaces the action is the developer's choice.

## References

- [Structured Streaming Programming Guide: unsupported operations](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#unsupported-operations)
- Spark source: \`UnsupportedOperationChecker.checkForBatch\`
`,
};

const sparkMessage = 'Queries with streaming sources must be executed with writeStream.start()';

/** Eager statistics that arrive as plain DataFrame methods in the model. */
const eagerStatistics = new Set(['crosstab', 'freqItems', 'stat.crosstab', 'stat.freqItems']);

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    const handlers = new Set(query.model.functions.filter((fn) => fn.isForeachBatchHandler).map((fn) => fn.name));
    for (const action of query.model.actions) {
      // A stream used inside a foreachBatch handler is `foreachbatch-uses-outer-stream`'s business.
      if (!query.isStreaming(action.input) || (action.scope !== null && handlers.has(action.scope))) continue;
      report({ span: action.span, message: messageFor(action.method) });
    }
    for (const node of query.ops('other')) {
      if (!eagerStatistics.has(node.op.method) || !query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      report({ span: node.callSpan, message: messageFor(node.op.method) });
    }
  },
};

function messageFor(method: string): string {
  const action = method === 'rdd' ? '.rdd' : `${method}()`;
  const instead = insteadOf(method);
  return `${action} on a streaming DataFrame: an action runs a batch job and Spark fails with "${sparkMessage}"; ${instead}`;
}

function insteadOf(method: string): string {
  switch (method) {
    case 'show':
      return 'start a streaming query instead, e.g. writeStream.format("console").start() while developing';
    case 'count':
      return 'count with an aggregation, groupBy().count(), written by a streaming query';
    case 'foreach':
    case 'foreachPartition':
      return 'write rows with writeStream.foreach(...).start() (a row function or a ForeachWriter)';
    default:
      return 'start a streaming query with writeStream, and run batch logic on each micro-batch inside foreachBatch';
  }
}
