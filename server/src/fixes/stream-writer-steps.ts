// What the foreachBatch rewrites (a window function's, a stream-static
// join's, a JDBC sink's) read off a stream writer before they split it:
// which options the query keeps, where its `.format(...)` step is, which
// the `.foreachBatch(...)` call replaces, and a step's span with its line.

import type { StreamWriter } from '../model/pipeline';
import type { Span } from '../model/span';

/** Whether an option (by key, any case) belongs to the streaming query itself, not to the batch write of each micro-batch. */
export function staysOnStream(key: string): boolean {
  return streamOptions.has(key.toLowerCase());
}

const streamOptions = new Set(['checkpointlocation', 'asyncprogresstrackingenabled', 'asyncprogresstrackingcheckpointintervalms']);

/** The writer's `.format("...")` step, from its dot to its closing parenthesis; null when it names no format or does not write it as that step. */
export function formatStep(text: string, writer: StreamWriter): Span | null {
  const format = writer.format;
  if (!format) return null;
  const before = /\.\s*format\s*\(\s*$/.exec(text.slice(writer.writeStreamSpan.end, format.span.start));
  const after = /^\s*\)/.exec(text.slice(format.span.end));
  return before && after ? { start: writer.writeStreamSpan.end + before.index, end: format.span.end + after[0].length } : null;
}

/** A chain step with the line break and indentation before it, so removing it removes its line. */
export function withLeadingSpace(span: { readonly start: number; readonly end: number }, text: string): { start: number; end: number } {
  let start = span.start;
  while (start > 0 && /[ \t\n\r]/.test(text.charAt(start - 1))) start--;
  return { start, end: span.end };
}

/** Whether a sink format has a batch writer a foreachBatch handler can call: the memory sink is streaming-only. */
export function writableInBatch(format: string): boolean {
  return format.toLowerCase() !== 'memory';
}
