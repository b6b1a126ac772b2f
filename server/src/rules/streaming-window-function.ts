// A non-time window function (`.over(Window...)`) on a streaming DataFrame.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { windowForeachBatchTemplate } from '../fixes/window-foreach-batch-template';
import type { Expr } from '../model/pipeline';
import type { Span } from '../model/span';
import type { Report, Rule, RuleMeta } from './rule';
import type { Fix, SparkVersion } from '../analysis/types';

export const meta: RuleMeta = {
  id: 'streaming-window-function',
  code: 'WP303',
  severity: 'error',
  summary: 'Window functions over Window.partitionBy(...) are not supported on streaming DataFrames',
  sparkVersions: 'all (error class NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING since 3.5)',
  fixSafety: 'display-only',
  doc: `## What it does

Flags a window function applied with \`.over(...)\` (\`row_number\`, \`rank\`,
\`dense_rank\`, \`lag\`, \`lead\`, \`sum\`/\`avg\`... over a
\`Window.partitionBy(...)\` spec) or an SQL \`OVER (...)\` clause in
\`selectExpr\`/\`expr\` or in \`spark.sql\` over a streaming temporary
view, on a streaming DataFrame. Time windows (\`F.window\`,
\`F.session_window\`) are not window functions and are not flagged.

## Why is this bad?

Structured Streaming only supports time-window aggregation. \`start()\`
fails: up to Spark 3.4 with *Non-time-based windows are not supported on
streaming DataFrames/Datasets*, from 3.5 with the error class
\`NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING\` (*Window function is not
supported in ... on streaming DataFrames/Datasets. Structured Streaming only
supports time-window aggregation using the WINDOW function.*). A
\`PARTITION BY\` over an unbounded stream would need all rows ever seen.

## Example

\`\`\`python
from pyspark.sql import SparkSession, Window, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
ranked = events.withColumn("rn", F.row_number().over(Window.partitionBy("value").orderBy("timestamp")))
ranked.writeStream.format("delta").option("checkpointLocation", "/chk/ranked").start("/out/ranked")
\`\`\`

## Use instead

Apply the window function to each micro-batch inside \`foreachBatch\` (it then
sees one batch at a time), or keep the latest row per key with
\`dropDuplicatesWithinWatermark\` or a stateful function:

\`\`\`python
from pyspark.sql import SparkSession, Window, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()

def latest(batch, batch_id):
    spec = Window.partitionBy("value").orderBy(F.col("timestamp").desc())
    (batch.withColumn("rn", F.row_number().over(spec)).filter("rn = 1").write.format("delta")
     .option("txnAppId", "latest").option("txnVersion", batch_id)
     .mode("append").save("/out/latest"))

events.writeStream.foreachBatch(latest).option("checkpointLocation", "/chk/latest").start()
\`\`\`

## Fix safety

Two shapes get a fix, on a stream named by a plain variable. One statement
that adds the window function to the stream (\`ranked = events.withColumn("rn", ...)\`,
possibly with more steps that keep no state), up to four more statements each
reading only the one before (\`latest = ranked.filter("rn = 1")\`), and one
\`latest.writeStream...start()\` (or \`toTable()\`) that is the only reader of
the last one: the fix moves those statements, in order, into foreachBatch.
Or the window function chained straight into the writer
(\`events.withColumn("rn", ...).filter("rn = 1").writeStream...start()\`, on
one line or split over lines in parentheses): the steps between the stream
and \`.writeStream\` move, and the query writes \`events\` itself. The
handler is a function \`write_latest(batch_df, batch_id)\` in Python (named
after the last statement's variable; for a chain, after the query name, else
the last part of the sink's path or table, else the stream), an inline
\`foreachBatch { (batch: DataFrame, batchId: Long) => ... }\` block in
Scala. There the window function runs on the batch DataFrame, and the batch
is written with the batch writer to the query's sink (same format, options
and path or table; \`txnAppId\`/\`txnVersion\` on Delta so a replayed batch
is not written twice; \`show()\` for the console). The query itself keeps
its checkpoint, trigger, output mode and name, and starts with \`start()\`.

It is display-only: the window function then sees one micro-batch at a
time, never the rows of earlier batches (a \`row_number()\` ranks within
the batch, a \`lag\` finds no predecessor across batches), which only the
author can accept, and a memory sink, which has no batch writer, becomes a
\`saveAsTable("<table>")\` placeholder. A file sink written from foreachBatch
is no longer exactly-once (\`foreach-batch-non-idempotent-write\` then says
so), and a query without a checkpoint (a console query) should get one
(\`missing-checkpoint-location\`).

No fix is offered when an aggregation, a deduplication, a watermark or
another stateful step is among the steps that would move (one in an earlier
statement stays on the stream, and the handler sees its output batch by
batch), when the stream is not a plain variable
(\`spark.readStream...load().withColumn(...)\`), when the window's DataFrame
is read elsewhere too, when the statement reads the stream again
(\`events.device\`), when the writer's steps cannot be carried over (a
format or options that are not literal steps, a \`start\` with more than a
path), or for \`OVER\` in \`spark.sql\` text.

## References

- Jayesh Lalwani, *Whirlpools in the Stream* (Spark+AI Summit): "PARTITION BY clause is supported only for time windows"
- [SPARK-44044: error class for window functions on streams](https://github.com/apache/spark/pull/41578)
- [Structured Streaming Programming Guide: unsupported operations](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#unsupported-operations)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    // spark.sql over a streaming temp view: the window function is in the query text.
    for (const node of query.model.nodes) {
      if (node.kind !== 'source' || node.source.api !== 'sql' || node.source.sql?.value.kind !== 'string' || !query.isStreaming(node.id)) continue;
      const sql: Extract<Expr, { kind: 'sql' }> = { kind: 'sql', text: node.source.sql.value.value, span: node.source.sql.span };
      for (const use of windowFunctionUses(sql)) report(reportFor(use, null, sparkVersion, null));
    }
    const uses = [
      ...query.methods('over').map(({ node, top, expr }) => ({ node, top, use: { span: expr.span, function: functionName(expr.receiver) } })),
      ...query.sqlExprs().flatMap(({ node, top, expr }) => windowFunctionUses(expr).map((use) => ({ node, top, use }))),
    ].sort((a, b) => a.use.span.start - b.use.span.start);
    const seen = new Set<string>();
    for (const { node, top, use } of uses) {
      if (!query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      const key = `${use.span.start}:${use.span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const column = node.op.kind === 'withColumn' ? node.op.name : null;
      report(reportFor(use, aliasOf(top) ?? column, sparkVersion, windowForeachBatchTemplate(text, query, node)));
    }
  },
};

function reportFor(use: WindowFunctionUse, column: string | null, sparkVersion: SparkVersion, fix: Fix | null): Report {
  const reason = isAtLeast(sparkVersion, 3, 5)
    ? `[NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING] Window function is not supported in ${use.function}${column ? ` (as column ${column})` : ''} on streaming DataFrames/Datasets`
    : 'Non-time-based windows are not supported on streaming DataFrames/Datasets';
  return {
    span: use.span,
    message: `Window function ${use.function} over a partition spec on a streaming DataFrame: on Spark ${formatSparkVersion(sparkVersion)} start() fails with "${reason}", since streams only support time windows; apply it per micro-batch inside foreachBatch, or keep the latest row per key with dropDuplicatesWithinWatermark or a stateful function`,
    sparkVersion,
    fixes: fix ? [fix] : [],
  };
}

interface WindowFunctionUse {
  readonly span: Span;
  /** `row_number()`, `lag(...)`, or `OVER` for SQL text. */
  readonly function: string;
}

/** An SQL `OVER (...)` clause in SQL text. */
function windowFunctionUses(sql: Extract<Expr, { kind: 'sql' }>): readonly WindowFunctionUse[] {
  if (!/\bover\s*\(/i.test(sql.text)) return [];
  const match = /\b(\w+)\s*\([^()]*\)\s*over\s*\(/i.exec(sql.text);
  return [{ span: sql.span, function: match ? `${match[1]}()` : 'OVER (...)' }];
}

function functionName(expr: Expr): string {
  if (expr.kind === 'call') return `${expr.name}()`;
  if (expr.kind === 'method') return functionName(expr.receiver);
  return 'a window function';
}

function aliasOf(expr: Expr): string | null {
  if (expr.kind === 'method' && (expr.name === 'alias' || expr.name === 'name')) {
    const alias = expr.args[0];
    if (alias?.kind === 'literal' && typeof alias.value === 'string') return alias.value;
  }
  return null;
}
