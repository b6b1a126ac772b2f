// A query that takes its checkpoint from the session conf but has no stable name.

import { checkpointConf, checkpointOf, startedStreamWriters } from './checkpoint';
import { insertAfterStep, pythonString } from '../fixes/chain-edit';
import { checkpointName } from '../fixes/checkpoint-fixes';
import type { Fix } from '../analysis/types';
import type { StreamWriter } from '../model/pipeline';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'global-checkpoint-without-query-name',
  code: 'WP702',
  severity: 'warning',
  summary: 'A query relying on spark.sql.streaming.checkpointLocation needs a queryName to find its checkpoint again',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a started streaming query without its own
\`.option("checkpointLocation", ...)\` and without \`.queryName(...)\` in a
file that sets \`spark.sql.streaming.checkpointLocation\`.

## Why is this bad?

With the session conf, Spark puts each query's checkpoint in a sub-directory
named after the query; a query without a name gets a random one on every
run. After a restart the query finds no checkpoint and starts from scratch,
and its old directory is left behind.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.config("spark.sql.streaming.checkpointLocation", "/chk").getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").start("/out/events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.config("spark.sql.streaming.checkpointLocation", "/chk").getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.queryName("events_to_delta").format("delta").start("/out/events")
\`\`\`

## Fix safety

The fix adds \`.queryName("<name>")\` after \`writeStream\`, the name taken from
the sink path's last segment, the table, or the format (with a numeric
suffix when another query of the file has it). It is unsafe: the name becomes
the checkpoint's sub-directory, so it must stay stable from then on, and the
first run with it starts from scratch (the unnamed runs before it each had a
random directory).

## References

- [Structured Streaming Programming Guide: recovering from failures with checkpointing](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#recovering-from-failures-with-checkpointing)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    if (query.confs(checkpointConf).length === 0) return;
    for (const writer of startedStreamWriters(query)) {
      if (checkpointOf(writer) !== null || writer.queryName !== null || !writer.start) continue;
      report({
        span: writer.start.span,
        message: `Query without a name relies on spark.sql.streaming.checkpointLocation: its checkpoint sub-directory is named after a random id, so after a restart it starts from scratch; add .queryName("<stable name>") or its own .option("checkpointLocation", ...)`,
        fixes: [queryNameFix(text, writer, query.model.writers)],
      });
    }
  },
};

/** `.queryName("<name>")` after `.writeStream`, unique among the file's query names. */
function queryNameFix(text: string, writer: StreamWriter, writers: readonly StreamWriter[]): Fix {
  const taken = new Set(writers.flatMap((other) => (other.queryName?.value.kind === 'string' ? [other.queryName.value.value] : [])));
  const base = checkpointName(writer);
  let name = base;
  for (let suffix = 2; taken.has(name); suffix++) name = `${base}_${suffix}`;
  return {
    title: `Add .queryName("${name}")`,
    safety: 'unsafe',
    edits: () => [insertAfterStep(text, writer.writeStreamSpan.end, `.queryName(${pythonString(name)})`)],
  };
}
