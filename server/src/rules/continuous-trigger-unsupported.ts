// A continuous-trigger query with operations, sources or sinks continuous processing lacks.

import { formatSparkVersion } from '../analysis/spark-version';
import type { PlanNode, StreamWriter } from '../model/pipeline';
import { operationExprs, walkExpr } from '../model/walk';
import type { ModelQuery } from './query';
import type { Rule, RuleMeta } from './rule';
import type { Span } from '../model/span';

export const meta: RuleMeta = {
  id: 'continuous-trigger-unsupported',
  code: 'WP808',
  severity: 'error',
  summary: 'Continuous processing supports only map-like operations (select, filter, ...) from Kafka or rate to Kafka, memory, console or foreach',
  sparkVersions: '2.3+',
  fixSafety: null,
  doc: `## What it does

Flags \`trigger(continuous=...)\` on a query that holds anything but
projections and filters (aggregations, joins, unions, deduplication,
watermarks, sorts, limits, stateful functions, repartitioning, ...), uses
\`current_timestamp()\`, \`current_date()\` or \`localtimestamp()\`, reads from a
source other than Kafka or rate, or writes to a sink other than Kafka,
memory, console or foreach (\`foreachBatch\` has its own rule,
\`foreach-batch-continuous\`).

## Why is this bad?

Continuous processing runs long-lived tasks that pass each row straight
through; it has no micro-batches to aggregate, join or shuffle in. \`start()\`
fails with *Continuous processing does not support Aggregate operations.*
(with the operation's name), or *Continuous processing does not support
current time operations.*

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
stamped = events.withColumn("seen", F.current_timestamp())
stamped.writeStream.trigger(continuous="1 second").format("kafka").option("topic", "stamped").option("checkpointLocation", "/chk/stamped").start()
\`\`\`

## Use instead

Keep the continuous query map-like (here: the record's own timestamp), or
use a micro-batch trigger for anything else:

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
stamped = events.withColumn("seen", F.col("timestamp"))
stamped.writeStream.trigger(continuous="1 second").format("kafka").option("topic", "stamped").option("checkpointLocation", "/chk/stamped").start()
\`\`\`

For low-latency stateless Kafka pipelines on Spark 4.1+, consider
\`trigger(realTime=...)\`.

## Fix safety

No fix is offered: the trigger changes latency and delivery guarantees.

## References

- [Structured Streaming Programming Guide: continuous processing](https://spark.apache.org/docs/latest/streaming/performance-tips.html#continuous-processing)
- Spark's \`UnsupportedOperationChecker.checkForContinuous\`
`,
};

const mapLike = new Set(['alias', 'toDF', 'selectExpr', 'withColumns', 'withColumnsRenamed', 'withMetadata', 'to', 'hint', 'unpersist']);
const currentTime = new Set(['current_timestamp', 'current_date', 'localtimestamp', 'now', 'curdate']);
const sources = new Set(['kafka', 'rate']);
const sinks = new Set(['kafka', 'memory', 'console']);

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, spelling, report }) {
    for (const writer of query.model.writers) {
      if (writer.trigger?.kind !== 'continuous' || writer.foreachBatch || query.isBatch(writer.input)) continue;
      const problem = firstProblem(query, writer);
      if (problem === null) continue;
      report({
        span: writer.trigger.span,
        message: `Continuous trigger over ${problem.what}: on Spark ${formatSparkVersion(sparkVersion)} ${problem.spark}; use a micro-batch trigger (${spelling.triggerName('processingTime')} or ${spelling.triggerName('availableNow')}), or keep the continuous query to select/filter from Kafka to Kafka`,
        sparkVersion,
        related: problem.span ? [{ span: problem.span, message: 'not supported in continuous processing' }] : [],
      });
    }
  },
};

interface Problem {
  readonly what: string;
  readonly spark: string;
  readonly span: Span | null;
}

function firstProblem(query: ModelQuery, writer: StreamWriter): Problem | null {
  const unsupported = (name: string, span: Span | null, what: string): Problem => ({
    what,
    spark: `start() fails with "Continuous processing does not support ${name} operations."`,
    span,
  });
  for (const id of [...query.lineage(writer.input)].sort((a, b) => a - b)) {
    const node = query.node(id);
    if (!node) continue;
    const problem = nodeProblem(node, unsupported);
    if (problem) return problem;
  }
  const format = writer.format?.value.toLowerCase() ?? null;
  if (!writer.foreach && (format === null || !sinks.has(format))) {
    return { what: `the ${format ?? 'parquet'} sink`, spark: `the ${format ?? 'parquet'} sink does not support continuous processing and the query fails to start`, span: writer.format?.span ?? null };
  }
  return null;
}

function nodeProblem(node: PlanNode, unsupported: (name: string, span: Span | null, what: string) => Problem): Problem | null {
  switch (node.kind) {
    case 'source': {
      if (node.streaming !== 'streaming') return null;
      const format = node.source.format?.value.toLowerCase() ?? null;
      if (format !== null && sources.has(format)) return null;
      return {
        what: `the ${format ?? node.source.api} source`,
        spark: `the ${format ?? node.source.api} source does not support continuous processing and the query fails to start`,
        span: node.source.format?.span ?? node.callSpan,
      };
    }
    case 'join':
      return unsupported('Join', node.callSpan, 'a join');
    case 'union':
      return unsupported('Union', node.callSpan, 'a union');
    case 'opaque':
      return null;
    case 'op': {
      for (const expr of operationExprs(node.op)) {
        let found = false;
        walkExpr(expr, (inner) => {
          if (inner.kind === 'call' && currentTime.has(inner.name.toLowerCase())) found = true;
          if (inner.kind === 'sql' && /\b(current_timestamp|current_date|localtimestamp|now)\s*\(/i.test(inner.text)) found = true;
        });
        if (found) return { what: 'a current-time function', spark: 'start() fails with "Continuous processing does not support current time operations."', span: node.callSpan };
      }
      const op = node.op;
      switch (op.kind) {
        case 'select':
        case 'filter':
        case 'withColumn':
        case 'withColumnRenamed':
        case 'drop':
        case 'tempView':
          return null;
        case 'aggregate':
          return unsupported('Aggregate', op.groupSpan, 'an aggregation');
        case 'dedup':
          return unsupported('Deduplicate', node.callSpan, 'a deduplication');
        case 'watermark':
          return unsupported('EventTimeWatermark', node.callSpan, 'a watermark');
        case 'sort':
          return unsupported('Sort', node.callSpan, 'a sort');
        case 'limit':
          return unsupported('GlobalLimit', node.callSpan, 'a limit');
        case 'cache':
          return unsupported('InMemoryRelation', node.callSpan, `${op.method}()`);
        case 'statefulFunction':
          return unsupported(op.method, node.callSpan, op.method);
        case 'other':
          return mapLike.has(op.method) ? null : unsupported(op.method, node.callSpan, `${op.method}()`);
        default: {
          const unreachable: never = op;
          return unreachable;
        }
      }
    }
    default: {
      const unreachable: never = node;
      return unreachable;
    }
  }
}
