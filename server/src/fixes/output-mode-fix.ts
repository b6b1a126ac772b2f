// Fixes that set a streaming query's output mode: rewrite the mode a
// writer names, or add `.outputMode(...)` after `.writeStream` when it
// names none (Append is the default).

import type { Fix, FixSafety } from '../analysis/types';
import type { StreamWriter } from '../model/pipeline';
import type { OutputMode } from '../rules/query';
import { insertAfterStep, replaceStringLiteral } from './chain-edit';

/**
 * `outputMode("<mode>")` for `writer`. The mode is rewritten only where it is
 * a string literal in the writer's own chain: a mode passed through a
 * variable or a helper's parameter may be shared with other queries, so
 * there is no fix.
 */
export function outputModeFix(text: string, writer: StreamWriter, mode: OutputMode, safety: FixSafety): Fix | null {
  const title = `Use outputMode("${mode}")`;
  const written = writer.outputMode;
  if (!written) {
    if (mode === 'append') return null;
    return { title, safety, edits: () => [insertAfterStep(text, writer.writeStreamSpan.end, `.outputMode("${mode}")`)] };
  }
  if (written.span.start < writer.span.start || written.span.end > writer.span.end) return null;
  const source = text.slice(written.span.start, written.span.end);
  // Scala's OutputMode.Update() (or OutputMode.Update) keeps its spelling
  if (/^OutputMode\s*\.\s*(?:Append|Update|Complete)(?:\s*\(\s*\))?$/.test(source)) {
    const constant = `OutputMode.${mode.charAt(0).toUpperCase()}${mode.slice(1)}()`;
    return { title: `Use ${constant}`, safety, edits: () => [{ span: written.span, newText: constant }] };
  }
  if (!/^[rRuU]?("|')[^"'\\]*\1$/.test(source)) return null;
  return { title, safety, edits: () => [replaceStringLiteral(text, written.span, mode)] };
}
