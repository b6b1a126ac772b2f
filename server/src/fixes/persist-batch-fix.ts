// Wrap a foreachBatch function's body in persist / try / finally unpersist,
// so the actions on the batch compute it once:
//
//   def handle(batch, batch_id):
//       batch.persist()
//       try:
//           <the body, one level deeper>
//       finally:
//           batch.unpersist()

import type { Fix } from '../analysis/types';
import type { FunctionDef } from '../model/pipeline';
import { scanPythonLines } from './python-lines';

/** Null when the function's header is not one line ending in `:`, or its body holds a triple-quoted string (indenting it would change the string). */
export function persistBatchFix(text: string, handler: FunctionDef): Fix | null {
  const batch = handler.params[0]?.value;
  if (!batch) return null;
  const headerEnd = text.indexOf('\n', handler.nameSpan.end);
  if (headerEnd < 0 || !/:\s*(#.*)?\r?$/.test(text.slice(handler.nameSpan.end, headerEnd))) return null;
  const bodyStart = headerEnd + 1;
  const lastNewline = text.indexOf('\n', handler.span.end);
  const bodyEnd = lastNewline < 0 ? text.length : lastNewline;
  if (bodyEnd <= bodyStart) return null;
  const body = text.slice(bodyStart, bodyEnd);
  if (/"""|'''/.test(body) || body.includes('\t')) return null;
  const lines = body.split('\n');
  const indent = /^[ ]*/.exec(lines.find((line) => line.trim() !== '') ?? '')?.[0] ?? '';
  if (indent === '') return null;
  const unit = scanPythonLines(text).indentUnit;
  const newline = body.includes('\r\n') ? '\r\n' : '\n';
  const wrapped = [
    `${indent}${batch}.persist()`,
    `${indent}try:`,
    ...lines.map((line) => (line.trim() === '' ? line : `${unit}${line}`)),
    `${indent}finally:`,
    `${indent}${unit}${batch}.unpersist()`,
  ].join('\n').replace(/\r?\n/g, newline);
  return {
    title: `Persist ${batch} for the function's actions (unpersist in finally)`,
    safety: 'unsafe',
    edits: () => [{ span: { start: bodyStart, end: bodyEnd }, newText: wrapped }],
  };
}
