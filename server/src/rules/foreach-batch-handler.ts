// What a foreachBatch function does with its batch: shared by the rules on
// its writes and actions.

import type { Action, BatchWriter, FunctionDef, NodeId } from '../model/pipeline';
import type { Span } from '../model/span';
import type { ModelQuery } from './query';

export interface HandlerUse {
  readonly handler: FunctionDef;
  /** The nodes standing for the batch parameter (one per evaluation of the function). */
  readonly batchNodes: ReadonlySet<NodeId>;
  /** Batch writes that end in a terminal call, and actions, in the function, on the batch or what is derived from it. */
  readonly writes: readonly BatchWriter[];
  readonly actions: readonly Action[];
  /** cache/persist calls on the batch or what is derived from it. */
  readonly persisted: boolean;
}

/** Each foreachBatch function defined in the file, with what it does to its batch. Uses found in several evaluations count once. */
export function foreachBatchHandlers(query: ModelQuery): readonly HandlerUse[] {
  const known = memo.get(query);
  if (known) return known;
  const found: HandlerUse[] = [];
  const handlers = query.model.functions.filter((fn) => fn.isForeachBatchHandler);
  if (handlers.length > 0) {
    // One pass over the nodes: the batch parameters of every handler, by function name.
    const batchNodesByScope = new Map<string, Set<NodeId>>();
    for (const node of query.model.nodes) {
      if (node.kind !== 'opaque' || node.reason !== 'foreachBatch' || node.scope === null) continue;
      const set = batchNodesByScope.get(node.scope) ?? new Set<NodeId>();
      set.add(node.id);
      batchNodesByScope.set(node.scope, set);
    }
    for (const handler of handlers) {
      // Scala's inline blocks all lower to functions named `lambda`: a name two handlers share
      // tells theirs apart only with the handler's span.
      const shared = handlers.some((other) => other !== handler && other.name === handler.name);
      const own = (item: { readonly scope: string | null; readonly span: Span }): boolean => item.scope === handler.name && (!shared || within(item.span, handler.span));
      const batchNodes = new Set([...(batchNodesByScope.get(handler.name) ?? [])].filter((id) => {
        const node = query.node(id);
        return node !== undefined && own(node);
      }));
      // Walk up only through the function's own nodes: the batch parameter is one of them, and
      // a full lineage set would also hold the module-level pipeline the function closes over.
      const fromBatch = (input: NodeId): boolean => {
        const seen = new Set<NodeId>();
        const stack = [input];
        while (stack.length > 0) {
          const id = stack.pop() as NodeId;
          if (batchNodes.has(id)) return true;
          const node = query.node(id);
          if (seen.has(id) || !node || !own(node)) continue;
          seen.add(id);
          stack.push(...query.inputs(node));
        }
        return false;
      };
      const writes = unique(query.model.batchWriters.filter((writer) => own(writer) && writer.terminal !== null && fromBatch(writer.input)));
      const actions = unique(query.model.actions.filter((action) => own(action) && fromBatch(action.input)));
      const persisted = query.ops('cache').some((node) => own(node) && fromBatch(node.id));
      found.push({ handler, batchNodes, writes, actions, persisted });
    }
  }
  memo.set(query, found);
  return found;
}

/**
 * Whether the handler is a Scala block passed inline, `foreachBatch { (batch: DataFrame, batchId: Long) => ... }`:
 * the front end reads it as a function named `lambda` defined where the block is, so its name span does not hold its name.
 */
export function isInlineBlock(handler: FunctionDef, text: string): boolean {
  return text.slice(handler.nameSpan.start, handler.nameSpan.end) !== handler.name;
}

/** The handler whose definition holds `span` among those named `scope` (inline blocks share one name). */
export function handlerAt(functions: readonly FunctionDef[], scope: string, span: Span): FunctionDef | undefined {
  const named = functions.filter((fn) => fn.name === scope);
  return named.find((fn) => within(span, fn.span)) ?? (named.length === 1 ? named[0] : undefined);
}

function within(inner: Span, outer: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** Two rules read the same facts: computed once per analysis. */
const memo = new WeakMap<ModelQuery, readonly HandlerUse[]>();

function unique<T extends { readonly span: Span }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.span.start}:${item.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
