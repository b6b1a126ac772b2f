// Wrap the static side of a stream-static join in `F.broadcast(...)`, for
// real-time mode, which runs only broadcast stream-static joins.

import type { Fix, FixSafety } from '../analysis/types';
import type { PlanNode } from '../model/pipeline';
import { functionsModuleName } from './functions-module';

type JoinNode = Extract<PlanNode, { kind: 'join' }>;

/**
 * The static side must be written as a plain name: the argument of
 * `.join(dim, ...)` or the receiver of `dim.join(events, ...)`; an inline
 * chain is left alone. The file must import `pyspark.sql.functions` under a
 * name, which the new call uses.
 */
export function broadcastStaticSideFix(text: string, join: JoinNode, staticIs: 'left' | 'right', safety: FixSafety): Fix | null {
  const functions = functionsModuleName(text);
  if (!functions) return null;
  const name = staticIs === 'right' ? joinArgument(text, join) : joinReceiver(text, join);
  if (!name) return null;
  const { start, end } = name;
  const written = text.slice(start, end);
  return {
    title: `Broadcast the static side: ${functions}.broadcast(${written})`,
    safety,
    edits: () => [{ span: { start, end }, newText: `${functions}.broadcast(${written})` }],
  };
}

/** The span of the first argument of `.join(name, ...)` when it is a plain name. */
function joinArgument(text: string, join: JoinNode): { readonly start: number; readonly end: number } | null {
  const call = text.slice(join.callSpan.start, join.callSpan.end);
  const match = /^\.?\s*join\s*\(\s*([A-Za-z_]\w*)\s*[,)]/.exec(call);
  if (!match?.[1]) return null;
  const start = join.callSpan.start + match[0].indexOf(match[1], match[0].indexOf('('));
  return { start, end: start + match[1].length };
}

/** The span of the receiver of `name.join(...)` when the chain is just that name. */
function joinReceiver(text: string, join: JoinNode): { readonly start: number; readonly end: number } | null {
  const receiver = text.slice(join.span.start, join.callSpan.start);
  const match = /^([A-Za-z_]\w*)\s*\.?\s*$/.exec(receiver);
  if (!match?.[1]) return null;
  return { start: join.span.start, end: join.span.start + match[1].length };
}
