// `monotonically_increasing_id()` in a streaming plan.

import type { Fix } from '../analysis/types';
import type { Span } from '../model/span';
import { functionsModule } from '../fixes/functions-module';
import { scalaFunctionsQualifier } from '../fixes/scala-functions';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'streaming-monotonic-id',
  code: 'WP308',
  severity: 'error',
  summary: 'monotonically_increasing_id() is not supported on streams: use uuid() or a key from the data',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`F.monotonically_increasing_id()\` (or the SQL function in
\`F.expr\`/\`selectExpr\`) in an operation on a streaming DataFrame.

## Why is this bad?

The ids depend on the partition layout of one job and would repeat across
micro-batches; \`start()\` fails with *Expression(s):
monotonically_increasing_id() is not supported with streaming
DataFrames/Datasets*.

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
keyed = events.withColumn("row_id", F.monotonically_increasing_id())
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
keyed = events.withColumn("row_id", F.expr("uuid()"))
\`\`\`

For Kafka input, \`concat_ws("-", topic, partition, offset)\` is a
deterministic key.

## Fix safety

When \`monotonically_increasing_id()\` is called through the functions module
(\`F.monotonically_increasing_id()\`), the fix writes \`F.expr("uuid()")\`, and
for a bare call imported by name it writes the same through the file's name
for the module, adding \`from pyspark.sql import functions as F\` below the
imports when it has none; in
Scala it writes \`expr("uuid()")\` where the file imports
\`org.apache.spark.sql.functions._\` (or the call's own \`functions.\` qualifier). It is
unsafe: the ids become random UUID strings instead of increasing longs, so
code that sorts by them, compares them or stores them in a numeric column
breaks; a key from the data (Kafka topic, partition and offset) is often the
better choice. SQL text gets no fix.

## References

- Spark source: \`UnsupportedOperationChecker\` (MonotonicallyIncreasingID)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, spelling, report }) {
    const uses = [
      ...query.calls('monotonically_increasing_id').filter((use) => use.expr.namespace === 'functions'),
      ...query.sqlExprs().filter((use) => /\bmonotonically_increasing_id\s*\(/i.test(use.expr.text)),
    ];
    for (const { node, expr } of uses) {
      if (!query.isStreaming(node.input) || query.inForeachBatchHandler(node)) continue;
      report({
        span: expr.span,
        message: `monotonically_increasing_id() on a streaming DataFrame: its ids depend on one job's partitions and would repeat across micro-batches, and start() fails with "Expression(s): monotonically_increasing_id() is not supported with streaming DataFrames/Datasets"; use ${spelling.call('expr', '"uuid()"')} or a key from the data (for Kafka: topic, partition and offset)`,
        fixes: spelling.language === 'scala' ? scalaUuidFixes(text, expr.span) : uuidFixes(text, expr.span),
      });
    }
  },
};

/**
 * `F.monotonically_increasing_id()` → `F.expr("uuid()")`, through the same
 * module name; a bare call (the function imported by name) through the
 * file's name for the module, imported when it has none.
 */
function uuidFixes(text: string, span: Span): readonly Fix[] {
  const written = /^(?:([A-Za-z_]\w*)\s*\.\s*)?monotonically_increasing_id\s*\(\s*\)$/.exec(text.slice(span.start, span.end));
  if (!written) return [];
  const module = written[1] === undefined ? functionsModule(text, span.start) : { name: written[1], imports: () => [] };
  if (module === null) return [];
  const call = `${module.name}.expr("uuid()")`;
  return [{ title: `Use ${call} (random string ids)`, safety: 'unsafe', edits: () => [...module.imports(), { span, newText: call }] }];
}

/** `monotonically_increasing_id()` → `expr("uuid()")` in Scala: bare when the file imports every function, else through the same qualifier. */
function scalaUuidFixes(text: string, span: Span): readonly Fix[] {
  const written = /^(?:([A-Za-z_]\w*)\s*\.\s*)?monotonically_increasing_id\s*(?:\(\s*\))?$/.exec(text.slice(span.start, span.end));
  if (!written) return [];
  const qualifier = written[1] !== undefined ? `${written[1]}.` : scalaFunctionsQualifier(text) === '' ? '' : null;
  if (qualifier === null) return [];
  const call = `${qualifier}expr("uuid()")`;
  return [{ title: `Use ${call} (random string ids)`, safety: 'unsafe', edits: () => [{ span, newText: call }] }];
}
