// The fix for a union of a stream with a batch DataFrame: read the batch side
// with `readStream` too, so both sides are streams.
//
//   devices = spark.read.format("delta").load("/dims/devices")
//   both = events.select("id").union(devices.select("id"))
//
// becomes `devices = spark.readStream.format("delta").load("/dims/devices")`.
// Unsafe: the side is then read incrementally, each row (or file) once,
// instead of in full every micro-batch. A file source that needs a schema
// gets a `.schema("<column> <TYPE>, ...")` template as well: display-only.
// Only a side that is a chain of row-wise steps over one `spark.read` (or
// `spark.table`) read of a Delta table, a catalog table or files, used by
// nothing but unions with streams, is rewritten; anything else gets no fix.

import { isAtLeast } from '../analysis/spark-version';
import type { Fix, SparkVersion, TextEdit } from '../analysis/types';
import type { NodeId, PlanNode } from '../model/pipeline';
import { findOption, stringPrefix, type ModelQuery } from '../rules/query';
import { callArguments, isPlainArgument } from './call-arguments';
import { boundName, codeIndex, onlyReadWithin } from './name-uses';

type SourceNode = Extract<PlanNode, { kind: 'source' }>;

/** File formats whose streaming source needs a schema (as `file-stream-without-schema` lists them); text has a fixed one. */
const schemaFormats = new Set(['json', 'csv', 'parquet', 'orc', 'xml', 'avro']);

/** Steps that work row by row, on a stream as on a batch. */
const rowWiseSteps = new Set(['select', 'filter', 'withColumn', 'withColumnRenamed', 'drop']);

/** Delta time travel: a streaming read takes none of these. */
const timeTravel = ['versionAsOf', 'timestampAsOf'];

const schemaTemplate = '.schema("<column> <TYPE>, ...")';

export function readStreamSideFix(text: string, query: ModelQuery, union: Extract<PlanNode, { kind: 'union' }>, sparkVersion: SparkVersion): Fix | null {
  const batchInputs = union.inputs.filter((input) => !query.isStreaming(input));
  const side = batchInputs[0];
  if (batchInputs.length !== 1 || side === undefined || !query.isBatch(side)) return null;
  const source = sourceUnder(query, side);
  if (!source) return null;
  const reach = streamUnionsOnly(query, source);
  if (!reach) return null;
  const code = codeIndex(text, query.model.language);
  const within = [...reach.steps, ...reach.unions].map((node) => node.span);
  for (const node of [source, ...reach.steps]) {
    const binding = boundName(text, node.span.start);
    if (binding && !onlyReadWithin(code, binding.name, binding.at, within)) return null;
  }
  const rewrite = readStreamEdit(text, query, source, sparkVersion);
  if (!rewrite) return null;
  const name = boundName(text, source.span.start)?.name ?? 'the batch side';
  if (rewrite.schema) {
    return {
      title: `Read ${name} with readStream, with a ${schemaTemplate} template (files are then read once each, not all every micro-batch)`,
      safety: 'display-only',
      edits: () => [rewrite.edit, { span: { start: rewrite.edit.span.end, end: rewrite.edit.span.end }, newText: schemaTemplate }],
    };
  }
  return {
    title: `Read ${name} with readStream (each new row or file then arrives once, not the whole side every micro-batch)`,
    safety: 'unsafe',
    edits: () => [rewrite.edit],
  };
}

/** The one `spark.read`/`spark.table` source the batch side is built on, through row-wise steps only. */
function sourceUnder(query: ModelQuery, side: NodeId): SourceNode | null {
  let node = query.node(side);
  while (node?.kind === 'op' && rowWiseSteps.has(node.op.kind)) node = query.node(node.input);
  return node?.kind === 'source' && (node.source.api === 'read' || node.source.api === 'table') ? node : null;
}

/**
 * Everything built on `source`: row-wise steps, ending in unions whose other
 * inputs are streams. Null when anything else reads it (a join, an action, a
 * batch write, a union of batches), since that would change with it.
 */
function streamUnionsOnly(query: ModelQuery, source: SourceNode): { readonly steps: readonly PlanNode[]; readonly unions: readonly PlanNode[] } | null {
  const steps: PlanNode[] = [];
  const unions: PlanNode[] = [];
  const inside = new Set<NodeId>([source.id]);
  const pending = [source.id];
  while (pending.length > 0) {
    const id = pending.pop() as NodeId;
    for (const consumer of query.consumers(id)) {
      const node = query.node(consumer);
      if (!node || inside.has(consumer) || unions.includes(node)) continue;
      if (node.kind === 'op' && rowWiseSteps.has(node.op.kind)) {
        inside.add(consumer);
        steps.push(node);
        pending.push(consumer);
      } else if (node.kind === 'union' && !query.inForeachBatchHandler(node)) {
        unions.push(node);
      } else {
        return null;
      }
    }
  }
  for (const union of unions) {
    if (union.kind !== 'union' || !union.inputs.every((input) => inside.has(input) || query.isStreaming(input))) return null;
  }
  const read = (input: NodeId): boolean => inside.has(input);
  if (query.model.batchWriters.some((writer) => read(writer.input)) || query.model.actions.some((action) => read(action.input)) || query.model.writers.some((writer) => read(writer.input))) return null;
  return { steps, unions };
}

interface ReadStreamEdit {
  /** `read` → `readStream`, or `.readStream` inserted before `.table(...)`. */
  readonly edit: TextEdit;
  /** Whether the streaming read needs a schema the code does not give. */
  readonly schema: boolean;
}

function readStreamEdit(text: string, query: ModelQuery, source: SourceNode, sparkVersion: SparkVersion): ReadStreamEdit | null {
  const info = source.source;
  const call = text.slice(source.callSpan.start, source.callSpan.end);
  const head = text.slice(source.span.start, source.callSpan.start);
  if (info.api === 'table') {
    // `spark.table("t")`: `spark.readStream.table("t")` (Spark 3.1+).
    if (!isAtLeast(sparkVersion, 3, 1) || !/^[A-Za-z_]\w*$/.test(head.trim()) || !/^\.\s*table\s*\(/.test(call) || !oneArgument(call)) return null;
    return { edit: { span: { start: source.callSpan.start, end: source.callSpan.start }, newText: '.readStream' }, schema: false };
  }
  const read = /^([A-Za-z_]\w*\s*\.\s*)read\b(?!Stream)/.exec(text.slice(source.span.start, source.callSpan.end));
  const format = info.format?.value.toLowerCase();
  if (!read || format === undefined) return null;
  const at = source.span.start + (read[1] ?? '').length;
  const edit = { span: { start: at, end: at + 'read'.length }, newText: 'readStream' };
  if (format === 'table') return isAtLeast(sparkVersion, 3, 1) && oneArgument(call) ? { edit, schema: false } : null;
  if (format === 'delta') return timeTravel.some((key) => findOption(info.options, key)) || !atMostOneArgument(call) ? null : { edit, schema: false };
  if (format === 'text') return atMostOneArgument(call) ? { edit, schema: false } : null;
  if (!schemaFormats.has(format) || !atMostOneArgument(call)) return null;
  const inferred = query.confs('spark.sql.streaming.schemaInference').some((conf) => stringPrefix(conf.value.value)?.trim().toLowerCase() === 'true' || (conf.value.value.kind === 'boolean' && conf.value.value.value));
  return { edit, schema: info.schema === null && !inferred };
}

/** Whether a reader call (`.parquet("/p")`, `.load()`) has at most one argument, a plain one: a streaming reader takes one path, and no Python keyword arguments are carried over unchecked. */
function atMostOneArgument(call: string): boolean {
  const args = callArguments(call);
  return args !== null && (args.length === 0 || oneArgument(call));
}

function oneArgument(call: string): boolean {
  const args = callArguments(call);
  return args?.length === 1 && isPlainArgument(args[0] ?? '');
}
