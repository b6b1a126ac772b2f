// A streaming query started without a checkpoint location.

import { addCheckpointFix } from '../fixes/checkpoint-fixes';
import { checkpointConf, checkpointOf, sinkKind, startedStreamWriters } from './checkpoint';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'missing-checkpoint-location',
  code: 'WP701',
  severity: 'error',
  summary: 'A streaming query needs a checkpointLocation (an error for durable sinks, a warning for console, memory, noop and foreach sinks)',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`writeStream...start()\` / \`toTable()\` without
\`.option("checkpointLocation", ...)\` when the file does not set
\`spark.sql.streaming.checkpointLocation\` either (a query relying on that conf
is the business of \`global-checkpoint-without-query-name\`). It is an error
for file, Kafka, Delta, table and other sinks, and a warning for
\`console\`, \`memory\`, \`noop\`, \`foreach\` and \`foreachBatch\`.

## Why is this bad?

The checkpoint holds the offsets, commits and state that let a query resume
where it stopped. For durable sinks \`start()\` fails with
*checkpointLocation must be specified either through
option("checkpointLocation", ...) or
SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...)*. For
the others Spark silently uses a temporary directory that is deleted with
the query, so a restart reprocesses from the source's starting offsets, and
a \`foreachBatch\` sink sees every batch again.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").start("/out/events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

Give every query its own directory on durable storage (see
\`shared-checkpoint-location\` and \`ephemeral-checkpoint-path\`).

## Fix safety

The fix adds \`.option("checkpointLocation", "<root>/<name>")\` before
\`start()\`, where the root is the setting \`whirlpool.fix.checkpointRoot\`
(CLI: \`--checkpoint-root\`) and the name is the query name, else the last
segment of the sink path or table, else the sink format. When another query
of the file already has that checkpoint (or one under it), or an earlier
query (in source order) would get it too, the name takes the first free
suffix \`_2\`, \`_3\`, ...: a file sink \`start("/data/events")\` and a later
\`queryName("events")\` get \`<root>/events\` and \`<root>/events_2\`, whether
the fixes are applied together or one by one in any order. A query started
in a \`for\` loop gets one directory per iteration,
\`f"<root>/<name>/{variable}"\` (Scala \`s"<root>/<name>/$variable"\`), named
from the constant part of its path as written; one in a \`while\` loop, or a
\`start()\` that several queries run (a function called twice), gets no fix,
since one literal would be shared. It is unsafe: a
restarted query then resumes from the checkpoint instead of starting over
from the source's starting offsets, and the root is a guess until it is
configured.

## References

- [Structured Streaming Programming Guide: recovering from failures with checkpointing](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#recovering-from-failures-with-checkpointing)
- [Databricks: Structured Streaming checkpoints](https://docs.databricks.com/en/structured-streaming/checkpoints.html)
`,
};

const sparkText =
  'checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...)';

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, fix, report }) {
    if (query.confs(checkpointConf).length > 0) return;
    const seen = new Set<number>();
    const writers = startedStreamWriters(query);
    for (const writer of writers) {
      if (checkpointOf(writer) !== null || !writer.start || seen.has(writer.start.span.start)) continue;
      // A writer in a function called twice is one place in the code.
      seen.add(writer.start.span.start);
      const sink = sinkKind(writer);
      const added = addCheckpointFix(writer, writers, query.model.loops, query.model.language, fix, text);
      const fixes = added ? [added] : [];
      if (sink.kind === 'durable') {
        report({
          span: writer.start.span,
          message: `Streaming query to the ${sink.name} sink without a checkpoint location: start() fails with "${sparkText}"; add .option("checkpointLocation", "<durable path>/<query name>"), one directory per query`,
          fixes,
        });
      } else {
        report({
          span: writer.start.span,
          severity: 'warning',
          message: `Streaming query to the ${sink.name} sink without a checkpoint location: Spark uses a temporary directory deleted with the query, so a restart starts over from the source's starting offsets; add .option("checkpointLocation", "<durable path>/<query name>")`,
          fixes,
        });
      }
    }
  },
};
