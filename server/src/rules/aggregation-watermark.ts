// Where a streaming aggregation's watermark is, as Spark's checker sees it.
//
// Spark lets an aggregation evict state (and run in Append mode) only when
// one of its grouping keys carries watermark metadata: the key is a column
// given to `withWatermark` upstream, or a `window`/`session_window` over one.
// Rules SS201, SS204, SS205 and SS206 split the ways this fails; they share
// this one classification so that exactly one of them speaks for a given
// aggregation.

import type { Expr } from '../model/pipeline';
import { hasOpaquePart, referencedColumns } from './expr';
import { upstreamOfKind } from './upstream-of-kind';
import type { ModelQuery, OpNode, OutputMode } from './query';

/** Spark's text when an Append-mode aggregation has no watermarked key (UnsupportedOperationChecker). */
export const appendWithoutWatermark =
  'Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark';

export type AggregationWatermark =
  /** A grouping key carries watermark metadata: state can be evicted. */
  | { readonly kind: 'keyed' }
  /** Some key could not be read (an opaque expression, SQL text): rules stay quiet. */
  | { readonly kind: 'unknown' }
  /** `withWatermark` upstream, but on a column no key uses. */
  | { readonly kind: 'not-grouped'; readonly watermark: OpNode<'watermark'> }
  /** No watermark upstream, but `withWatermark` applied downstream of the aggregation. */
  | { readonly kind: 'after'; readonly watermark: OpNode<'watermark'> }
  /** No watermark anywhere on the way. */
  | { readonly kind: 'none' };

export function aggregationWatermark(query: ModelQuery, aggregation: OpNode<'aggregate'>): AggregationWatermark {
  return memo(query).watermarks.get(aggregation.id) ?? remember(memo(query).watermarks, aggregation.id, classify(query, aggregation));
}

function classify(query: ModelQuery, aggregation: OpNode<'aggregate'>): AggregationWatermark {
  const upstream = upstreamOfKind(query, aggregation.id, 'watermark');
  const watermarked = new Set(upstream.map((mark) => mark.op.column.value));
  if (aggregation.op.keys.some((key) => isUnreadable(key))) return { kind: 'unknown' };
  if (aggregation.op.keys.some((key) => referencedColumns(key).some((column) => watermarked.has(rootName(column))))) return { kind: 'keyed' };
  const nearest = upstream[upstream.length - 1];
  if (nearest) return { kind: 'not-grouped', watermark: nearest };
  const after = downstreamWatermark(query, aggregation);
  return after ? { kind: 'after', watermark: after } : { kind: 'none' };
}

/**
 * A streaming aggregation that is the only one on its path: no streaming
 * aggregation upstream or downstream of it. Chains are the business of
 * `chained-streaming-aggregations`, whose verdict covers the whole chain.
 */
export function isLoneStreamingAggregation(query: ModelQuery, aggregation: OpNode<'aggregate'>): boolean {
  return memo(query).lone.get(aggregation.id) ?? remember(memo(query).lone, aggregation.id, isLone(query, aggregation));
}

function isLone(query: ModelQuery, aggregation: OpNode<'aggregate'>): boolean {
  if (!query.isStreaming(aggregation.id) || query.inForeachBatchHandler(aggregation)) return false;
  for (const other of query.ops('aggregate')) {
    if (other.id === aggregation.id || !query.isStreaming(other.id)) continue;
    if (query.lineage(other.id).has(aggregation.id) || query.lineage(aggregation.id).has(other.id)) return false;
  }
  return true;
}

/** The distinct valid output modes of the streaming queries a node flows into, in a fixed order. */
export function outputModesOf(query: ModelQuery, id: number): readonly OutputMode[] {
  const modes = new Set<OutputMode>();
  for (const writer of query.writersOf(id)) {
    const mode = query.outputMode(writer);
    if (mode !== null) modes.add(mode);
  }
  return (['append', 'update', 'complete'] as const).filter((mode) => modes.has(mode));
}

/** `window.start` refers to the `window` struct. */
export function rootName(column: string): string {
  return column.split('.')[0] ?? column;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Four rules ask the same two questions of each aggregation: the answers are
 * kept per query (one analysis), so the plan is walked once for all of them.
 */
interface Memo {
  readonly lone: Map<number, boolean>;
  readonly watermarks: Map<number, AggregationWatermark>;
}

const memos = new WeakMap<ModelQuery, Memo>();

function memo(query: ModelQuery): Memo {
  let found = memos.get(query);
  if (!found) {
    found = { lone: new Map(), watermarks: new Map() };
    memos.set(query, found);
  }
  return found;
}

function remember<T>(map: Map<number, T>, key: number, value: T): T {
  map.set(key, value);
  return value;
}

function isUnreadable(key: Expr): boolean {
  return key.kind === 'sql' || hasOpaquePart(key);
}

/** A `withWatermark` on the way from the aggregation to one of its writers. */
function downstreamWatermark(query: ModelQuery, aggregation: OpNode<'aggregate'>): OpNode<'watermark'> | null {
  for (const mark of query.ops('watermark')) {
    if (query.lineage(mark.id).has(aggregation.id)) return mark;
  }
  return null;
}
