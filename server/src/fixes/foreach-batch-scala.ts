// The JDBC sink rewrites in Scala: `.format("jdbc")` and the JDBC options of a
// stream writer become one `foreachBatch { (batch: DataFrame, batchId: Long) => ... }`
// block. The at-least-once block writes each batch with the batch JDBC
// writer; the exactly-once block writes it to a staging table, then copies it
// into the target and records the batch id in one JDBC transaction. Scala
// takes the block inline, so unlike the Python rewrites no function is defined.

import type { Fix, TextEdit } from '../analysis/types';
import type { StreamWriter } from '../model/pipeline';
import { formatStep, staysOnStream, withLeadingSpace } from './stream-writer-steps';

/**
 * The rewrite, or null when the chain's shape is not one it can keep valid:
 * a handler already set, a format not written as `.format("jdbc")`, options
 * not written as `.option(...)` steps of the chain.
 */
export function scalaForeachBatchRewrite(writer: StreamWriter, text: string, delivery: 'at-least-once' | 'exactly-once' = 'at-least-once'): Fix | null {
  if (writer.foreachBatch || writer.foreach) return null;
  const formatCall = formatStep(text, writer);
  if (!formatCall) return null;
  const moved = writer.options.filter((option) => !staysOnStream(option.key));
  const steps = moved.map((option) => text.slice(option.span.start, option.span.end).trim());
  if (steps.some((step) => !/^\.\s*option\s*\(/.test(step)) || moved.some((option) => option.span.start < writer.span.start || option.span.end > writer.span.end)) return null;
  const lineStart = text.lastIndexOf('\n', formatCall.start - 1) + 1;
  const lead = text.slice(lineStart, formatCall.start);
  const indent = /^[ \t]*/.exec(lead)?.[0] ?? '';
  const inner = `${indent}  `;
  const dataFrame = scalaDataFrameType(text);
  const edits = (block: string) => (): readonly TextEdit[] => [{ span: formatCall, newText: block }, ...moved.map((option) => ({ span: withLeadingSpace(option.span, text), newText: '' }))];
  if (delivery === 'exactly-once') {
    const keyed = moved.map((option) => [option.key.toLowerCase(), option] as const);
    const table = keyed.find(([key]) => key === 'dbtable')?.[1].value.value;
    if (!keyed.some(([key]) => key === 'url') || !table) return null;
    // The marker row's key: the query name, else the target table.
    const queryName = writer.queryName?.value.kind === 'string' ? writer.queryName.value.value : table.kind === 'string' ? table.value : 'jdbc_sink';
    const entries = moved.map((option) => {
      const value = text.slice(option.value.span.start, option.value.span.end);
      // Keys lower-cased so the block's lookups find them (Spark reads options case-insensitively); the
      // options map is Map[String, String], so a number or a boolean is written as its string.
      return `${JSON.stringify(option.key.toLowerCase())} -> ${option.value.value.kind === 'string' ? value : `String.valueOf(${value})`}`;
    });
    return {
      title: 'Write each micro-batch exactly once in a foreachBatch block: JDBC rows and the batch id in one transaction',
      safety: 'unsafe',
      edits: edits(exactlyOnceBlock(dataFrame, indent, entries, queryName)),
    };
  }
  const block = [
    `.foreachBatch { (batch: ${dataFrame}, batchId: Long) =>`,
    `${inner}// foreachBatch is at-least-once: make this write idempotent (upsert on a key, or skip batch ids already written)`,
    `${inner}batch.write`,
    `${inner}  .format("jdbc")`,
    ...steps.map((step) => `${inner}  ${step}`),
    `${inner}  .mode("append")`,
    `${inner}  .save()`,
    `${indent}}`,
  ].join('\n');
  return {
    title: 'Write each micro-batch with the batch JDBC writer in a foreachBatch block',
    safety: 'unsafe',
    edits: edits(block),
  };
}

/**
 * The exactly-once block, as the talk's JDBC sink did it: the batch goes to a
 * staging table with the batch JDBC writer (in parallel, overwriting a
 * half-written attempt), then one transaction on the driver copies it into
 * the target and records `(query_name, batch_id)`; a batch id already
 * recorded is skipped, so a replayed batch writes nothing twice. try/finally,
 * not `scala.util.Using`: Spark 3 builds for Scala 2.12 have no `Using`.
 */
function exactlyOnceBlock(dataFrame: string, indent: string, entries: readonly string[], queryName: string): string {
  const inner = `${indent}  `;
  return [
    `.foreachBatch { (batch: ${dataFrame}, batchId: Long) =>`,
    `${inner}// Exactly once: the batch lands in a staging table, then one transaction copies it into the`,
    `${inner}// target and records (query name, batch id); a batch id already recorded is skipped`,
    `${inner}val options = Map(`,
    ...entries.map((entry, index) => `${inner}  ${entry}${index < entries.length - 1 ? ',' : ''}`),
    `${inner})`,
    `${inner}val queryName = ${JSON.stringify(queryName)}`,
    `${inner}val target = options("dbtable")`,
    `${inner}val staging = s"\${target}_staging"`,
    `${inner}batch.write.format("jdbc").options(options).option("dbtable", staging).mode("overwrite").save()`,
    `${inner}options.get("driver").foreach(org.apache.spark.sql.execution.datasources.jdbc.DriverRegistry.register)`,
    `${inner}val properties = new java.util.Properties()`,
    `${inner}for (key <- Seq("user", "password"); value <- options.get(key)) properties.setProperty(key, value)`,
    `${inner}val connection = java.sql.DriverManager.getConnection(options("url"), properties)`,
    `${inner}try {`,
    `${inner}  connection.setAutoCommit(false)`,
    `${inner}  connection.createStatement().execute(`,
    `${inner}    "CREATE TABLE IF NOT EXISTS spark_streaming_batches" +`,
    `${inner}      " (query_name VARCHAR(255) NOT NULL, batch_id BIGINT NOT NULL, PRIMARY KEY (query_name, batch_id))")`,
    `${inner}  val seen = connection.prepareStatement("SELECT 1 FROM spark_streaming_batches WHERE query_name = ? AND batch_id = ?")`,
    `${inner}  seen.setString(1, queryName)`,
    `${inner}  seen.setLong(2, batchId)`,
    `${inner}  if (!seen.executeQuery().next()) {`,
    `${inner}    connection.createStatement().executeUpdate(s"INSERT INTO $target SELECT * FROM $staging")`,
    `${inner}    val marker = connection.prepareStatement("INSERT INTO spark_streaming_batches (query_name, batch_id) VALUES (?, ?)")`,
    `${inner}    marker.setString(1, queryName)`,
    `${inner}    marker.setLong(2, batchId)`,
    `${inner}    marker.executeUpdate()`,
    `${inner}  }`,
    `${inner}  connection.commit()`,
    `${inner}} catch {`,
    `${inner}  case error: Throwable =>`,
    `${inner}    connection.rollback()`,
    `${inner}    throw error`,
    `${inner}} finally {`,
    `${inner}  connection.close()`,
    `${inner}}`,
    `${indent}}`,
  ].join('\n');
}

/**
 * How a block's parameter names the DataFrame type: `DataFrame` when the file
 * imports it (by name, not renamed or hidden, or with the package's
 * wildcard), else its full name: fixes never edit the imports.
 */
export function scalaDataFrameType(text: string): string {
  return /^[ \t]*import[ \t]+org\.apache\.spark\.sql\.(?:DataFrame\b(?![ \t]*\.)|_|\*|\{[^}]*\bDataFrame\b(?![ \t]*(?:=>|as\b))[^}]*\})/m.test(text)
    ? 'DataFrame'
    : 'org.apache.spark.sql.DataFrame';
}
