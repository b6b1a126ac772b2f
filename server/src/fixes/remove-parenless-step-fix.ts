// A fix that removes a chain step Scala calls without parentheses
// (`events.localCheckpoint`, `events.cache`): auto-application lets a Scala
// file call a no-argument method by its name alone, which the step remover
// for `.method(...)` does not take.

import type { Fix, FixSafety } from '../analysis/types';
import type { PlanNode } from '../model/pipeline';
import { removeStep } from './chain-edit';

/** Removes the step `node` was built by when the text at its call span is exactly `.method` with one of `methods`. */
export function removeParenlessStepFix(text: string, node: PlanNode, methods: readonly string[], title: string, safety: FixSafety): Fix | null {
  const call = text.slice(node.callSpan.start, node.callSpan.end);
  const match = /^\.\s*([A-Za-z_]\w*)$/.exec(call);
  if (!match || !methods.includes(match[1] ?? '')) return null;
  return { title, safety, edits: () => removeStep(text, node.callSpan) };
}
