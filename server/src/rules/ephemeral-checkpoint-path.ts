// A checkpoint on a local or temporary path.

import type { Fix, FixSettings } from '../analysis/types';
import { checkpointName, moveEphemeralCheckpointFix } from '../fixes/checkpoint-fixes';
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
  fixSafety: 'unsafe',
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

One unsafe fix moves the checkpoint under the root the user configures
(\`whirlpool.fix.checkpointRoot\`, CLI \`--checkpoint-root\`), keeping the rest
of the path: \`/tmp/chk/events\` becomes \`<root>/chk/events\`,
\`file:///data/chk\` becomes \`<root>/data/chk\`, a relative \`chk/events\`
becomes \`<root>/chk/events\`; an f-string keeps its holes. It is unsafe
because the new directory starts from scratch: the query reprocesses from
the source's starting offsets with empty state (copy the old checkpoint
over first to keep its progress), and the root must be storage every node
of the cluster sees. It is not offered when the configured root is itself
local, temporary or relative, or when the location is not a literal.

## References

- [Structured Streaming Programming Guide: recovering from failures with checkpointing](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#recovering-from-failures-with-checkpointing)
- Jayesh Lalwani, *Whirlpools in the Stream* (Spark+AI Summit): "Checkpoint should be stored on a location that is resilient, shared, immediately consistent"
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, fix, report }) {
    const check = (location: Located<Value>, name: string): void => {
      const why = ephemeral(location.value);
      if (why === null) return;
      report({
        span: location.span,
        message: `Checkpoint on ${why}: it is lost when the node is replaced or cleaned and executors elsewhere cannot read it, so the query restarts from scratch; point the checkpoint at durable shared storage (HDFS, S3 with a safe checkpoint manager, ABFS, a shared volume)`,
        fixes: checkpointFixes(location, fix, text, name),
      });
    };
    for (const writer of startedStreamWriters(query)) {
      const location = checkpointOf(writer);
      if (location) check(location, checkpointName(writer));
    }
    for (const conf of query.confs(checkpointConf)) check(conf.value, 'checkpoints');
  },
};

// A root that is itself ephemeral would move the finding, not remove it.
function checkpointFixes(location: Located<Value>, settings: FixSettings, text: string, name: string): readonly Fix[] {
  if (ephemeral({ kind: 'string', value: settings.checkpointRoot }) !== null) return [];
  const fix = moveEphemeralCheckpointFix(location, settings, text, name);
  return fix ? [fix] : [];
}

function ephemeral(value: Value): string | null {
  const text = stringPrefix(value)?.trim() ?? null;
  if (text === null) return null;
  if (value.kind === 'template' && text === '') return null;
  if (/^file:/i.test(text)) return 'the local file system';
  if (/^(\/tmp|\/var\/tmp|\/dev\/shm)(\/|$)/.test(text)) return 'a temporary directory';
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('/') || text.startsWith('\\') || /^[a-z]:[\\/]/i.test(text)) return null;
  return 'a relative path';
}
