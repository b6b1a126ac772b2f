// A template that turns `batch.subtract(stream)` / `exceptAll` around into
// `stream.join(batch, "<columns>", "left_anti")`. Display-only: the join
// columns are the author's to fill in, and the meaning differs (it keeps the
// stream's rows absent from the batch, not the batch's rows absent from the
// stream, which no streaming query can compute).

import type { Fix } from '../analysis/types';
import type { PipelineModel, PlanNode } from '../model/pipeline';
import type { Span } from '../model/span';

/**
 * Null when the receiver before the call or the argument is not plain text to
 * move (empty, or the call is not `.method(...)`). Scala gets the columns as a
 * `Seq`: its `join(right, column, joinType)` overload only exists from Spark 3.4.
 */
export function antiJoinTemplate(text: string, node: PlanNode, argument: Span, language: PipelineModel['language']): Fix | null {
  const call = text.slice(node.callSpan.start, node.callSpan.end);
  if (!/^\.?\s*(subtract|exceptAll|except)\s*\(/.test(call) || !call.endsWith(')')) return null;
  const receiver = text.slice(node.span.start, node.callSpan.start).replace(/[\s\\]*\.?[\s\\]*$/, '').trim();
  const stream = text.slice(argument.start, argument.end).trim();
  if (receiver === '' || stream === '' || stream.includes('\n') || receiver.includes('\n')) return null;
  const columns = language === 'scala' ? 'Seq("<columns>")' : '"<columns>"';
  const newText = `${operand(stream)}.join(${receiver}, ${columns}, "left_anti")`;
  return {
    title: 'Keep the stream on the left: left_anti join template (keeps the stream rows absent from the batch)',
    safety: 'display-only',
    edits: () => [{ span: { start: node.span.start, end: node.callSpan.end }, newText }],
  };
}

/** The expression as the receiver of a method call: wrapped in parentheses unless it is a dotted name or a call chain. */
function operand(expression: string): string {
  let depth = 0;
  let quote: string | null = null;
  for (let at = 0; at < expression.length; at++) {
    const char = expression.charAt(at);
    if (quote !== null) {
      if (char === '\\') at++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (depth === 0 && !/[\w.]/.test(char)) return `(${expression})`;
  }
  return expression;
}
