// A distinct aggregate (`countDistinct`, `count(DISTINCT x)`, ...) in a streaming aggregation.

import type { Fix } from '../analysis/types';
import type { Expr, Operation } from '../model/pipeline';
import type { Span } from '../model/span';
import type { OpNode } from './query';
import type { Rule, RuleMeta } from './rule';
import { functionsModule } from '../fixes/functions-module';
import { scalaFunctionsQualifier } from '../fixes/scala-functions';
import type { Language, Spelling } from './spelling';

export const meta: RuleMeta = {
  id: 'streaming-distinct-aggregate',
  code: 'WP301',
  severity: 'error',
  summary: 'Distinct aggregates (countDistinct, count(DISTINCT x)) are not supported on streams: use approx_count_distinct',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`countDistinct\`, \`count_distinct\`, \`sumDistinct\`,
\`sum_distinct\`, and SQL \`DISTINCT\` inside an aggregate function
(\`F.expr("count(DISTINCT x)")\`, \`spark.sql\` over a streaming view) in a
streaming aggregation.

## Why is this bad?

An exact distinct count per group would need every value ever seen. Spark
fails at \`start()\` with *Distinct aggregations are not supported on
streaming DataFrames/Datasets. Consider using approx_count_distinct()
instead.*

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
users = (events.withWatermark("timestamp", "1 minute")
         .groupBy(F.window("timestamp", "1 minute")).agg(F.countDistinct("id").alias("users")))
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
users = (events.withWatermark("timestamp", "1 minute")
         .groupBy(F.window("timestamp", "1 minute")).agg(F.approx_count_distinct("id").alias("users")))
users.writeStream.format("delta").option("checkpointLocation", "/chk/users").start("/out/users")
\`\`\`

## Fix safety

For a one-column \`countDistinct\`/\`count_distinct\` called through the
functions module (\`F.countDistinct("user")\`), the fix writes
\`F.approx_count_distinct("user")\`; for \`sumDistinct\`/\`sum_distinct\` it writes
\`F.sum\`; a bare \`countDistinct("user")\` imported by name becomes
\`F.approx_count_distinct("user")\`, through the file's name for the module,
with \`from pyspark.sql import functions as F\` added below the imports when
it has none. In Scala the same rewrite applies to a call through \`functions.\`,
or to a bare call when the file imports \`org.apache.spark.sql.functions._\`
(\`countDistinct($"user")\` becomes \`approx_count_distinct($"user")\`). Both are unsafe: the approximate count has a relative error (5% by
default, HyperLogLog++), and the plain sum adds repeated values the distinct
sum counted once. SQL text and several columns get no fix.

## References

- [Structured Streaming Programming Guide: unsupported operations](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#unsupported-operations)
`,
};

const distinctFunctions = new Set(['countDistinct', 'count_distinct', 'sumDistinct', 'sum_distinct']);
const sqlDistinct = /\b(count|sum|avg|min|max|collect_set|collect_list)\s*\(\s*distinct\b/i;
const sparkMessage = 'Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.';

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, spelling, report }) {
    const uses: { readonly node: OpNode<'aggregate'>; readonly span: Span; readonly name: string; readonly call?: CallExpr }[] = [];
    for (const name of distinctFunctions) {
      for (const use of query.calls(name)) {
        if (use.expr.namespace === 'functions' && isAggregateExpression(use.node, use.top)) uses.push({ node: use.node, span: use.expr.span, name: `${name}()`, call: use.expr });
      }
    }
    for (const use of query.sqlExprs()) {
      const match = sqlDistinct.exec(use.expr.text);
      if (match && isAggregateExpression(use.node, use.top)) uses.push({ node: use.node, span: use.expr.span, name: `${match[1]}(DISTINCT ...)` });
    }
    uses.sort((a, b) => a.span.start - b.span.start);
    for (const use of uses) {
      if (!query.isStreaming(use.node.input) || query.inForeachBatchHandler(use.node)) continue;
      report({ span: use.span, message: messageFor(use.name, spelling), fixes: use.call ? replacementFixes(text, use.call, spelling.language) : [] });
    }
    for (const node of query.model.nodes) {
      if (node.kind !== 'source' || node.source.api !== 'sql' || node.streaming !== 'streaming' || !node.source.sql) continue;
      const text = node.source.sql.value.kind === 'string' ? node.source.sql.value.value : '';
      const match = sqlDistinct.exec(text);
      if (match) report({ span: node.source.sql.span, message: messageFor(`${match[1]}(DISTINCT ...)`, spelling) });
    }
  },
};

/** An aggregate expression of an aggregation (not one of its grouping keys). */
function isAggregateExpression(node: OpNode<Operation['kind']>, top: Expr): node is OpNode<'aggregate'> {
  return node.op.kind === 'aggregate' && node.op.aggs.includes(top);
}

function messageFor(name: string, spelling: Spelling): string {
  const fix = /sum/i.test(name)
    ? 'drop the DISTINCT, or deduplicate first with withWatermark(...).dropDuplicatesWithinWatermark(...)'
    : `use ${spelling.call('approx_count_distinct', '...')}, or deduplicate first with withWatermark(...).dropDuplicatesWithinWatermark(...)`;
  return `${name} in a streaming aggregation: an exact distinct per group needs every value ever seen, and start() fails with "${sparkMessage}"; ${fix}`;
}

type CallExpr = Extract<Expr, { kind: 'call' }>;

/**
 * `F.countDistinct(c)` → `F.approx_count_distinct(c)`, `F.sumDistinct(c)` → `F.sum(c)`: one column, through the same qualifier.
 * A bare Python call (`countDistinct` imported by name) goes through the file's name for the functions module, imported when it has none;
 * in Scala a bare call is rewritten bare when the file imports every function (`functions._`). Each replacement takes the same column or name argument.
 */
function replacementFixes(text: string, call: CallExpr, language: Language): readonly Fix[] {
  if (call.args.length !== 1 || Object.keys(call.kwargs).length > 0) return [];
  const bare = language === 'python' || scalaFunctionsQualifier(text) === '';
  const written = (bare ? /^((?:[A-Za-z_]\w*\s*\.\s*)?)(countDistinct|count_distinct|sumDistinct|sum_distinct)(?=\s*\()/ : /^([A-Za-z_]\w*\s*\.\s*)(countDistinct|count_distinct|sumDistinct|sum_distinct)(?=\s*\()/).exec(
    text.slice(call.span.start, call.span.end),
  );
  if (!written) return [];
  const counting = written[2]?.startsWith('count') === true;
  const start = call.span.start + (written[1] ?? '').length;
  const module = language === 'python' && written[1] === '' ? functionsModule(text, start) : null;
  if (language === 'python' && written[1] === '' && module === null) return [];
  const replacement = `${module ? `${module.name}.` : ''}${counting ? 'approx_count_distinct' : 'sum'}`;
  return [
    {
      title: counting ? 'Use approx_count_distinct (approximate)' : 'Use sum (adds repeated values)',
      safety: 'unsafe',
      edits: () => [...(module?.imports() ?? []), { span: { start, end: start + (written[2] ?? '').length }, newText: replacement }],
    },
  ];
}
