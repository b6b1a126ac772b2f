// A stateful function with an event-time timeout and no watermark before it.

import { formatSparkVersion } from '../analysis/spark-version';
import type { Rule, RuleMeta } from './rule';
import { eventTimeTimeoutArgument, streamingStatefulFunctions } from './stateful-function';

export const meta: RuleMeta = {
  id: 'event-time-timeout-without-watermark',
  code: 'WP608',
  severity: 'error',
  summary: 'An event-time timeout in a stateful function needs a watermark before it',
  sparkVersions: '2.2+ (3.4+ for applyInPandasWithState)',
  fixSafety: null,
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

No fix is offered: the event-time column and the delay are the author's
choice.

## References

- [Structured Streaming Programming Guide: arbitrary stateful operations](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#arbitrary-stateful-operations)
- Spark's \`UnsupportedOperationChecker\` (event-time timeout checks)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, report }) {
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
      });
    }
  },
};
