// (flat)MapGroupsWithState given a streaming initial state.

import { formatSparkVersion } from '../analysis/spark-version';
import type { Fix } from '../analysis/types';
import type { NodeId } from '../model/pipeline';
import type { ModelQuery } from './query';
import type { Rule, RuleMeta } from './rule';
import { streamingStatefulFunctions } from './stateful-function';

export const meta: RuleMeta = {
  id: 'streaming-initial-state',
  code: 'WP609',
  severity: 'error',
  summary: 'The initial state of mapGroupsWithState / flatMapGroupsWithState must be a batch Dataset',
  sparkVersions: '3.2+',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`mapGroupsWithState\` and \`flatMapGroupsWithState\` (Scala; read from
the pipeline model) whose \`initialState\` is a streaming Dataset.

## Why is this bad?

The initial state is loaded once, when the query starts for the first time;
a stream has no "once". \`start()\` fails with *Non-streaming
DataFrame/Dataset is not supported as the initial state in
[flatMap|map]GroupsWithState operation on a streaming DataFrame/Dataset*
(the wording is Spark's, and misleading: it fires when the initial state
*is* streaming).

## Example

The Python below has the shape of the Scala API, as a Scala front end lowers it:

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))
seed = spark.readStream.format("kafka").option("subscribe", "seed").load()
sessions = events.groupBy("device").flatMapGroupsWithState("append", "NoTimeout", initialState=seed)
sessions.writeStream.format("kafka").option("topic", "sessions").option("checkpointLocation", "/chk/sessions").start()
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))
seed = spark.read.format("delta").load("/state/seed")
sessions = events.groupBy("device").flatMapGroupsWithState("append", "NoTimeout", initialState=seed)
sessions.writeStream.format("kafka").option("topic", "sessions").option("checkpointLocation", "/chk/sessions").start()
\`\`\`

## Fix safety

When the initial state is read with \`spark.readStream\` and that read feeds
no streaming query of its own, the fix reads it with \`spark.read\` instead.
It is unsafe: the state is then read once, when the query starts, and rows
added to its source later are not seen; for a Kafka topic the batch read
takes the offsets present at that moment (\`startingOffsets\`/\`endingOffsets\`
bound it).

## References

- [Structured Streaming Programming Guide: arbitrary stateful operations](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#arbitrary-stateful-operations)
- Spark's \`UnsupportedOperationChecker\` (initial state check)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    for (const node of streamingStatefulFunctions(query)) {
      const method = node.op.method;
      if (method !== 'mapGroupsWithState' && method !== 'flatMapGroupsWithState') continue;
      const initial = node.op.initialState;
      if (initial === null || !query.isStreaming(initial)) continue;
      const which = method === 'mapGroupsWithState' ? 'map' : 'flatMap';
      report({
        span: node.callSpan,
        message: `Streaming initial state for ${method}: on Spark ${formatSparkVersion(sparkVersion)} start() fails with "Non-streaming DataFrame/Dataset is not supported as the initial state in ${which}GroupsWithState operation on a streaming DataFrame/Dataset"; read the initial state with spark.read (a batch Dataset)`,
        sparkVersion,
        fixes: batchReadFixes(text, query, initial),
      });
    }
  },
};

/** `spark.readStream` → `spark.read` in the source the initial state is read from, when no streaming query reads that source too. */
function batchReadFixes(text: string, query: ModelQuery, initial: NodeId): readonly Fix[] {
  const sources = query.sources(initial).filter((source) => source.source.api === 'readStream');
  const source = sources[0];
  if (sources.length !== 1 || !source || query.writersOf(source.id).length > 0) return [];
  const written = /\.\s*readStream\b/.exec(text.slice(source.span.start, source.span.end));
  if (!written) return [];
  const start = source.span.start + written.index + written[0].length - 'readStream'.length;
  return [{ title: 'Read the initial state with spark.read (once, at start)', safety: 'unsafe', edits: () => [{ span: { start, end: start + 'readStream'.length }, newText: 'read' }] }];
}
