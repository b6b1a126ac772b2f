// A fix that renames the method of one chain step (`.dropDuplicatesWithinWatermark(` → `.dropDuplicates(`), keeping its arguments.

import type { Fix, FixSafety } from '../analysis/types';
import type { Span } from '../model/span';

/** Renames `from` to `to` at the start of the step at `callSpan` (its `.` first); null when the text there is not that method. */
export function renameStepFix(text: string, callSpan: Span, from: string, to: string, safety: FixSafety): Fix | null {
  const written = new RegExp(`^(\\.\\s*)${from}(?=\\s*\\()`).exec(text.slice(callSpan.start, callSpan.end));
  if (!written) return null;
  const start = callSpan.start + (written[1] ?? '').length;
  return { title: `Use .${to}()`, safety, edits: () => [{ span: { start, end: start + from.length }, newText: to }] };
}
