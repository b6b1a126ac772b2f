// The schema a pipeline's code declares for a source, for the event generator
// and for reading event files: the reader's `.schema(...)` (a DDL string, a
// StructType, or a variable bound to one), or, for a Kafka source, the schema
// its `value` is parsed with by `from_json` downstream. The front end has
// already read both (StructType values become the source's fields and a DDL
// literal in `from_json`); a schema it could not read is not read again here.

import type { Expr, NodeId, PipelineModel, PlanNode } from '../../../server/src/model/pipeline';
import { inputsOf, operationExprs, walkExpr } from '../../../server/src/model/walk';
import type { ColumnType } from '../engine/source';
import { parseDdlSchema } from '../io/ddl';
import { normaliseTypeName } from '../io/spark-type';

export type SchemaLookup =
  | { readonly kind: 'schema'; readonly columns: readonly ColumnType[] }
  | { readonly kind: 'none'; readonly reason: string };

/** The schema a source declares in code; `none` says why there is none. */
export function readerSchema(model: PipelineModel, node: NodeId, file: string): SchemaLookup {
  const source = model.nodes[node];
  if (source === undefined || source.kind !== 'source') return { kind: 'none', reason: 'not a source' };
  const schema = source.source.schema;
  if (schema === null) return { kind: 'none', reason: 'the reader declares no schema' };
  if (schema.value.kind === 'fields') {
    return { kind: 'schema', columns: schema.value.fields.map((field) => ({ name: field.name, type: normaliseTypeName(field.type) })) };
  }
  return { kind: 'none', reason: `cannot read a schema from '${clip(file.slice(schema.span.start, schema.span.end) || schema.value.text)}'` };
}

/** The schema of the JSON in a Kafka source's `value`: the one `from_json` uses downstream of it. */
export function kafkaValueSchema(model: PipelineModel, node: NodeId, file: string): SchemaLookup {
  for (const call of fromJsonCalls(model, node)) {
    const schema = call.args[1] ?? call.kwargs['schema'];
    if (schema === undefined) continue;
    if (schema.kind === 'literal' && typeof schema.value === 'string') {
      const ddl = parseDdlSchema(schema.value);
      return ddl.kind === 'schema' ? { kind: 'schema', columns: ddl.columns } : { kind: 'none', reason: ddl.message };
    }
    return { kind: 'none', reason: `cannot read a schema from '${clip(file.slice(schema.span.start, schema.span.end))}'` };
  }
  return { kind: 'none', reason: 'no from_json(...) call parses its value' };
}

/** `from_json` calls in the operations downstream of a node, nearest first. */
function fromJsonCalls(model: PipelineModel, node: NodeId): Extract<Expr, { kind: 'call' }>[] {
  const calls: Extract<Expr, { kind: 'call' }>[] = [];
  for (const descendant of downstream(model, node)) {
    if (descendant.kind !== 'op') continue;
    for (const expr of operationExprs(descendant.op)) {
      walkExpr(expr, (inner) => {
        if (inner.kind === 'call' && inner.name.toLowerCase() === 'from_json') calls.push(inner);
      });
    }
  }
  return calls;
}

/** Nodes fed by `node`, directly or not, in breadth-first order. */
export function downstream(model: PipelineModel, node: NodeId): PlanNode[] {
  const result: PlanNode[] = [];
  const seen = new Set<NodeId>([node]);
  let frontier: NodeId[] = [node];
  while (frontier.length > 0) {
    const next: NodeId[] = [];
    for (const candidate of model.nodes) {
      if (seen.has(candidate.id)) continue;
      if (inputsOf(candidate).some((input) => frontier.includes(input))) {
        seen.add(candidate.id);
        result.push(candidate);
        next.push(candidate.id);
      }
    }
    frontier = next;
  }
  return result;
}

function clip(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
