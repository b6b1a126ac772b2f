// Confs a streaming query fixes in its checkpoint on the first run, set in code.

import { startedStreamWriters } from './checkpoint';
import { stringPrefix } from './query';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'immutable-streaming-conf',
  code: 'WP708',
  severity: 'warning',
  summary: 'spark.sql.shuffle.partitions, the state store provider and the watermark policy cannot change once a query has run',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`spark.sql.shuffle.partitions\`,
\`spark.sql.streaming.stateStore.providerClass\` and
\`spark.sql.streaming.multipleWatermarkPolicy\` set in a file that starts a
streaming query. Setting the RocksDB provider in a file that uses
\`transformWithState\` is not flagged: that query needs it
(\`tws-requires-rocksdb\`).

## Why is this bad?

A stateful query records these values in its checkpoint on its first run.
Later values are ignored (\`shuffle.partitions\`: the state stays split into
the original number of partitions) or break the restart (a different state
store provider cannot read the state; Spark may fail with
\`STATE_STORE_INVALID_CONFIG_AFTER_RESTART\`). A value in code looks
changeable and gets changed; the change has no effect or breaks
production.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", "400")
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

## Use instead

Set the value once in the cluster or job configuration, and reduce the
number of tasks after the stateful operator with \`coalesce\` if needed:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

## Fix safety

No fix is offered: moving a setting out of the code is a deployment change.

## References

- [Structured Streaming Programming Guide: configurations that cannot be changed](https://spark.apache.org/docs/latest/streaming/additional-information.html)
`,
};

const immutable: Readonly<Record<string, string>> = {
  'spark.sql.shuffle.partitions': 'the state keeps the number of partitions of the first run and the new value is silently ignored for it',
  'spark.sql.streaming.stateStore.providerClass': 'a different provider cannot load the existing state and the restart fails',
  'spark.sql.streaming.multipleWatermarkPolicy': 'the policy of the first run is kept in the checkpoint and a new value is ignored',
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    if (startedStreamWriters(query).length === 0) return;
    const usesTransformWithState = query.ops('statefulFunction').some((node) => node.op.method.startsWith('transformWithState'));
    for (const [key, why] of Object.entries(immutable)) {
      for (const conf of query.confs(key)) {
        if (usesTransformWithState && key.endsWith('providerClass') && /rocksdb/i.test(stringPrefix(conf.value.value) ?? '')) continue;
        report({
          span: conf.span,
          message: `${key} set in a streaming application: it is fixed in the checkpoint on the query's first run, so ${why}; set it once in the cluster or job configuration and start a new checkpoint to change it`,
        });
      }
    }
  },
};
