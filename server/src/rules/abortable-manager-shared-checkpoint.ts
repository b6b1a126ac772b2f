// A shared checkpoint with the abortable-stream checkpoint manager.

import { sharedCheckpoints } from './checkpoint';
import { checkpointSuffixFix } from '../fixes/checkpoint-suffix-fix';
import type { Rule, RuleMeta } from './rule';
import { stringPrefix } from './query';

export const meta: RuleMeta = {
  id: 'abortable-manager-shared-checkpoint',
  code: 'WP706',
  severity: 'warning',
  summary: 'With AbortableStreamBasedCheckpointFileManager a shared checkpoint gets corrupted, not rejected',
  sparkVersions: '3.4+',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags the checkpoint locations \`shared-checkpoint-location\` reports when the
file sets \`spark.sql.streaming.checkpointFileManagerClass\` to
\`AbortableStreamBasedCheckpointFileManager\`.

## Why is this bad?

That manager writes each checkpoint file straight to its final object and
checks for an existing one before closing, which is not atomic: two writers
can both commit the same batch. Spark's cloud integration guide: "users must
be extra careful to avoid the reuse of the checkpoint location among
multiple queries running parallelly as that could lead to corruption of the
checkpointing data".

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = (SparkSession.builder
         .config("spark.sql.streaming.checkpointFileManagerClass",
                 "org.apache.spark.internal.io.cloud.AbortableStreamBasedCheckpointFileManager")
         .getOrCreate())
events = spark.readStream.format("kafka").option("subscribe", "events").load()
for name in ["a", "b"]:
    events.writeStream.format("delta").option("checkpointLocation", "/chk/events").start(f"/out/{name}")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = (SparkSession.builder
         .config("spark.sql.streaming.checkpointFileManagerClass",
                 "org.apache.spark.internal.io.cloud.AbortableStreamBasedCheckpointFileManager")
         .getOrCreate())
events = spark.readStream.format("kafka").option("subscribe", "events").load()
for name in ["a", "b"]:
    events.writeStream.format("delta").option("checkpointLocation", f"/chk/events_{name}").start(f"/out/{name}")
\`\`\`

## Fix safety

The fix appends a segment of its own to the path as written: the loop's
variable when the query is started in a loop (\`f"/chk/agg/{m}"\`), else the
query's name, its sink path's last segment or its format
(\`"/chk/shared/a"\`). It is unsafe: a query on a new checkpoint starts from
scratch, reading from its sources' starting offsets with empty state, so
move the old directory over if its progress must be kept. A path built
elsewhere, or written once in a helper that several queries call, gets no fix.

## References

- [Spark: integration with cloud infrastructures](https://spark.apache.org/docs/latest/cloud-integration.html)
- [SPARK-40039: AbortableStreamBasedCheckpointFileManager](https://issues.apache.org/jira/browse/SPARK-40039)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    const abortable = query
      .confs('spark.sql.streaming.checkpointFileManagerClass')
      .some((conf) => /AbortableStreamBasedCheckpointFileManager/.test(stringPrefix(conf.value.value) ?? ''));
    if (!abortable) return;
    for (const shared of sharedCheckpoints(query, text)) {
      report({
        span: shared.location.span,
        message: `Shared checkpoint with AbortableStreamBasedCheckpointFileManager: ${shared.reason}, and this manager's create-if-absent is not atomic, so concurrent writers can corrupt the checkpoint instead of failing; give each query its own directory`,
        fixes: [checkpointSuffixFix(text, shared.writer, shared.location, query.model.writers, query.model.loops, query.model.language)].filter((fix) => fix !== null),
      });
    }
  },
};
