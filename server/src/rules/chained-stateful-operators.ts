// A stateful operator downstream of another one, beyond the pairs other rules
// cover (aggregation after aggregation: chained-streaming-aggregations;
// deduplication after aggregation: dedup-after-aggregation; a stateful
// function after an aggregation: state-func-with-aggregation).

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import type { SparkVersion } from '../analysis/types';
import type { NodeId, PlanNode } from '../model/pipeline';
import type { Span } from '../model/span';
import type { ModelQuery, OutputMode } from './query';
import { outputModeFix } from '../fixes/output-mode-fix';
import type { Rule, RuleMeta } from './rule';
import { eventTimeTimeoutArgument, functionMode, type StatefulFunctionNode } from './stateful-function';
import { conditionFacts, joinType, sparkJoinName, touches, watermarkedColumns } from './stream-stream-join';

export const meta: RuleMeta = {
  id: 'chained-stateful-operators',
  code: 'WP612',
  severity: 'error',
  summary: 'A stateful operator after an outer join, a stateful function, or (in Update/Complete mode) an aggregation fails the correctness check',
  sparkVersions: '3.1-3.3: outer join, append-mode function or Append aggregation upstream; 3.4: also a time-interval join; 3.5+: Update/Complete after an aggregation, or after an event-time timeout',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a stateful operator (aggregation, deduplication, stream-stream join,
stateful function) placed after another one when Spark's global-watermark
correctness check rejects the pair for the target version (catalog SS601;
chained aggregations, deduplication after an aggregation and stateful
functions after an aggregation have their own rules):

- 3.1 to 3.3: after a stream-stream outer join, after a
  \`flatMapGroupsWithState\` in append mode, or after an aggregation in an
  Append-mode query (a join after an aggregation);
- 3.4: in Update or Complete mode after an aggregation, or after a
  stream-stream join bounded by a time interval;
- 3.5 and later: in Update or Complete mode after an aggregation, or after a
  stateful function with an event-time timeout (in any mode). Operators after
  \`transformWithState\` (4.0) are allowed.

## Why is this bad?

The upstream operator can emit rows older than the watermark the downstream
one uses, which would drop them as late. \`start()\` fails with *Detected
pattern of possible 'correctness' issue due to global watermark. The query
contains stateful operation which can emit rows older than the current
watermark plus allowed late record delay...*

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))


def sessionize(key, batches, state):
    yield from batches


sessions = (events.withWatermark("timestamp", "10 minutes").groupBy("device")
            .applyInPandasWithState(sessionize, "device string, n long, ended timestamp", "n long", "append", "EventTimeTimeout"))
unique_sessions = sessions.dropDuplicates(["device", "ended"])
unique_sessions.writeStream.format("kafka").option("topic", "sessions").option("checkpointLocation", "/chk/sessions").start()
\`\`\`

## Use instead

Split the pipeline: the first query writes the sessions to a table or topic,
a second one reads them and runs the next stateful operator.

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))


def sessionize(key, batches, state):
    yield from batches


sessions = (events.withWatermark("timestamp", "10 minutes").groupBy("device")
            .applyInPandasWithState(sessionize, "device string, n long, ended timestamp", "n long", "append", "EventTimeTimeout"))
sessions.writeStream.format("delta").option("checkpointLocation", "/chk/sessions").start("/tables/sessions")
\`\`\`

## Fix safety

On Spark 3.4+, when the upstream operator is a streaming aggregation in a
query written in Update or Complete mode, the fix writes the query in Append
mode (\`outputMode("append")\`), which the multiple-stateful-operator support
accepts with watermarks. It is unsafe: each aggregated row is then written
once, when the watermark closes its window, so results arrive later, and a
sink that was upserting now receives final rows only. Other shapes get no
fix: splitting a query moves state to a new checkpoint.

## References

- [Structured Streaming Programming Guide: limitation of global watermark](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#limitation-of-global-watermark)
- [SPARK-40940: multiple stateful operators](https://github.com/apache/spark/pull/38503)
- [SPARK-42376: watermark propagation among operators](https://github.com/apache/spark/pull/39931)
`,
};

const correctness =
  "Detected pattern of possible 'correctness' issue due to global watermark. The query contains stateful operation which can emit rows older than the current watermark plus allowed late record delay, which are \"late rows\" in downstream stateful operations and these rows can be discarded";

type Kind = 'aggregate' | 'dedup' | 'join' | 'statefulFunction';

interface Stateful {
  readonly node: PlanNode;
  readonly kind: Kind;
  readonly span: Span;
}

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    if (!isAtLeast(sparkVersion, 3, 1)) return;
    const operators = statefulOperators(query);
    if (operators.length < 2) return;
    const byId = new Map(operators.map((operator) => [operator.node.id, operator]));
    for (const downstream of operators) {
      const modes = writerModes(query, downstream.node.id);
      if (modes.length === 0) continue;
      for (const id of query.lineage(downstream.node.id)) {
        const upstream = id === downstream.node.id ? undefined : byId.get(id);
        if (!upstream || coveredElsewhere(upstream.kind, downstream.kind)) continue;
        const why = rejection(query, upstream, modes, sparkVersion);
        if (why === null) continue;
        report({
          span: downstream.span,
          message: `Stateful operator after ${why}: on Spark ${formatSparkVersion(sparkVersion)} start() fails with "${correctness}"; split the pipeline into two queries through a table or topic${isAtLeast(sparkVersion, 3, 4) ? ', or write it in Append mode with watermarks' : ''}`,
          sparkVersion,
          related: [{ span: upstream.span, message: 'the upstream stateful operator' }],
          fixes:
            isAtLeast(sparkVersion, 3, 4) && upstream.kind === 'aggregate'
              ? query
                  .writersOf(downstream.node.id)
                  .filter((writer) => query.outputMode(writer) !== 'append')
                  .map((writer) => outputModeFix(text, writer, 'append', 'unsafe'))
                  .filter((fix) => fix !== null)
              : [],
        });
        break;
      }
    }
  },
};

function statefulOperators(query: ModelQuery): readonly Stateful[] {
  const found: Stateful[] = [];
  for (const node of query.model.nodes) {
    if (node.streaming !== 'streaming' || query.inForeachBatchHandler(node)) continue;
    if (node.kind === 'join') {
      if (query.isStreaming(node.left) && query.isStreaming(node.right)) found.push({ node, kind: 'join', span: node.callSpan });
    } else if (node.kind === 'op') {
      const op = node.op;
      if (op.kind === 'aggregate') found.push({ node, kind: 'aggregate', span: op.groupSpan });
      else if (op.kind === 'dedup') found.push({ node, kind: 'dedup', span: node.callSpan });
      else if (op.kind === 'statefulFunction') found.push({ node, kind: 'statefulFunction', span: node.callSpan });
    }
  }
  return found;
}

/** Pairs with a rule of their own. */
function coveredElsewhere(upstream: Kind, downstream: Kind): boolean {
  return upstream === 'aggregate' && (downstream === 'aggregate' || downstream === 'dedup' || downstream === 'statefulFunction');
}

function writerModes(query: ModelQuery, id: NodeId): readonly OutputMode[] {
  const modes = new Set<OutputMode>();
  for (const writer of query.writersOf(id)) {
    const mode = query.outputMode(writer);
    if (mode !== null) modes.add(mode);
  }
  return [...modes];
}

/** Why the correctness check rejects a stateful operator after `upstream`, or null. */
function rejection(query: ModelQuery, upstream: Stateful, modes: readonly OutputMode[], version: SparkVersion): string | null {
  const node = upstream.node;
  const nonAppend = modes.find((mode) => mode !== 'append');
  if (!isAtLeast(version, 3, 4)) {
    if (upstream.kind === 'aggregate' && modes.includes('append')) return 'a streaming aggregation in an Append-mode query';
    if (node.kind === 'join' && joinType(node) !== 'inner') return `a stream-stream ${sparkJoinName(joinType(node))} join`;
    const stateFunction = asStatefulFunction(node);
    if (stateFunction?.op.method === 'flatMapGroupsWithState' && functionMode(stateFunction) === 'append') return 'a flatMapGroupsWithState in append mode';
    return null;
  }
  if (upstream.kind === 'aggregate' && nonAppend) return `a streaming aggregation in a query written in ${nonAppend} mode`;
  if (!isAtLeast(version, 3, 5) && node.kind === 'join' && hasTimeInterval(query, node)) return 'a stream-stream join bounded by a time interval (supported from Spark 3.5)';
  const stateFunction = asStatefulFunction(node);
  if (isAtLeast(version, 3, 5) && stateFunction && !stateFunction.op.method.startsWith('transformWithState') && eventTimeTimeoutArgument(stateFunction) !== null) {
    return `a stateful function (${stateFunction.op.method}) with an event-time timeout`;
  }
  return null;
}

function asStatefulFunction(node: PlanNode): StatefulFunctionNode | null {
  return node.kind === 'op' && node.op.kind === 'statefulFunction' ? (node as StatefulFunctionNode) : null;
}

function hasTimeInterval(query: ModelQuery, join: Extract<PlanNode, { kind: 'join' }>): boolean {
  const facts = conditionFacts(join);
  const watermarked = new Set([...watermarkedColumns(query, join.left), ...watermarkedColumns(query, join.right)]);
  return facts.ranges.some((columns) => touches(columns, watermarked));
}
