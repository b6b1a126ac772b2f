// A `session_window` aggregation written in Update mode.

import { formatSparkVersion } from '../analysis/spark-version';
import type { Expr } from '../model/pipeline';
import { walkExpr } from '../model/walk';
import { outputModeFix } from '../fixes/output-mode-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'update-with-session-window',
  code: 'WP203',
  severity: 'error',
  summary: 'Session windows cannot be written in Update mode: use Append (with a watermark) or Complete',
  sparkVersions: '3.2+ (session windows arrived in 3.2)',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a streaming aggregation grouped by \`session_window(...)\` whose query
writes in Update mode.

## Why is this bad?

A session can merge with a later one, so rows already emitted in Update mode
could not be taken back. \`start()\` fails with *Update output mode not
supported for session window on streaming DataFrames/DataSets*.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
sessions = (events.withWatermark("timestamp", "10 minutes")
            .groupBy(F.session_window("timestamp", "5 minutes"), "id").count())
(sessions.writeStream.outputMode("update").format("delta")
    .option("checkpointLocation", "/chk/sessions").start("/out/sessions"))
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
sessions = (events.withWatermark("timestamp", "10 minutes")
            .groupBy(F.session_window("timestamp", "5 minutes"), "id").count())
(sessions.writeStream.outputMode("append").format("delta")
    .option("checkpointLocation", "/chk/sessions").start("/out/sessions"))
\`\`\`

## Fix safety

The fix writes \`"append"\` where the query names \`"update"\`. It is unsafe:
a session is then written once, when the watermark passes its end, instead of
being updated as it grows, so results arrive later and only once; without a
watermark on the session column the Append query does not start either (the
aggregation rules point that out).

## References

- [Structured Streaming Programming Guide: types of time windows](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#types-of-time-windows)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    for (const aggregation of query.ops('aggregate')) {
      if (!query.isStreaming(aggregation.id) || query.inForeachBatchHandler(aggregation)) continue;
      if (!aggregation.op.keys.some(hasSessionWindow)) continue;
      const update = query.writersOf(aggregation.id).find((writer) => query.outputMode(writer) === 'update');
      if (!update?.outputMode) continue;
      report({
        span: update.outputMode.span,
        message: `Update mode on a session window aggregation: on Spark ${formatSparkVersion(sparkVersion)} sessions can still merge, so emitted rows could not be taken back, and start() fails with "Update output mode not supported for session window on streaming DataFrames/DataSets"; use outputMode("append") with the watermark, or "complete"`,
        sparkVersion,
        related: [{ span: aggregation.op.groupSpan, message: 'session window aggregation' }],
        fixes: [outputModeFix(text, update, 'append', 'unsafe')].filter((fix) => fix !== null),
      });
    }
  },
};

function hasSessionWindow(key: Expr): boolean {
  let found = false;
  walkExpr(key, (inner) => {
    if (inner.kind === 'call' && inner.namespace === 'functions' && inner.name === 'session_window') found = true;
    else if (inner.kind === 'sql' && /\bsession_window\s*\(/i.test(inner.text)) found = true;
  });
  return found;
}
