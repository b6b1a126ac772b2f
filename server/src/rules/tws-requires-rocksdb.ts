// transformWithState without the RocksDB state store provider.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { stringPrefix } from './query';
import { setSessionConfFix } from '../fixes/session-conf-fix';
import { scalaSessionConfFix } from '../fixes/session-conf-scala';
import type { Rule, RuleMeta } from './rule';
import { streamingStatefulFunctions } from './stateful-function';

export const meta: RuleMeta = {
  id: 'tws-requires-rocksdb',
  code: 'WP611',
  severity: 'error',
  summary: 'transformWithState needs the RocksDB state store provider',
  sparkVersions: '4.0+',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`transformWithState\` / \`transformWithStateInPandas\` on a stream
when the file does not set \`spark.sql.streaming.stateStore.providerClass\` to
the RocksDB provider. Spark versions before 4.0 have no transformWithState
and are not checked.

## Why is this bad?

transformWithState keeps its state variables in column families that only
the RocksDB state store provides; with the default HDFS-backed provider the
query fails when it starts (reported as error class
\`STORE_BACKEND_NOT_SUPPORTED_FOR_TWS\`; Databricks: "You must use the
RocksDB state store provider").

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))
counts = events.groupBy("device").transformWithStateInPandas(CountProcessor(), "device string, n long", "append", "None")
counts.writeStream.format("kafka").option("topic", "counts").option("checkpointLocation", "/chk/counts").start()
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = (SparkSession.builder
         .config("spark.sql.streaming.stateStore.providerClass",
                 "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider")
         .getOrCreate())
events = spark.readStream.format("kafka").option("subscribe", "events").load().select(F.col("key").alias("device"), F.col("timestamp"))
counts = events.groupBy("device").transformWithStateInPandas(CountProcessor(), "device string, n long", "append", "None")
counts.writeStream.format("kafka").option("topic", "counts").option("checkpointLocation", "/chk/counts").start()
\`\`\`

The provider must not change for an existing checkpoint: set it before the
query first runs (or on the cluster).

## Fix safety

The fix sets \`spark.sql.streaming.stateStore.providerClass\` to the RocksDB
provider on its own line above the statement with the stateful function. It
is unsafe: the conf applies to every stateful query the session starts, and
the provider is fixed by a query's checkpoint, so a query restarting from a
checkpoint written with another provider fails; use it for new checkpoints
only. Setting it at the top of the job, before any query starts, is the
usual place.

## References

- [Structured Streaming Programming Guide: transformWithState](https://spark.apache.org/docs/latest/streaming/structured-streaming-transform-with-state.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    if (!isAtLeast(sparkVersion, 4, 0)) return;
    const rocksdb = query
      .confs('spark.sql.streaming.stateStore.providerClass')
      .some((conf) => /rocksdb/i.test(stringPrefix(conf.value.value) ?? ''));
    if (rocksdb) return;
    for (const node of streamingStatefulFunctions(query)) {
      if (!node.op.method.startsWith('transformWithState')) continue;
      report({
        span: node.callSpan,
        message: `${node.op.method} without the RocksDB state store: on Spark ${formatSparkVersion(sparkVersion)} the query fails at start (error class STORE_BACKEND_NOT_SUPPORTED_FOR_TWS) with the default HDFS-backed provider; set spark.sql.streaming.stateStore.providerClass to org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider before the query first runs`,
        sparkVersion,
        fixes: [
          // Scala's statements are placed by its own lines: the Python scan would put the call above the enclosing object.
          (query.model.language === 'scala' ? scalaSessionConfFix : setSessionConfFix)(
            text,
            node.callSpan.start,
            'spark.sql.streaming.stateStore.providerClass',
            'org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider',
            'Use the RocksDB state store (new checkpoints only)',
            'unsafe',
          ),
        ].filter((fix) => fix !== null),
      });
    }
  },
};