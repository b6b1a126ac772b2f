// A fix that removes one step of a method chain (`.orderBy(...)`,
// `.cache()`), keeping the rest of the chain and its formatting.

import type { Fix, FixSafety } from '../analysis/types';
import type { PlanNode } from '../model/pipeline';
import { removeStep } from './chain-edit';

/**
 * Removes the step `node` was built by, when the text at its call span really
 * is a `.method(...)` step with one of `methods` (a function call, a SQL
 * string or a front end's approximation is left alone: no fix).
 */
export function removeStepFix(text: string, node: PlanNode, methods: readonly string[], title: string, safety: FixSafety): Fix | null {
  const call = text.slice(node.callSpan.start, node.callSpan.end);
  const match = /^\.?\s*([A-Za-z_]\w*)\s*\(/.exec(call);
  if (!match || !methods.includes(match[1] ?? '') || !call.trimEnd().endsWith(')')) return null;
  // The step must follow something it is chained on: `.` right before the name, possibly across a line break.
  if (!/\.\s*$/.test(text.slice(Math.max(0, node.callSpan.start - 200), node.callSpan.start + (call.startsWith('.') ? 1 : 0)))) return null;
  return { title, safety, edits: () => removeStep(text, node.callSpan) };
}
