// `writeStream.format("jdbc")` / `readStream.format("jdbc")`: Spark has no streaming JDBC source or sink.

import type { Fix, TextEdit } from '../analysis/types';
import type { StreamWriter } from '../model/pipeline';
import type { Rule, RuleMeta } from './rule';
import { scalaForeachBatchRewrite } from '../fixes/foreach-batch-scala';
import { formatStep, staysOnStream, withLeadingSpace } from '../fixes/stream-writer-steps';

export const meta: RuleMeta = {
  id: 'jdbc-streaming-sink-or-source',
  code: 'WP801',
  severity: 'error',
  summary: 'Spark has no streaming JDBC sink or source: write each micro-batch with foreachBatch instead',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`writeStream.format("jdbc")\` and \`readStream.format("jdbc")\`.

## Why is this bad?

The JDBC data source supports batch reads and writes only. A streaming
query that writes to it fails at \`start()\` with *Data source jdbc does not
support streamed writing*; reading a stream from it fails with *Data source
jdbc does not support streamed reading*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
(events.writeStream.format("jdbc")
    .option("url", "jdbc:postgresql://db/ops")
    .option("dbtable", "events")
    .option("checkpointLocation", "/chk/events")
    .start())
\`\`\`

## Use instead

Write each micro-batch with the batch JDBC writer inside \`foreachBatch\`.
\`foreachBatch\` is at-least-once: a batch replayed after a failure is written
again, so make the write idempotent. Here each batch overwrites its own
staging table, which the database then merges into \`events\` (an upsert
keyed on a natural key works too):

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()

def write_events(batch, batch_id):
    (batch.write.format("jdbc")
        .option("url", "jdbc:postgresql://db/ops")
        .option("dbtable", f"staging.events_{batch_id}")
        .mode("overwrite")
        .save())

events.writeStream.foreachBatch(write_events).option("checkpointLocation", "/chk/events").start()
\`\`\`

To read a database table as a stream, capture its changes (CDC, e.g. Debezium
into Kafka) and read the topic.

## Fix safety

The fix rewrites the writer as above: it defines a \`foreachBatch\` function
before the statement that writes each batch with the same JDBC options in
\`append\` mode, replaces \`.format("jdbc")\` with \`.foreachBatch(...)\`
and keeps \`checkpointLocation\` on the stream writer. It is unsafe: the query
now runs and writes at-least-once, so a replayed batch is inserted twice
until the write is made idempotent; the foreachBatch idempotency rule then
says so. A second fix writes exactly once, as the talk's JDBC sink did: the
function writes the batch to \`<table>_staging\` with the batch JDBC writer
(overwrite, so a half-written attempt is replaced), then in one database
transaction on the driver (a JDBC connection through the JVM gateway, with
the same url, user, password and driver) copies the staging rows into the
table and inserts a \`(query_name, batch_id)\` row into
\`spark_streaming_batches\`, skipping a batch id already recorded. It is
unsafe too: it creates two tables and needs \`INSERT ... SELECT\` between
tables of the same database. Both are offered only for a writer chain that
starts its statement and has no backslash continuations. On Scala files both
are inline \`foreachBatch { (batch: DataFrame, batchId: Long) => ... }\`
blocks; the exactly-once one opens a \`java.sql.DriverManager\` connection
and closes it in \`finally\`.

## References

- Jayesh Lalwani, *Whirlpools in the Stream* (Spark+AI Summit): "WHERE IS JDBC?"
- [Structured Streaming Programming Guide: output sinks](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-sinks)
- [Structured Streaming Programming Guide: foreachBatch](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#foreachbatch)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, spelling, report }) {
    for (const writer of query.model.writers) {
      if (writer.format?.value.toLowerCase() !== 'jdbc') continue;
      const names = new Set(query.model.functions.map((fn) => fn.name));
      // Scala takes both rewrites as inline foreachBatch blocks.
      const fixes =
        query.model.language === 'scala'
          ? [scalaForeachBatchRewrite(writer, text, 'at-least-once'), scalaForeachBatchRewrite(writer, text, 'exactly-once')]
          : [foreachBatchRewrite(writer, text, names, 'at-least-once'), foreachBatchRewrite(writer, text, names, 'exactly-once')];
      report({
        span: writer.format.span,
        fixes: fixes.filter((fix) => fix !== null),
        message: `Streaming write to JDBC: Spark has no streaming JDBC sink and start() fails with "Data source jdbc does not support streamed writing"; write each micro-batch with foreachBatch and ${spelling.batchDataFrame}.write.format("jdbc"), keeping the write idempotent`,
      });
    }
    for (const node of query.model.nodes) {
      if (node.kind !== 'source' || node.source.api !== 'readStream') continue;
      const format = node.source.format;
      if (format?.value.toLowerCase() !== 'jdbc') continue;
      report({
        span: format.span,
        message:
          'Streaming read from JDBC: Spark has no streaming JDBC source and the query fails with "Data source jdbc does not support streamed reading"; stream the table\'s changes through CDC (e.g. Debezium into Kafka), or read it as a batch with spark.read',
      });
    }
  },
};

/**
 * Rewrites `X.writeStream.format("jdbc").option(...)...start()` into a
 * foreachBatch function defined before the statement. Returns null when the
 * chain's shape is not one the rewrite can keep valid.
 */
function foreachBatchRewrite(writer: StreamWriter, text: string, functionNames: ReadonlySet<string>, delivery: 'at-least-once' | 'exactly-once'): Fix | null {
  const chain = text.slice(writer.span.start, writer.span.end);
  if (chain.includes('\\\n') || writer.foreachBatch || writer.foreach) return null;
  const lineStart = text.lastIndexOf('\n', writer.span.start - 1) + 1;
  const lead = text.slice(lineStart, writer.span.start);
  // The chain must begin its statement: `query = (events...`, `(events...` or `events...`.
  if (!/^[ \t]*(?:[A-Za-z_]\w*\s*=\s*)?\(?\s*$/.test(lead)) return null;
  const indent = /^[ \t]*/.exec(lead)?.[0] ?? '';
  const formatCall = formatStep(text, writer);
  if (!formatCall) return null;
  const stem = delivery === 'exactly-once' ? 'write_jdbc_batch_once' : 'write_jdbc_batch';
  let name = stem;
  for (let suffix = 2; functionNames.has(name) || new RegExp(`\\b${name}\\b`).test(text); suffix++) name = `${stem}_${suffix}`;
  const moved = writer.options.filter((option) => !staysOnStream(option.key));
  if (delivery === 'exactly-once') {
    const options = Object.fromEntries(moved.map((option) => [option.key.toLowerCase(), text.slice(option.value.span.start, option.value.span.end)]));
    if (!options['url'] || !options['dbtable']) return null;
    // The marker row's key: the query name, else the target table, else the function's name.
    const table = moved.find((option) => option.key.toLowerCase() === 'dbtable')?.value.value;
    const queryName = writer.queryName?.value.kind === 'string' ? writer.queryName.value.value : table?.kind === 'string' ? table.value : name;
    const body = exactlyOnceFunction(name, indent, moved.map((option) => [option.key, text.slice(option.value.span.start, option.value.span.end)] as const), queryName);
    return {
      title: `Write each micro-batch exactly once: JDBC rows and the batch id in one transaction (${name})`,
      safety: 'unsafe',
      edits: (): readonly TextEdit[] => [
        { span: { start: lineStart, end: lineStart }, newText: body },
        { span: formatCall, newText: `.foreachBatch(${name})` },
        ...moved.map((option) => ({ span: withLeadingSpace(option.span, text), newText: '' })),
      ],
    };
  }
  const body = [
    `${indent}def ${name}(batch_df, batch_id):`,
    `${indent}    # foreachBatch is at-least-once: make this write idempotent (upsert on a key, or skip batch ids already written)`,
    `${indent}    (batch_df.write.format("jdbc")`,
    ...moved.map((option) => `${indent}        ${text.slice(option.span.start, option.span.end).trim()}`),
    `${indent}        .mode("append")`,
    `${indent}        .save())`,
    '',
    '',
  ].join('\n');
  return {
    title: `Write each micro-batch with the batch JDBC writer in foreachBatch (${name})`,
    safety: 'unsafe',
    edits: (): readonly TextEdit[] => [
      { span: { start: lineStart, end: lineStart }, newText: body },
      { span: formatCall, newText: `.foreachBatch(${name})` },
      ...moved.map((option) => ({ span: withLeadingSpace(option.span, text), newText: '' })),
    ],
  };
}

/**
 * The exactly-once variant, as the talk's JDBC sink did it: the batch goes
 * to a staging table with the batch JDBC writer (in parallel, overwriting a
 * half-written attempt), then one database transaction on the driver copies
 * it into the target and records `(query_name, batch_id)`; a batch id already
 * recorded is skipped, so a replayed batch writes nothing twice.
 */
function exactlyOnceFunction(name: string, indent: string, options: readonly (readonly [string, string])[], queryName: string): string {
  const inner = `${indent}    `;
  const entries = options.map(([key, value]) => `${inner}    ${JSON.stringify(key)}: ${value},`);
  return [
    `${indent}def ${name}(batch_df, batch_id):`,
    `${inner}# Exactly once: the batch lands in a staging table, then one transaction copies it into the`,
    `${inner}# target and records (query name, batch id); a batch id already recorded is skipped`,
    `${inner}options = {`,
    ...entries,
    `${inner}}`,
    `${inner}query_name = ${JSON.stringify(queryName)}`,
    `${inner}target = options["dbtable"]`,
    `${inner}staging = f"{target}_staging"`,
    `${inner}batch_df.write.format("jdbc").options(**options).option("dbtable", staging).mode("overwrite").save()`,
    `${inner}jvm = batch_df.sparkSession.sparkContext._jvm`,
    `${inner}if "driver" in options:`,
    `${inner}    jvm.org.apache.spark.sql.execution.datasources.jdbc.DriverRegistry.register(options["driver"])`,
    `${inner}properties = jvm.java.util.Properties()`,
    `${inner}for key in ("user", "password"):`,
    `${inner}    if key in options:`,
    `${inner}        properties.setProperty(key, options[key])`,
    `${inner}connection = jvm.java.sql.DriverManager.getConnection(options["url"], properties)`,
    `${inner}try:`,
    `${inner}    connection.setAutoCommit(False)`,
    `${inner}    connection.createStatement().execute(`,
    `${inner}        "CREATE TABLE IF NOT EXISTS spark_streaming_batches"`,
    `${inner}        " (query_name VARCHAR(255) NOT NULL, batch_id BIGINT NOT NULL, PRIMARY KEY (query_name, batch_id))")`,
    `${inner}    seen = connection.prepareStatement("SELECT 1 FROM spark_streaming_batches WHERE query_name = ? AND batch_id = ?")`,
    `${inner}    seen.setString(1, query_name)`,
    `${inner}    seen.setLong(2, batch_id)`,
    `${inner}    if not seen.executeQuery().next():`,
    `${inner}        connection.createStatement().executeUpdate(f"INSERT INTO {target} SELECT * FROM {staging}")`,
    `${inner}        marker = connection.prepareStatement("INSERT INTO spark_streaming_batches (query_name, batch_id) VALUES (?, ?)")`,
    `${inner}        marker.setString(1, query_name)`,
    `${inner}        marker.setLong(2, batch_id)`,
    `${inner}        marker.executeUpdate()`,
    `${inner}    connection.commit()`,
    `${inner}except Exception:`,
    `${inner}    connection.rollback()`,
    `${inner}    raise`,
    `${inner}finally:`,
    `${inner}    connection.close()`,
    '',
    '',
  ].join('\n');
}
