// An aggregation stacked on a streaming aggregation.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import type { Fix, SparkVersion } from '../analysis/types';
import type { Expr } from '../model/pipeline';
import { hasOpaquePart, referencedColumns } from './expr';
import type { ModelQuery, OpNode, OutputMode } from './query';
import type { Rule, RuleMeta } from './rule';
import type { Spelling } from './spelling';

export const meta: RuleMeta = {
  id: 'chained-streaming-aggregations',
  code: 'WP601',
  severity: 'error',
  summary: 'An aggregation on an already aggregated stream fails before Spark 3.4, and from 3.4 needs Append mode and a watermarked event-time key',
  sparkVersions: '< 3.4: always an error; 3.4+: an error unless Append mode with an event-time key',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a streaming aggregation (\`groupBy(...).agg(...)\`, \`.count()\`, ...)
applied to a DataFrame that is already the result of a streaming aggregation.
The verdict follows the target Spark version (setting \`sparkVersion\`) and
the output mode of the query the aggregations flow into:

- before 3.4: always an error;
- 3.4 and later: an error in Update or Complete mode, and in Append mode when
  the outer aggregation does not group by an event-time column that carries a
  watermark (the first aggregation's \`window\` over a watermarked column, or a
  watermarked column itself).

The finding points at the outer grouping call, with the aggregation it stacks
on as a related location.

## Why is this bad?

Up to Spark 3.3 the unsupported-operation checker allows one streaming
aggregation per query and \`start()\` fails with *Multiple streaming
aggregations are not supported with streaming DataFrames/Datasets*. Spark 3.4
(SPARK-40925, SPARK-40940) made chained stateful operators correct, but only in
Append mode: in Update or Complete mode the first aggregation emits rows
that the second would treat as late, and \`start()\` fails with the
correctness check (*Detected pattern of possible 'correctness' issue due to
global watermark...*). In Append mode the outer aggregation must itself group
by a watermarked event-time key, or \`start()\` fails with *Append output mode
not supported when there are streaming aggregations on streaming
DataFrames/DataSets without watermark*.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
per_minute = (events.withWatermark("timestamp", "10 minutes")
              .groupBy(F.window("timestamp", "1 minute")).count())
per_hour = per_minute.groupBy(F.window(F.col("window"), "1 hour")).agg(F.sum("count").alias("n"))
per_hour.writeStream.outputMode("update").format("delta").option("checkpointLocation", "/chk/hourly").start("/out/hourly")
\`\`\`

## Use instead

On Spark 3.4+, write the chain in Append mode, grouping the second level by
the first level's window:

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
per_minute = (events.withWatermark("timestamp", "10 minutes")
              .groupBy(F.window("timestamp", "1 minute")).count())
per_hour = per_minute.groupBy(F.window(F.col("window"), "1 hour")).agg(F.sum("count").alias("n"))
per_hour.writeStream.outputMode("append").format("delta").option("checkpointLocation", "/chk/hourly").start("/out/hourly")
\`\`\`

Before 3.4, split the pipeline into two queries joined by an intermediate
sink (a Delta table or Kafka topic), one aggregation each; or implement the
second level with \`applyInPandasWithState\` / \`flatMapGroupsWithState\`.

## Fix safety

On Spark 3.4+, when the query writes in Update or Complete mode and the outer
aggregation already groups by a watermarked event-time key, the fix changes
the output mode to \`"append"\` (a Scala \`OutputMode.Update()\` becomes
\`OutputMode.Append()\`). It is unsafe: Append emits each window once,
when the watermark passes its end, instead of every change, so the sink
receives fewer, later rows. No fix is offered in the other cases: the right
event-time key depends on the data.

## References

- Jayesh Lalwani, *Whirlpools in the Stream* (Spark+AI Summit): "you cannot aggregate an aggregated data frame"
- [SPARK-40940: multiple stateful operators in Append mode](https://github.com/apache/spark/pull/38503)
- [Structured Streaming Programming Guide: unsupported operations](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#unsupported-operations)
- [Databricks: multiple stateful operators](https://www.databricks.com/blog/multiple-stateful-operators-structured-streaming)
`,
};

const multipleAggregations = 'Multiple streaming aggregations are not supported with streaming DataFrames/Datasets';
const correctness = "Detected pattern of possible 'correctness' issue due to global watermark";
const appendWithoutWatermark =
  'Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark';

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, text, spelling, report }) {
    for (const outer of query.ops('aggregate')) {
      if (!query.isStreaming(outer.id) || query.inForeachBatchHandler(outer)) continue;
      const upstream = query.upstreamOps(outer.id, 'aggregate').filter((candidate) => query.isStreaming(candidate.id));
      const first = upstream[0];
      const inner = upstream[upstream.length - 1];
      if (!first || !inner) continue;
      const found = verdict(query, outer, inner, sparkVersion, text, spelling);
      if (found === null) continue;
      const { message, fixes } = found;
      const related = [{ span: first.op.groupSpan, message: 'first streaming aggregation' }];
      if (inner !== first) related.push({ span: inner.op.groupSpan, message: 'the aggregation this one stacks on' });
      report({ span: outer.op.groupSpan, message, sparkVersion, related, fixes });
    }
  },
};

interface Verdict {
  readonly message: string;
  readonly fixes: readonly Fix[];
}

function verdict(query: ModelQuery, outer: OpNode<'aggregate'>, inner: OpNode<'aggregate'>, version: SparkVersion, text: string, spelling: Spelling): Verdict | null {
  const on = `on Spark ${formatSparkVersion(version)}`;
  if (!isAtLeast(version, 3, 4)) {
    return noFix(`Aggregation on an already aggregated stream: ${on} start() fails with "${multipleAggregations}"; split the pipeline into two queries through an intermediate sink, or move to Spark 3.4+ and use Append mode with a watermark`);
  }
  const writers = query.writersOf(outer.id);
  const nonAppend = writers.find((writer) => query.outputMode(writer) !== 'append' && query.outputMode(writer) !== null);
  if (nonAppend) {
    const mode = query.outputMode(nonAppend) as OutputMode;
    const message = `Aggregation on an already aggregated stream in ${capitalise(mode)} mode: ${on} chained stateful operators are only supported in Append mode, and start() fails with "${correctness}"; use outputMode("append") with a watermark on the first aggregation, or split into two queries`;
    // Append only helps when the outer aggregation keeps a watermarked event-time key.
    const modeSpan = nonAppend.outputMode?.span;
    const literal = modeSpan ? text.slice(modeSpan.start, modeSpan.end) : '';
    // A Scala OutputMode.Update() keeps its spelling.
    const constant = /^OutputMode\s*\.\s*(?:Update|Complete)(?:\s*\(\s*\))?$/.test(literal);
    if (!modeSpan || !(constant || /^(['"])\w+\1$/.test(literal)) || !groupsByWatermarkedTime(query, outer, inner)) return noFix(message);
    return {
      message,
      fixes: [
        {
          title: 'Write this query in Append mode',
          safety: 'unsafe',
          edits: () => [{ span: modeSpan, newText: constant ? 'OutputMode.Append()' : '"append"' }],
        },
      ],
    };
  }
  if (writers.length === 0) return null;
  if (groupsByWatermarkedTime(query, outer, inner)) return null;
  return noFix(`Aggregation on an already aggregated stream without a watermarked event-time key: ${on} Append mode needs the outer aggregation to group by a watermarked time column, or start() fails with "${appendWithoutWatermark}"; add withWatermark before the first aggregation and group the second by its window, e.g. ${spelling.call('window', spelling.column('window'), '"1 hour"')}`);
}

/**
 * Whether the outer aggregation groups by a column that carries watermark
 * metadata: a watermarked column, or a time window (by its output name) over
 * one in the first aggregation. Unknown key expressions count as yes, so the
 * rule stays quiet when it cannot see.
 */
function groupsByWatermarkedTime(query: ModelQuery, outer: OpNode<'aggregate'>, inner: OpNode<'aggregate'>): boolean {
  const watermarked = new Set<string>();
  for (const mark of query.upstreamOps(outer.id, 'watermark')) watermarked.add(mark.op.column.value);
  const beforeInner = new Set(query.upstreamOps(inner.id, 'watermark').map((mark) => mark.op.column.value));
  for (const key of inner.op.keys) {
    const name = windowOutputName(key);
    if (name && referencedColumns(key).some((column) => beforeInner.has(column))) watermarked.add(name);
  }
  return outer.op.keys.some(
    (key) => hasOpaquePart(key) || key.kind === 'sql' || referencedColumns(key).some((column) => watermarked.has(rootName(column))),
  );
}

/** The column a `window(...)`/`session_window(...)` key produces: its alias, or the function name. */
function windowOutputName(key: Expr): string | null {
  if (key.kind === 'method' && (key.name === 'alias' || key.name === 'name')) {
    const alias = key.args[0];
    if (windowOutputName(key.receiver) && alias?.kind === 'literal' && typeof alias.value === 'string') return alias.value;
    return null;
  }
  if (key.kind === 'call' && key.namespace === 'functions' && (key.name === 'window' || key.name === 'session_window')) return key.name;
  return null;
}

/** `window.end` refers to the `window` struct. */
function rootName(column: string): string {
  return column.split('.')[0] ?? column;
}

function noFix(message: string): Verdict {
  return { message, fixes: [] };
}

function capitalise(mode: string): string {
  return mode.charAt(0).toUpperCase() + mode.slice(1);
}

