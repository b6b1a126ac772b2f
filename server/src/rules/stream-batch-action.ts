// An eager action (`show`, `count`, `collect`, ...) on a streaming DataFrame.

import type { Fix } from '../analysis/types';
import { scanPythonLines, statementLineStart } from '../fixes/python-lines';
import type { Span } from '../model/span';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'stream-batch-action',
  code: 'WP101',
  severity: 'error',
  summary: 'Batch actions (show, count, collect, toPandas, ...) fail on a streaming DataFrame: start a streaming query instead',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
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

For \`show()\` used as a statement of its own, the fix starts a console query
instead: \`.writeStream.format("console").start()\`. It is unsafe: the query
prints every micro-batch until it is stopped rather than some rows once,
and the program goes on while it runs (the debug-sink and checkpoint rules
then remind that a console sink is for development and has no checkpoint). For \`count()\` it offers a
display-only template, \`.groupBy().count()\` written by a Complete-mode
console query: where the count goes is the developer's choice. Other actions
get no fix. On Scala the same, for \`show\` and \`count\` with or without
parentheses.

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
  check({ query, text, report }) {
    const handlers = new Set(query.model.functions.filter((fn) => fn.isForeachBatchHandler).map((fn) => fn.name));
    for (const action of query.model.actions) {
      // A stream used inside a foreachBatch handler is `foreachbatch-uses-outer-stream`'s business.
      if (!query.isStreaming(action.input) || (action.scope !== null && handlers.has(action.scope))) continue;
      report({ span: action.span, message: messageFor(action.method), fixes: actionFixes(text, action.method, action.span, query.model.language === 'scala') });
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

/** `show()` as a statement → a console query; `count()` → a display-only counting template. Scala may leave out the parentheses. */
function actionFixes(text: string, method: string, span: Span, scala: boolean): readonly Fix[] {
  const call = text.slice(span.start, span.end);
  if (method === 'count' && (scala ? /^\.\s*count(?:\s*\(\s*\))?$/ : /^\.\s*count\s*\(\s*\)$/).test(call)) {
    return [
      {
        title: 'Count with a streaming aggregation written by a console query (template)',
        safety: 'display-only',
        edits: () => [{ span, newText: '.groupBy().count().writeStream.outputMode("complete").format("console").start()' }],
      },
    ];
  }
  if (method !== 'show' || !(scala ? /^\.\s*show\b/ : /^\.\s*show\s*\(/).test(call)) return [];
  if (scala) {
    // Only a statement of its own: `val x = df.show()` would bind a running query instead of Unit.
    const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
    const newline = text.indexOf('\n', span.end);
    const rest = text.slice(span.end, newline < 0 ? text.length : newline);
    if (/\b(?:val|var)\b|[^=!<>]=(?![=>])/.test(text.slice(lineStart, span.start)) || !/^[ \t]*(\/\/.*)?\r?$/.test(rest)) return [];
    return [{ title: 'Start a console query instead of show()', safety: 'unsafe', edits: () => [{ span, newText: '.writeStream.format("console").start()' }] }];
  }
  // Only a statement of its own: `x = df.show()` would bind a running query instead of None.
  const lines = scanPythonLines(text);
  const statementStart = statementLineStart(lines, span.start);
  const newline = text.indexOf('\n', span.end);
  const rest = text.slice(span.end, newline < 0 ? text.length : newline);
  if (/^[ \t]*[A-Za-z_][\w.]*\s*=[^=]/.test(text.slice(statementStart, span.start)) || !/^[ \t]*(#.*)?\r?$/.test(rest)) return [];
  return [{ title: 'Start a console query instead of show()', safety: 'unsafe', edits: () => [{ span, newText: '.writeStream.format("console").start()' }] }];
}
