// The arbitrary stateful functions (mapGroupsWithState, flatMapGroupsWithState,
// applyInPandasWithState, transformWithState) and the queries they run in:
// shared by the rules on their output modes, timeouts and combinations.

import type { Located, StreamWriter } from '../model/pipeline';
import type { ModelQuery, OpNode, OutputMode } from './query';

export type StatefulFunctionNode = OpNode<'statefulFunction'>;

/** Streaming stateful-function nodes outside foreachBatch handlers, optionally of one method. */
export function streamingStatefulFunctions(query: ModelQuery, method?: string): readonly StatefulFunctionNode[] {
  return query
    .ops('statefulFunction')
    .filter((node) => query.isStreaming(node.id) && !query.inForeachBatchHandler(node) && (method === undefined || node.op.method === method));
}

/**
 * The operator's own output mode (`append`/`update`), read from `"update"`,
 * `OutputMode.Update()` or `OutputMode.Update`; null when absent or unreadable.
 */
export function functionMode(node: StatefulFunctionNode): 'append' | 'update' | null {
  const written = node.op.outputMode?.value.toLowerCase().replace(/\(\)$/, '') ?? null;
  if (written === null) return null;
  const last = written.split('.').pop() ?? written;
  const bare = last.replace(/^["']|["']$/g, '');
  return bare === 'append' || bare === 'update' ? bare : null;
}

/**
 * The argument naming the event-time timeout. mapGroupsWithState takes the
 * timeout first (it has no mode argument), so its first argument counts too.
 */
export function eventTimeTimeoutArgument(node: StatefulFunctionNode): Located<string> | null {
  const candidates = node.op.method === 'mapGroupsWithState' ? [node.op.timeout, node.op.outputMode] : [node.op.timeout];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const value = candidate.value.toLowerCase().replace(/\(\)$/, '').replace(/^["']|["']$/g, '');
    const last = value.split('.').pop() ?? value;
    if (last === 'eventtimetimeout' || last === 'eventtime') return candidate;
  }
  return null;
}

/** The writers a node flows into, with their readable output mode. */
export function queriesOf(query: ModelQuery, node: StatefulFunctionNode): readonly { readonly writer: StreamWriter; readonly mode: OutputMode }[] {
  const found: { writer: StreamWriter; mode: OutputMode }[] = [];
  for (const writer of query.writersOf(node.id)) {
    const mode = query.outputMode(writer);
    if (mode !== null) found.push({ writer, mode });
  }
  return found;
}

/** True when the query a writer starts has a streaming aggregation anywhere in it. */
export function queryHasAggregation(query: ModelQuery, writer: StreamWriter): boolean {
  const aggregations = query.ops('aggregate');
  if (aggregations.length === 0) return false;
  const lineage = query.lineage(writer.input);
  return aggregations.some((node) => node.streaming === 'streaming' && lineage.has(node.id));
}

/** Streaming aggregations (and `distinct()`, planned as one) in the lineage of a node, the node included. */
export function streamingAggregationsIn(query: ModelQuery, id: number): readonly OpNode<'aggregate'>[] {
  const self = query.node(id);
  const found = query.upstreamOps(id, 'aggregate').filter((node) => query.isStreaming(node.id));
  if (self?.kind === 'op' && self.op.kind === 'aggregate' && self.streaming === 'streaming') return [...found, self as OpNode<'aggregate'>];
  return found;
}

/** Spark's capitalised mode name for messages. */
export function modeName(mode: string): string {
  return mode.charAt(0).toUpperCase() + mode.slice(1);
}
