// A cached static DataFrame joined with a stream: a frozen snapshot.

import type { Fix } from '../analysis/types';
import { staticJoinForeachBatchFix } from '../fixes/static-join-foreach-batch-fix';
import { scalaStaticJoinForeachBatchFix } from '../fixes/static-join-foreach-batch-scala';
import type { Rule, RuleMeta } from './rule';
import type { OpNode } from './query';
import { cacheCallsFor, staticSources, streamStaticJoins } from './stream-static-join';

export const meta: RuleMeta = {
  id: 'cached-static-side-in-stream-join',
  code: 'WP506',
  severity: 'warning',
  summary: 'The cached static side of a stream-static join is a frozen snapshot: updates to it are never seen',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a stream-static join whose static side was cached with \`cache()\`,
\`persist()\`, \`checkpoint()\` or \`localCheckpoint()\`, either in the chain
that builds it or by a separate \`dim.cache()\` statement on a DataFrame it is
built from. The finding points at the join, with the cache call as a related
location.

## Why is this bad?

Every micro-batch plans the static side again, and Spark's cache manager swaps
any plan it has cached for the cached blocks. So each batch joins against the
data as it was when the cache was first filled, for as long as the query
runs: rows added or changed in the dimension table afterwards are never seen.
This is the usual cause of "my stream does not see dimension updates".

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
devices = spark.read.format("delta").load("/dims/devices").cache()
joined = events.join(devices, events.value == devices.id, "left")
joined.writeStream.format("delta").option("checkpointLocation", "/chk/joined").start("/out/joined")
\`\`\`

## Use instead

Drop the cache so each batch reads the current version (a Delta table is
re-resolved every batch), or unpersist and re-read it on a schedule inside
\`foreachBatch\`:

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()

def join_devices(batch, batch_id):
    devices = spark.read.format("delta").load("/dims/devices")
    (batch.join(F.broadcast(devices), batch.value == devices.id, "left").write.format("delta")
     .option("txnAppId", "join_devices").option("txnVersion", batch_id)
     .mode("append").save("/out/joined"))

events.writeStream.foreachBatch(join_devices).option("checkpointLocation", "/chk/joined").start()
\`\`\`

## Fix safety

The fix removes the cache call when it sits in the chain that builds the
static side. It is unsafe: every batch then reads the source again, which is
the point but costs a scan per batch, and other users of the cached
DataFrame lose the cache too.

A second fix moves the join into a \`foreachBatch\` function that reads the
static side again for every micro-batch and writes the joined batch with the
batch writer (Delta writes get \`txnAppId\`/\`txnVersion\`), when the code has
the simple shape: \`joined = stream.join(static, ...)\` on its own line, the
static side a cached \`spark.read\` chain, and \`joined.writeStream...\` its only
use. It is unsafe too: every batch pays a full read of the static side, the
write becomes the at-least-once batch write of \`foreachBatch\`, and the
cached DataFrame is left unused. On Scala the join moves into a block passed
inline, \`foreachBatch { (batch: DataFrame, batchId: Long) => ... }\`, whose
\`val\`s shadow the outer ones; the Delta \`txnAppId\` is the query's
checkpoint location, which stays the same for as long as the query runs on it.

## References

- Jayesh Lalwani, *Whirlpools in the Stream* (Spark+AI Summit): "Caching a Batch dataframe 'freezes' it"
- [Structured Streaming Programming Guide: stream-static joins](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#stream-static-joins)
- Spark source: \`CacheManager.useCachedData\`, applied to every micro-batch's plan
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const { join, staticSide } of streamStaticJoins(query)) {
      const caches = cacheCallsFor(query, staticSide);
      const first = caches[0];
      if (!first) continue;
      const source = staticSources(query, staticSide)[0];
      const what = source ? source.description : 'the static data';
      const call = `.${first.op.method}()`;
      report({
        span: join.callSpan,
        message: `Static side of a stream-static join is cached with ${call}: every micro-batch joins against the snapshot taken when the cache was filled, so later updates to ${what} are never seen; remove ${call} to read the current data each batch, or unpersist and re-read it on a schedule inside foreachBatch`,
        related: caches.map((cache) => ({ span: cache.callSpan, message: `cached here with .${cache.op.method}()` })),
        fixes: [...removalFixes(caches, query.lineage(staticSide), text), query.model.language === 'scala' ? scalaStaticJoinForeachBatchFix(text, query, join) : staticJoinForeachBatchFix(text, query, join)].filter((fix) => fix !== null),
      });
    }
  },
};

/** Removes a cache call that is a step of the static side's own chain (`.cache()` right after its input); a separate `dim.cache()` statement is left to the user. */
function removalFixes(caches: readonly OpNode<'cache'>[], lineage: ReadonlySet<number>, text: string): readonly Fix[] {
  const fixes: Fix[] = [];
  for (const cache of caches) {
    if (!lineage.has(cache.id)) continue;
    const call = text.slice(cache.callSpan.start, cache.callSpan.end);
    if (!/^\.\s*(cache|persist|checkpoint|localCheckpoint)\s*\(/.test(call)) continue;
    fixes.push({
      title: `Remove .${cache.op.method}() so each micro-batch reads the current data`,
      safety: 'unsafe',
      edits: () => [{ span: cache.callSpan, newText: '' }],
    });
  }
  return fixes;
}
