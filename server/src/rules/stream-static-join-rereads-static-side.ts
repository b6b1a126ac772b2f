// Stream-static join whose static side is read again on every micro-batch.

import type { Severity } from '../analysis/types';
import type { Rule, RuleMeta } from './rule';
import { cacheCallsFor, staticSources, streamStaticJoins, type StaticSource } from './stream-static-join';

export const meta: RuleMeta = {
  id: 'stream-static-join-rereads-static-side',
  code: 'WP507',
  severity: 'warning',
  summary: 'The static side of a stream-static join is read again in full on every micro-batch',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags a join between a streaming DataFrame and a static (batch) one whose
static side is read from a store: a JDBC table, files, a catalog or Delta
table. The finding names the static source and points at it.

It is not raised for joins inside a \`foreachBatch\` handler (both sides are
batches there), for a static side that is cached (see
\`cached-static-side-in-stream-join\`), for in-memory data
(\`createDataFrame\`, \`range\`), or for a file or table side wrapped in
\`broadcast(...)\`: the hint says the author knows the side is small and
accepts re-reading it. A broadcast JDBC side is still flagged, because the
database is still queried on every trigger.

## Why is this bad?

A stream-static join keeps no state: Spark plans the static side again for
every micro-batch and reads it again. The stream's join keys are never pushed
down to the static side, and dynamic partition pruning needs a non-streaming
filtering side, so every batch reads the whole static side, minus its own
filters.

- A JDBC side sends the full query to the database on every trigger: load on
  the database and latency on every batch.
- A file side (parquet, csv, json, ...) re-scans all the files it listed when
  the query started, every batch; new files are not picked up until restart.
- A catalog or Delta table side is scanned in full every batch (Delta does
  see new versions, which is usually wanted; the cost is the scan).

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
orders = spark.readStream.format("kafka").option("subscribe", "orders").load()
customers = (spark.read.format("jdbc")
             .option("url", "jdbc:postgresql://crm/crm")
             .option("dbtable", "public.customers")
             .load())
enriched = orders.join(customers, "customer_id", "left")
enriched.writeStream.format("delta").option("checkpointLocation", "/chk/enriched").start("/out/enriched")
\`\`\`

## Use instead

Keep a snapshot of the static data and refresh it on your own schedule inside
\`foreachBatch\` (here every 60 batches), so the database is queried once per
refresh instead of once per trigger:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
orders = spark.readStream.format("kafka").option("subscribe", "orders").load()
customers = None


def enrich(batch, batch_id):
    global customers
    if customers is None or batch_id % 60 == 0:
        if customers is not None:
            customers.unpersist()
        customers = (spark.read.format("jdbc")
                     .option("url", "jdbc:postgresql://crm/crm")
                     .option("dbtable", "public.customers")
                     .load()
                     .cache())
    (batch.join(customers, "customer_id", "left").write.format("delta")
     .option("txnAppId", "enrich_orders").option("txnVersion", batch_id)
     .mode("append").save("/out/enriched"))


orders.writeStream.foreachBatch(enrich).option("checkpointLocation", "/chk/enriched").start()
\`\`\`

For a file or table side, filter it to what the stream can match, broadcast
it if it is small, or keep it in a Delta table.

## Fix safety

No fix is offered: the right remedy (a filter, a broadcast, a lookup in
\`foreachBatch\`, a snapshot) depends on the data.

## References

- Jayesh Lalwani, *Whirlpools in the Stream* (Spark+AI Summit): "Spark doesn't support pushdown of join predicates"
- [Structured Streaming Programming Guide: stream-static joins](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#stream-static-joins)
- [Databricks: stream-static joins](https://docs.databricks.com/transform/join.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const { join, staticSide, staticIs } of streamStaticJoins(query)) {
      if (cacheCallsFor(query, staticSide).length > 0) continue;
      const sources = staticSources(query, staticSide);
      const worst = sources[0];
      if (!worst) continue;
      const broadcast = join.broadcast === staticIs;
      if (broadcast && worst.kind !== 'jdbc' && worst.kind !== 'external') continue;
      report({
        span: join.callSpan,
        message: messageFor(worst),
        severity: severityFor(worst),
        related: sources.map((source) => ({ span: source.node.span, message: `static side reads ${source.description} here` })),
      });
    }
  },
};

function severityFor(source: StaticSource): Severity {
  return source.kind === 'delta' || source.kind === 'table' || source.kind === 'sql' ? 'info' : 'warning';
}

function messageFor(source: StaticSource): string {
  const what = `Stream-static join reads its static side again on every micro-batch`;
  switch (source.kind) {
    case 'jdbc':
    case 'external':
      return `${what}: ${source.description} is queried again on every trigger, and Spark never pushes the stream's join keys down to it as a predicate; look the rows up inside foreachBatch on your own schedule, or snapshot the table to Delta and filter it`;
    case 'files':
      return `${what}: ${source.description} are re-scanned every batch, with no pushdown of the stream's join keys and no partition pruning from the stream side, and files added after the query started are not seen; filter the static side, broadcast it if small, or use a Delta table`;
    case 'delta':
    case 'table':
    case 'sql':
      return `${what}: ${source.description} is scanned again every batch, and the stream's join keys never prune it; filter the static side or broadcast it if small`;
    default: {
      const unreachable: never = source.kind;
      return unreachable;
    }
  }
}
