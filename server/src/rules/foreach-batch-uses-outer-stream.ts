// A foreachBatch function that runs an action on a streaming DataFrame from outside instead of its batch.

import type { Fix } from '../analysis/types';
import type { NodeId } from '../model/pipeline';
import type { Span } from '../model/span';
import { scalaValNode } from '../fixes/scala-val-binding';
import { handlerAt } from './foreach-batch-handler';
import type { ModelQuery } from './query';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'foreach-batch-uses-outer-stream',
  code: 'WP812',
  severity: 'error',
  summary: 'Inside foreachBatch, act on the batch parameter, not on the streaming DataFrame it came from',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags writes and actions inside a \`foreachBatch\` function whose DataFrame
is streaming: a name from the enclosing code (usually the stream the query
reads) used where the batch parameter was meant.

## Why is this bad?

The function runs once per micro-batch and receives that batch as a static
DataFrame. A batch action on the outer stream fails with *Queries with
streaming sources must be executed with writeStream.start()*, and even
where it would not, it would act on the whole stream instead of the batch.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def write_batch(batch, batch_id):
    events.write.format("delta").option("txnAppId", "events").option("txnVersion", batch_id).mode("append").save("/out/events")


events.writeStream.foreachBatch(write_batch).option("checkpointLocation", "/chk/events").start()
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()


def write_batch(batch, batch_id):
    batch.write.format("delta").option("txnAppId", "events").option("txnVersion", batch_id).mode("append").save("/out/events")


events.writeStream.foreachBatch(write_batch).option("checkpointLocation", "/chk/events").start()
\`\`\`

## Fix safety

When the write or action starts from a module-level streaming variable
(\`events.write...\`, \`events.count()\`; on Scala a \`val\` of \`main\` or
of the object too), the fix replaces that name with the
function's batch parameter. It is unsafe: the batch holds the rows of the
DataFrame the query writes, which may be the outer stream after other steps
(a filter, a join), so the code then acts on those rows, one micro-batch at a
time, rather than on the raw stream it named.

## References

- [Structured Streaming Programming Guide: foreachBatch](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#foreachbatch)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    const handlers = new Set(query.model.functions.filter((fn) => fn.isForeachBatchHandler).map((fn) => fn.name));
    if (handlers.size === 0) return;
    const seen = new Set<number>();
    const uses = [
      ...query.model.batchWriters.filter((writer) => writer.terminal !== null).map((writer) => ({ input: writer.input, span: writer.span, scope: writer.scope, what: 'write' })),
      ...query.model.actions.map((action) => ({ input: action.input, span: action.span, scope: action.scope, what: `${action.method}()` })),
    ];
    for (const use of uses) {
      if (use.scope === null || !handlers.has(use.scope) || !query.isStreaming(use.input) || seen.has(use.span.start)) continue;
      seen.add(use.span.start);
      report({
        span: use.span,
        message: `Batch ${use.what} on a streaming DataFrame inside a foreachBatch function: it fails with "Queries with streaming sources must be executed with writeStream.start()" and would act on the whole stream, not this batch; use the function's batch parameter instead`,
        fixes: batchParameterFixes(text, query, use.input, use.span, use.scope),
      });
    }
  },
};

/** Replaces the streaming variable the use starts from (`events` in `events.count()`) with the handler's batch parameter. */
function batchParameterFixes(text: string, query: ModelQuery, input: NodeId, span: Span, scope: string): readonly Fix[] {
  const batch = handlerAt(query.model.functions, scope, span)?.params[0]?.value;
  if (!batch) return [];
  // An action's span starts at its `.`: the receiver is the name just before it; a write's span starts at the name.
  let start = span.start;
  if (text.charAt(start) === '.') {
    while (start > 0 && /[\w]/.test(text.charAt(start - 1))) start--;
  }
  const name = /^[A-Za-z_]\w*/.exec(text.slice(start, span.end))?.[0];
  if (!name || name === batch || (start > 0 && /[\w.]/.test(text.charAt(start - 1)))) return [];
  // A Scala job binds its streams as vals inside main, which the model's module-level bindings do not hold.
  const bound = query.model.bindings[name] ?? (query.model.language === 'scala' ? scalaValNode(query, text, name, start, query.lineage(input)) : null);
  if (bound === undefined || bound === null || !query.isStreaming(bound) || !query.lineage(input).has(bound)) return [];
  return [{ title: `Use the batch parameter ${batch} instead of ${name}`, safety: 'unsafe', edits: () => [{ span: { start, end: start + name.length }, newText: batch }] }];
}
