// A stateful function with an event-time timeout and no watermark before it.

import { formatSparkVersion } from '../analysis/spark-version';
import type { Fix, FixSettings } from '../analysis/types';
import { insertBeforeStep, pythonString } from '../fixes/chain-edit';
import type { OpNode } from './query';
import type { Rule, RuleMeta } from './rule';
import { eventTimeTimeoutArgument, streamingStatefulFunctions } from './stateful-function';

export const meta: RuleMeta = {
  id: 'event-time-timeout-without-watermark',
  code: 'WP608',
  severity: 'error',
  summary: 'An event-time timeout in a stateful function needs a watermark before it',
  sparkVersions: '2.2+ (3.4+ for applyInPandasWithState)',
  fixSafety: 'display-only',
  doc: `## What it does

Flags \`applyInPandasWithState(..., timeoutConf="EventTimeTimeout")\`
(PySpark) and \`(flat)MapGroupsWithState(GroupStateTimeout.EventTimeTimeout)\`
(Scala) when no \`withWatermark\` is applied before the grouping.

## Why is this bad?

An event-time timeout fires when the watermark passes the timestamp the
function set; without a watermark it could never fire. \`start()\` fails with
*Watermark must be specified in the query using
'[Dataset/DataFrame].withWatermark()' for using event-time timeout in a
applyInPandasWithState. Event-time timeout not supported without
watermark.*

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))


def sessionize(key, batches, state):
    yield from batches


sessions = events.groupBy("device").applyInPandasWithState(sessionize, "device string, n long", "n long", "append", "EventTimeTimeout")
sessions.writeStream.format("kafka").option("topic", "sessions").option("checkpointLocation", "/chk/sessions").start()
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))


def sessionize(key, batches, state):
    yield from batches


sessions = (events.withWatermark("timestamp", "10 minutes").groupBy("device")
            .applyInPandasWithState(sessionize, "device string, n long", "n long", "append", "EventTimeTimeout"))
sessions.writeStream.format("kafka").option("topic", "sessions").option("checkpointLocation", "/chk/sessions").start()
\`\`\`

## Fix safety

The fix inserts \`.withWatermark("<event time column>", "<delay>")\` before
the \`groupBy\`/\`groupByKey\` in the same chain, the delay taken from
\`whirlpool.fix.watermarkDelay\`: a template, display-only, since the
event-time column is the author's to name, and the delay decides when a
group's event-time timeout fires and which late rows are dropped. It is not
offered when the grouping call is in another statement.

## References

- [Structured Streaming Programming Guide: arbitrary stateful operations](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#arbitrary-stateful-operations)
- Spark's \`UnsupportedOperationChecker\` (event-time timeout checks)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, text, fix, report }) {
    for (const node of streamingStatefulFunctions(query)) {
      const method = node.op.method;
      if (method !== 'mapGroupsWithState' && method !== 'flatMapGroupsWithState' && method !== 'applyInPandasWithState') continue;
      const timeout = eventTimeTimeoutArgument(node);
      if (!timeout) continue;
      if (query.upstreamOps(node.id, 'watermark').some((mark) => query.isStreaming(mark.id))) continue;
      const where = method === 'applyInPandasWithState' ? 'a applyInPandasWithState' : method === 'mapGroupsWithState' ? 'a mapGroupsWithState' : 'a flatMapGroupsWithState';
      report({
        span: timeout.span,
        message: `Event-time timeout without a watermark: on Spark ${formatSparkVersion(sparkVersion)} start() fails with "Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in ${where}. Event-time timeout not supported without watermark."; add withWatermark("<event time>", "<delay>") before the grouping`,
        sparkVersion,
        fixes: watermarkTemplate(node, fix, text),
      });
    }
  },
};

/** `.withWatermark("<event time column>", "<delay>")` before the last `groupBy`/`groupByKey` of the function's own chain. */
function watermarkTemplate(node: OpNode<'statefulFunction'>, settings: FixSettings, text: string): readonly Fix[] {
  const chain = text.slice(node.span.start, node.callSpan.start);
  const groupings = [...chain.matchAll(/\.\s*groupBy(?:Key)?\s*\(/g)];
  const last = groupings[groupings.length - 1];
  if (last?.index === undefined) return [];
  const at = node.span.start + last.index;
  return [
    {
      title: `Add a .withWatermark("<event time column>", "${settings.watermarkDelay}") template before the grouping`,
      safety: 'display-only',
      edits: () => [insertBeforeStep(text, at, `.withWatermark("<event time column>", ${pythonString(settings.watermarkDelay)})`)],
    },
  ];
}
