// Stream-static joins and what their static side reads: shared by the rules
// about re-reading and caching the static side.

import type { NodeId, PlanNode, SourceInfo } from '../model/pipeline';
import { displayValue, findOption, type ModelQuery, type OpNode } from './query';

type JoinNode = Extract<PlanNode, { kind: 'join' }>;
type SourceNode = Extract<PlanNode, { kind: 'source' }>;

export interface StreamStaticJoin {
  readonly join: JoinNode;
  readonly streamSide: NodeId;
  readonly staticSide: NodeId;
  /** Which side is static, for the broadcast hint check. */
  readonly staticIs: 'left' | 'right';
}

/**
 * Joins with one streaming and one batch side, outside foreachBatch handlers
 * (where both sides are batches). Sides of unknown provenance are skipped.
 */
export function streamStaticJoins(query: ModelQuery): readonly StreamStaticJoin[] {
  const found: StreamStaticJoin[] = [];
  for (const join of query.joins()) {
    if (query.inForeachBatchHandler(join)) continue;
    if (query.isStreaming(join.left) && query.isBatch(join.right)) {
      found.push({ join, streamSide: join.left, staticSide: join.right, staticIs: 'right' });
    } else if (query.isBatch(join.left) && query.isStreaming(join.right)) {
      found.push({ join, streamSide: join.right, staticSide: join.left, staticIs: 'left' });
    }
  }
  return found;
}

/**
 * The cache calls that serve the static side from memory: `cache()`,
 * `persist()`, `checkpoint()` or `localCheckpoint()` applied to the static
 * side or to anything it is built from. Spark's cache is keyed by plan, so a
 * bare `dim.cache()` statement caches `dim` for every later use of it, even
 * when the cached DataFrame is not the one passed on.
 */
export function cacheCallsFor(query: ModelQuery, staticSide: NodeId): readonly OpNode<'cache'>[] {
  const lineage = query.lineage(staticSide);
  return query.ops('cache').filter((cache) => !query.isStreaming(cache.id) && (lineage.has(cache.input) || lineage.has(cache.id)));
}

export type StaticSourceKind = 'jdbc' | 'external' | 'files' | 'delta' | 'table' | 'sql';

export interface StaticSource {
  readonly node: SourceNode;
  readonly kind: StaticSourceKind;
  /** For messages: `the JDBC source (table "public.customers")`. */
  readonly description: string;
}

/** The sources the static side reads from a store (in-memory `createDataFrame`/`range` excluded), costliest first. */
export function staticSources(query: ModelQuery, staticSide: NodeId): readonly StaticSource[] {
  const found: StaticSource[] = [];
  for (const node of query.sources(staticSide)) {
    const kind = classify(node.source);
    if (kind) found.push({ node, kind, description: describe(node.source, kind) });
  }
  return found.sort((a, b) => costRank[a.kind] - costRank[b.kind] || a.node.id - b.node.id);
}

const costRank: Record<StaticSourceKind, number> = { jdbc: 0, external: 1, files: 2, table: 3, delta: 4, sql: 5 };

const fileFormats = new Set(['parquet', 'csv', 'json', 'orc', 'text', 'avro', 'binaryfile', 'xml']);

function classify(source: SourceInfo): StaticSourceKind | null {
  switch (source.api) {
    case 'createDataFrame':
    case 'range':
      return null;
    case 'sql':
      return 'sql';
    case 'table':
      return 'table';
    case 'read':
    case 'readStream':
    case 'other': {
      const format = source.format?.value.toLowerCase() ?? null;
      if (format === 'jdbc') return 'jdbc';
      if (format === 'delta') return 'delta';
      if (format === 'table' || (format === null && source.table !== null)) return 'table';
      // `spark.read.load(path)` without a format reads spark.sql.sources.default, parquet.
      if (format === null || fileFormats.has(format)) return 'files';
      return 'external';
    }
    default: {
      const unreachable: never = source.api;
      return unreachable;
    }
  }
}

function describe(source: SourceInfo, kind: StaticSourceKind): string {
  const path = source.path ? ` at ${displayValue(source.path.value)}` : '';
  const table = source.table ? ` ${displayValue(source.table.value)}` : '';
  switch (kind) {
    case 'jdbc': {
      const target = findOption(source.options, 'dbtable') ?? findOption(source.options, 'query');
      const what = source.table
        ? `table ${displayValue(source.table.value)}`
        : target
          ? `${target.key.toLowerCase() === 'query' ? 'query' : 'table'} ${displayValue(target.value.value)}`
          : 'database';
      return `the JDBC source (${what})`;
    }
    case 'external':
      return `the ${source.format?.value ?? 'external'} source${path || table}`;
    case 'files':
      return `the ${source.format?.value ?? 'parquet'} files${path}`;
    case 'delta':
      return `the Delta table${path || table}`;
    case 'table':
      return `the table${table}`;
    case 'sql':
      return 'the spark.sql query';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}
