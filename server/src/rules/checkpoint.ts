// Checkpoint locations of stream writers: shared by the checkpoint rules.

import type { Located, Loop, StreamWriter, Value } from '../model/pipeline';
import { findOption, type ModelQuery } from './query';

export const checkpointConf = 'spark.sql.streaming.checkpointLocation';

/** Writers that start a streaming query (`start()`/`toTable()` over a stream, outside foreachBatch handlers). */
export function startedStreamWriters(query: ModelQuery): readonly StreamWriter[] {
  return query.model.writers.filter((writer) => writer.start !== null && !query.isBatch(writer.input));
}

/** The writer's `checkpointLocation` option value, or null. */
export function checkpointOf(writer: StreamWriter): Located<Value> | null {
  return findOption(writer.options, 'checkpointLocation')?.value ?? null;
}

/** Sinks Spark lets run on a temporary checkpoint (`DataStreamWriter.SOURCES_ALLOW_ONE_TIME_QUERY`). */
export type SinkKind = 'temporary' | 'durable';

export function sinkKind(writer: StreamWriter): { readonly kind: SinkKind; readonly name: string } {
  if (writer.foreachBatch) return { kind: 'temporary', name: 'foreachBatch' };
  if (writer.foreach) return { kind: 'temporary', name: 'foreach' };
  const format = writer.format?.value.toLowerCase() ?? null;
  if (format === 'console' || format === 'memory' || format === 'noop' || format === 'foreach' || format === 'foreachbatch') return { kind: 'temporary', name: format };
  if (writer.start?.method === 'toTable') return { kind: 'durable', name: 'table' };
  // No format: spark.sql.sources.default, parquet.
  return { kind: 'durable', name: format ?? 'parquet' };
}

export interface SharedCheckpoint {
  readonly writer: StreamWriter;
  readonly location: Located<Value>;
  /** Why the location is shared, for messages. */
  readonly reason: string;
  /** The other writer using the same literal path, when that is the reason. */
  readonly other: StreamWriter | null;
}

/**
 * Writers whose checkpoint another query uses too: the same literal path
 * given to two writers, or a literal (or a path not built from the loop's
 * variables) given to a writer started inside a loop. `text` is the source,
 * read to see whether the location's expression names a loop variable.
 */
export function sharedCheckpoints(query: ModelQuery, text: string): readonly SharedCheckpoint[] {
  const found: SharedCheckpoint[] = [];
  const byPath = new Map<string, StreamWriter[]>();
  const writers = startedStreamWriters(query);
  for (const writer of writers) {
    const location = checkpointOf(writer);
    if (location?.value.kind !== 'string') continue;
    const path = location.value.value.replace(/\/+$/, '');
    const list = byPath.get(path);
    if (list) list.push(writer);
    else byPath.set(path, [writer]);
  }
  const reported = new Set<number>();
  for (const [path, list] of byPath) {
    // One call site evaluated once per call of its function gives several writers with one span: still shared.
    if (list.length < 2) continue;
    for (const writer of list) {
      const location = checkpointOf(writer);
      if (!location || reported.has(writer.id)) continue;
      const other = list.find((candidate) => candidate !== writer) ?? null;
      reported.add(writer.id);
      found.push({ writer, location, reason: `the path "${path}" is the checkpoint of ${list.length} queries`, other });
    }
  }
  for (const writer of writers) {
    const location = checkpointOf(writer);
    if (!location || reported.has(writer.id)) continue;
    const loop = loopAround(writer, query.model.loops);
    if (!loop) continue;
    if (location.value.kind !== 'string' && location.value.kind !== 'template') continue;
    const written = text.slice(location.span.start, location.span.end);
    if (loop.variables.some((name) => new RegExp(`\\b${name}\\b`).test(written))) continue;
    if (location.value.kind === 'template' && loop.variables.length === 0) continue;
    reported.add(writer.id);
    found.push({ writer, location, reason: `the query is started in a ${loop.keyword} loop with a path not built from the loop's variables`, other: null });
  }
  // A function called twice holds one written location: report it once.
  const spans = new Set<string>();
  return found.filter((shared) => {
    const key = `${shared.location.span.start}:${shared.location.span.end}`;
    if (spans.has(key)) return false;
    spans.add(key);
    return true;
  });
}

/** The loop whose body holds the whole writer chain (the first listed, when loops nest). */
export function loopAround(writer: StreamWriter, loops: readonly Loop[]): Loop | undefined {
  return loops.find((candidate) => candidate.span.start <= writer.span.start && writer.span.end <= candidate.span.end);
}
