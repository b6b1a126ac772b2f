// The JDBC sink rewrite in Scala: `.format("jdbc")` and the JDBC options of a
// stream writer become one `foreachBatch { (batch: DataFrame, batchId: Long) => ... }`
// block that writes each batch with the batch JDBC writer. Scala takes the
// block inline, so unlike the Python rewrite no function is defined.

import type { Fix, TextEdit } from '../analysis/types';
import type { StreamWriter } from '../model/pipeline';

/** Options that belong to the stream writer, not to the JDBC write of each batch. */
const streamWriterOptions = new Set(['checkpointlocation', 'asyncprogresstrackingenabled', 'asyncprogresstrackingcheckpointintervalms']);

/**
 * The rewrite, or null when the chain's shape is not one it can keep valid:
 * a handler already set, a format not written as `.format("jdbc")`, options
 * not written as `.option(...)` steps of the chain.
 */
export function scalaForeachBatchRewrite(writer: StreamWriter, text: string): Fix | null {
  const format = writer.format;
  if (!format || writer.foreachBatch || writer.foreach) return null;
  const before = /\.\s*format\s*\(\s*$/.exec(text.slice(writer.writeStreamSpan.end, format.span.start));
  const after = /^\s*\)/.exec(text.slice(format.span.end));
  if (!before || !after) return null;
  const formatCall = { start: writer.writeStreamSpan.end + before.index, end: format.span.end + after[0].length };
  const moved = writer.options.filter((option) => !streamWriterOptions.has(option.key.toLowerCase()));
  const steps = moved.map((option) => text.slice(option.span.start, option.span.end).trim());
  if (steps.some((step) => !/^\.\s*option\s*\(/.test(step)) || moved.some((option) => option.span.start < writer.span.start || option.span.end > writer.span.end)) return null;
  const lineStart = text.lastIndexOf('\n', formatCall.start - 1) + 1;
  const lead = text.slice(lineStart, formatCall.start);
  const indent = /^[ \t]*/.exec(lead)?.[0] ?? '';
  const inner = `${indent}  `;
  const dataFrame = /^\s*import\s+org\.apache\.spark\.sql\.(?:DataFrame\b|_|\{[^}]*\bDataFrame\b)/m.test(text) ? 'DataFrame' : 'org.apache.spark.sql.DataFrame';
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
    title: 'Write each micro-batch with the batch JDBC writer in foreachBatch',
    safety: 'unsafe',
    edits: (): readonly TextEdit[] => [{ span: formatCall, newText: block }, ...moved.map((option) => ({ span: withLeadingSpace(option.span, text), newText: '' }))],
  };
}

/** A chain step with the line break and indentation before it, so removing it removes its line. */
function withLeadingSpace(span: { readonly start: number; readonly end: number }, text: string): { start: number; end: number } {
  let start = span.start;
  while (start > 0 && /[ \t\n\r]/.test(text.charAt(start - 1))) start--;
  return { start, end: span.end };
}
