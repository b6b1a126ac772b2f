// Two queries writing one checkpoint.

import { sharedCheckpoints } from './checkpoint';
import { checkpointSuffixFix } from '../fixes/checkpoint-suffix-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'shared-checkpoint-location',
  code: 'WP703',
  severity: 'error',
  summary: 'Every streaming query needs its own checkpoint location',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a checkpoint location shared by several queries: the same literal path
given to two \`writeStream\` chains (or to one chain in a function called
twice), or a query started inside a \`for\`/\`while\` loop whose path is a
literal or does not use the loop's variables.

## Why is this bad?

A checkpoint records one query's offsets, commits and state. Two queries
started on it at once fail with *Cannot start query with id ... as another
query with same id is already active*; queries that run one after the
other read each other's offsets and state, skip or repeat data, and can
corrupt the checkpoint.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
for topic in ["clicks", "views"]:
    (events.where(events.topic == topic).writeStream.format("delta")
     .option("checkpointLocation", "/chk/events").start(f"/out/{topic}"))
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
for topic in ["clicks", "views"]:
    (events.where(events.topic == topic).writeStream.format("delta")
     .option("checkpointLocation", f"/chk/events_{topic}").start(f"/out/{topic}"))
\`\`\`

## Fix safety

The fix appends a segment of its own to the path as written: the loop's
variable when the query is started in a loop (\`f"/chk/agg/{m}"\`; in Scala
\`s"/chk/agg/$m"\`), else the
query's name, its sink path's last segment or its format
(\`"/chk/shared/a"\`). It is unsafe: a query on a new checkpoint starts from
scratch, reading from its sources' starting offsets with empty state, so
move the old directory over if its progress must be kept. A path built
elsewhere, or written once in a helper that several queries call, gets no fix.

## References

- [SPARK-20325: several queries on one checkpoint](https://issues.apache.org/jira/browse/SPARK-20325)
- [Databricks: Structured Streaming checkpoints](https://docs.databricks.com/en/structured-streaming/checkpoints.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const shared of sharedCheckpoints(query, text)) {
      report({
        span: shared.location.span,
        message: `Checkpoint location shared by several queries: ${shared.reason}, and queries running at once fail with "Cannot start query with id ... as another query with same id is already active" while queries run in turn resume from each other's offsets and state; give each query its own directory, e.g. ${query.model.language === 'scala' ? 's"$base/$queryName"' : 'f"{base}/{query_name}"'}`,
        related: shared.other?.start ? [{ span: shared.other.start.span, message: 'another query on the same checkpoint' }] : [],
        fixes: [checkpointSuffixFix(text, shared.writer, shared.location, query.model.writers, query.model.loops, query.model.language)].filter((fix) => fix !== null),
      });
    }
  },
};
