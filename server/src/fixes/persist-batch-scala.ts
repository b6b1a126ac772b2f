// Wrap a Scala foreachBatch handler's body in persist / try / finally
// unpersist, so the actions on the batch compute it once:
//
//   def handle(batch: DataFrame, batchId: Long): Unit = {
//     batch.persist()
//     try {
//       <the body, one level deeper>
//     } finally {
//       batch.unpersist()
//     }
//   }
//
// The same for an inline block, `foreachBatch { (batch: DataFrame, batchId: Long) => ... }`:
// its statements go into the try. A body that is one expression after `=`
// becomes a block. The try's value is the body's last expression, so a
// handler that returns a value still returns it.

import type { Fix } from '../analysis/types';
import type { FunctionDef } from '../model/pipeline';
import { endOfLine } from './chain-edit';

/**
 * Null when the shape is not one the edit keeps valid: a header over several
 * lines, a closing brace that shares a line with code, a body with tabs or a
 * multi-line string (indenting it would change the string).
 */
export function scalaPersistBatchFix(text: string, handler: FunctionDef, inline: boolean): Fix | null {
  const batch = handler.params[0]?.value;
  if (!batch) return null;
  const headerStart = text.lastIndexOf('\n', handler.span.start - 1) + 1;
  const headerEnd = endOfLine(text, inline ? handler.nameSpan.start : handler.nameSpan.end);
  const header = text.slice(headerStart, headerEnd);
  const headerIndent = indentOf(header);
  const title = `Persist ${batch} for the ${inline ? "block's" : "function's"} actions (unpersist in finally)`;
  if (inline) {
    // `(batch: DataFrame, batchId: Long) =>` ends its line; the statements follow, the block's `}` on a later line.
    if (!/=>[ \t]*(\/\/.*)?\r?$/.test(header)) return null;
    // The block's span may run on over the blank space before its `}`.
    let end = handler.span.end;
    while (end > handler.span.start && /\s/.test(text.charAt(end - 1))) end--;
    const bodyEnd = endOfLine(text, end);
    if (text.slice(end, bodyEnd).trim() !== '') return null;
    return wrap(text, headerEnd + 1, bodyEnd, batch, headerIndent, title);
  }
  // The `=` after the parameter list and the result type.
  const lastParam = handler.params[handler.params.length - 1];
  const signature = lastParam ? /^[^)]*\)[ \t]*(?::[ \t]*[\w.\[\], ]+?)?[ \t]*=(?!>)[ \t]*/.exec(text.slice(lastParam.span.end, handler.span.end)) : null;
  if (!lastParam || !signature) return null;
  const bodyStart = lastParam.span.end + signature[0].length;
  const body = text.slice(bodyStart, handler.span.end);
  if (body.startsWith('{')) {
    // `= {` ends the header and `}` closes the body alone on the last line.
    const closing = text.lastIndexOf('\n', handler.span.end - 1);
    if (!/^\{[ \t]*(\/\/.*)?\r?$/.test(text.slice(bodyStart, endOfLine(text, bodyStart))) || closing <= bodyStart || text.slice(closing + 1, handler.span.end).trim() !== '}') return null;
    return wrap(text, endOfLine(text, bodyStart) + 1, closing, batch, headerIndent, title);
  }
  // `= expression` on one line: it becomes a block.
  if (body.includes('\n') || /"""|\t/.test(body) || text.slice(handler.span.end, endOfLine(text, handler.span.end)).trim() !== '') return null;
  const unit = '  ';
  const inner = `${headerIndent}${unit}`;
  const block = ['{', `${inner}${batch}.persist()`, `${inner}try {`, `${inner}${unit}${body}`, `${inner}} finally {`, `${inner}${unit}${batch}.unpersist()`, `${inner}}`, `${headerIndent}}`].join('\n');
  return { title, safety: 'unsafe', edits: () => [{ span: { start: bodyStart, end: handler.span.end }, newText: block }] };
}

/** Wraps the whole lines from `bodyStart` to `bodyEnd` (a line break or the end of a line). */
function wrap(text: string, bodyStart: number, bodyEnd: number, batch: string, headerIndent: string, title: string): Fix | null {
  if (bodyEnd <= bodyStart) return null;
  const body = text.slice(bodyStart, bodyEnd);
  if (body.trim() === '' || /"""|\t/.test(body)) return null;
  const lines = body.split('\n');
  const indent = indentOf(lines.find((line) => line.trim() !== '') ?? '');
  if (indent.length <= headerIndent.length) return null;
  const unit = unitOf(headerIndent, indent);
  const newline = body.includes('\r\n') ? '\r\n' : '\n';
  const wrapped = [
    `${indent}${batch}.persist()`,
    `${indent}try {`,
    ...lines.map((line) => (line.trim() === '' ? line : `${unit}${line}`)),
    `${indent}} finally {`,
    `${indent}${unit}${batch}.unpersist()`,
    `${indent}}`,
  ].join('\n').replace(/\r?\n/g, newline);
  return { title, safety: 'unsafe', edits: () => [{ span: { start: bodyStart, end: bodyEnd }, newText: wrapped }] };
}

/** One level of indentation: the step from the header to its body, two spaces when there is none. */
function unitOf(headerIndent: string, bodyIndent: string): string {
  return bodyIndent.length > headerIndent.length && bodyIndent.startsWith(headerIndent) ? bodyIndent.slice(headerIndent.length) : '  ';
}

function indentOf(line: string): string {
  return /^[ ]*/.exec(line)?.[0] ?? '';
}
