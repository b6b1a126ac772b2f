// `union` / `unionAll` / `unionByName` of a stream with a batch DataFrame.

import { readStreamSideFix } from '../fixes/read-stream-side-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'union-stream-batch',
  code: 'WP309',
  severity: 'error',
  summary: 'A stream cannot be unioned with a batch DataFrame',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`union\`, \`unionAll\` and \`unionByName\` where one side is known to
be streaming and another known to be a batch.

## Why is this bad?

A micro-batch would have to re-read the batch side every trigger and emit it
again; Spark refuses the plan at \`start()\` with *Union between streaming
and batch DataFrames/Datasets is not supported*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
backfill = spark.read.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/backfill")
both = events.union(backfill)
\`\`\`

## Use instead

Read the other side as a stream too:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
backfill = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/backfill")
both = events.union(backfill)
both.writeStream.format("delta").option("checkpointLocation", "/chk/both").start("/out/both")
\`\`\`

## Fix safety

When the batch side is one \`spark.read\` (or \`spark.table\`) read of a
Delta table, a catalog table or files, under row-wise steps only
(\`select\`, \`filter\`, \`withColumn\`, \`withColumnRenamed\`, \`drop\`),
and nothing but unions with streams uses it, the fix reads it with
\`readStream\` instead (\`spark.read\` becomes \`spark.readStream\`,
\`spark.table(...)\` becomes \`spark.readStream.table(...)\`). It is unsafe:
a stream reads its source incrementally, so each row (or file) already there
arrives once, in the first micro-batches, and later ones once as they land,
instead of the whole side every trigger. A Delta side updated or deleted in
place makes the stream fail unless it is read with \`skipChangeCommits\`,
and a catalog table must be one Spark can stream (Delta, or a file-based
data source table). For JSON, CSV, Parquet, ORC, XML or Avro files read
without \`.schema(...)\` (and no \`spark.sql.streaming.schemaInference\`),
the stream needs a schema, so the fix adds a
\`.schema("<column> <TYPE>, ...")\` template and is display-only; the batch
read's inferred schema can be borrowed with
\`spark.read.json(path).schema\`.

No fix is offered when the side is used elsewhere too (joined, written,
counted, passed to a function: it would become a stream there as well), for
Delta time travel (\`versionAsOf\`, \`timestampAsOf\`), sources with no
streaming reader (JDBC) or several paths, or on Spark before 3.1 for tables.
A union inside \`foreachBatch\` is not offered either: every micro-batch
would emit the whole batch side again.

## References

- Spark source: \`UnsupportedOperationChecker\` (Union)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    for (const node of query.model.nodes) {
      if (node.kind !== 'union' || query.inForeachBatchHandler(node)) continue;
      const streaming = node.inputs.some((input) => query.isStreaming(input));
      const batch = node.inputs.some((input) => query.isBatch(input));
      if (!streaming || !batch) continue;
      report({
        span: node.callSpan,
        message: `${node.method}() of a stream with a batch DataFrame: start() fails with "Union between streaming and batch DataFrames/Datasets is not supported"; read the batch side with readStream as well (a file or Delta source), or union inside foreachBatch`,
        fixes: [readStreamSideFix(text, query, node, sparkVersion)].filter((fix) => fix !== null),
      });
    }
  },
};
