// A checkpoint on a local or temporary path.

import type { Located, Value } from '../model/pipeline';
import { checkpointConf, checkpointOf, startedStreamWriters } from './checkpoint';
import { stringPrefix } from './query';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'ephemeral-checkpoint-path',
  code: 'WP705',
  severity: 'warning',
  summary: 'A checkpoint on a local, temporary or relative path is lost with the machine',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags a \`checkpointLocation\` option (or the
\`spark.sql.streaming.checkpointLocation\` conf) that is a \`file:\` URI, a path
under \`/tmp\`, \`/var/tmp\` or \`/dev/shm\`, or a relative path.

## Why is this bad?

A checkpoint must survive the driver and be readable by every executor. A
local or temporary directory disappears when the node is replaced or
cleaned, and the query restarts from scratch (or, for a sink that is not
idempotent, writes everything again); executors on other nodes do not see
a local directory at all. A relative path depends on the driver's working
directory.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").option("checkpointLocation", "/tmp/chk/events").start("/out/events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").option("checkpointLocation", "hdfs://namenode/chk/events").start("/out/events")
\`\`\`

## Fix safety

No fix is offered: where durable storage is depends on the cluster.

## References

- [Structured Streaming Programming Guide: recovering from failures with checkpointing](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#recovering-from-failures-with-checkpointing)
- Jayesh Lalwani, *Whirlpools in the Stream* (Spark+AI Summit): "Checkpoint should be stored on a location that is resilient, shared, immediately consistent"
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    const check = (location: Located<Value>): void => {
      const why = ephemeral(location.value);
      if (why === null) return;
      report({
        span: location.span,
        message: `Checkpoint on ${why}: it is lost when the node is replaced or cleaned and executors elsewhere cannot read it, so the query restarts from scratch; point the checkpoint at durable shared storage (HDFS, S3 with a safe checkpoint manager, ABFS, a shared volume)`,
      });
    };
    for (const writer of startedStreamWriters(query)) {
      const location = checkpointOf(writer);
      if (location) check(location);
    }
    for (const conf of query.confs(checkpointConf)) check(conf.value);
  },
};

function ephemeral(value: Value): string | null {
  const text = stringPrefix(value)?.trim() ?? null;
  if (text === null) return null;
  if (value.kind === 'template' && text === '') return null;
  if (/^file:/i.test(text)) return 'the local file system';
  if (/^(\/tmp|\/var\/tmp|\/dev\/shm)(\/|$)/.test(text)) return 'a temporary directory';
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('/') || text.startsWith('\\') || /^[a-z]:[\\/]/i.test(text)) return null;
  return 'a relative path';
}
