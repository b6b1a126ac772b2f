// `outputMode("complete")` on a query with no streaming aggregation.

import type { NodeId } from '../model/pipeline';
import type { ModelQuery } from './query';
import { outputModeFix } from '../fixes/output-mode-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'complete-without-aggregation',
  code: 'WP202',
  severity: 'error',
  summary: 'Complete mode rewrites the whole result each batch and needs a streaming aggregation',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`outputMode("complete")\` on a streaming query whose plan has no
streaming aggregation.

## Why is this bad?

Complete mode writes the whole result table on every trigger, which only
exists for an aggregation (its state is the table). For anything else the
result is every row ever seen: \`start()\` fails with *Complete output mode
not supported when there are no streaming aggregations on streaming
DataFrames/Datasets*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
(events.filter("value % 2 = 0").writeStream.outputMode("complete").format("delta")
    .option("checkpointLocation", "/chk/even").start("/out/even"))
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
(events.filter("value % 2 = 0").writeStream.outputMode("append").format("delta")
    .option("checkpointLocation", "/chk/even").start("/out/even"))
\`\`\`

## Fix safety

The fix writes \`"append"\` where the query names \`"complete"\`. It is unsafe:
the query then starts where it failed, and each row is written once as it
arrives, which is what Complete mode over a stream without an aggregation
could never do; a sink that expected the whole table rewritten each batch
(a memory table read as a snapshot) now receives only new rows.

## References

- [Structured Streaming Programming Guide: output modes](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-modes)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const writer of query.model.writers) {
      if (query.outputMode(writer) !== 'complete' || !writer.outputMode || !query.isStreaming(writer.input)) continue;
      if (mayAggregate(query, writer.input)) continue;
      report({
        span: writer.outputMode.span,
        message:
          'Complete mode without a streaming aggregation: Complete rewrites the whole result table every trigger, which only an aggregation has, and start() fails with "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets"; use outputMode("append")',
        fixes: [outputModeFix(text, writer, 'append', 'unsafe')].filter((fix) => fix !== null),
      });
    }
  },
};

/**
 * True when the plan holds a streaming aggregation, or something the model
 * cannot see into that could be one (SQL text with GROUP BY, a stateful
 * function, an opaque DataFrame, a grouped-data method it does not model).
 */
function mayAggregate(query: ModelQuery, input: NodeId): boolean {
  for (const id of query.lineage(input)) {
    const node = query.node(id);
    if (!node) continue;
    switch (node.kind) {
      case 'op':
        if (node.op.kind === 'aggregate' && query.isStreaming(id)) return true;
        if (node.op.kind === 'statefulFunction') return true;
        if (node.op.kind === 'other' && /^(groupBy|rollup|cube)\./.test(node.op.method)) return true;
        if (node.op.kind === 'select' && node.op.exprs.some((expr) => expr.kind === 'sql' && /\b(count|sum|avg|min|max)\s*\(/i.test(expr.text))) return true;
        break;
      case 'source':
        if (node.source.api === 'sql' && node.streaming === 'streaming') return true;
        break;
      case 'opaque':
        if (node.streaming !== 'batch') return true;
        break;
      case 'join':
      case 'union':
        break;
      default: {
        const unreachable: never = node;
        return unreachable;
      }
    }
  }
  return false;
}
