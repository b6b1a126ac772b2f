// The schema a pipeline's code declares for a source, for the event generator
// and for reading event files: the reader's `.schema(...)` (a DDL string, a
// StructType, or a variable bound to one), or, for a Kafka source, the schema
// its `value` is parsed with by `from_json` downstream.

import type { Expr, NodeId, Operation, PipelineModel, PlanNode } from '../../../server/src/model/pipeline';
import type { ColumnType } from '../engine/source';
import { parseDdlSchema } from '../io/ddl';
import { normaliseTypeName } from '../io/spark-type';
import { schemaFromPython, type SchemaLookup } from './python-schema';

/** The schema a source declares in code; `none` says why there is none. */
export function readerSchema(model: PipelineModel, node: NodeId, file: string): SchemaLookup {
  const source = model.nodes[node];
  if (source === undefined || source.kind !== 'source') return { kind: 'none', reason: 'not a source' };
  const schema = source.source.schema;
  if (schema === null) return { kind: 'none', reason: 'the reader declares no schema' };
  if (schema.value.kind === 'fields') {
    return { kind: 'schema', columns: schema.value.fields.map((field) => ({ name: field.name, type: normaliseTypeName(field.type) })) };
  }
  return schemaFromPython(file.slice(schema.span.start, schema.span.end) || schema.value.text, file);
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
    return schemaFromPython(file.slice(schema.span.start, schema.span.end), file);
  }
  return { kind: 'none', reason: 'no from_json(...) call parses its value' };
}

/** `from_json` calls in the operations downstream of a node, nearest first. */
function fromJsonCalls(model: PipelineModel, node: NodeId): Extract<Expr, { kind: 'call' }>[] {
  const calls: Extract<Expr, { kind: 'call' }>[] = [];
  for (const descendant of downstream(model, node)) {
    if (descendant.kind !== 'op') continue;
    for (const expr of operationExprs(descendant.op)) {
      visit(expr, (inner) => {
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

export function inputsOf(node: PlanNode): readonly NodeId[] {
  switch (node.kind) {
    case 'source':
    case 'opaque':
      return [];
    case 'op':
      return [node.input];
    case 'join':
      return [node.left, node.right];
    case 'union':
      return node.inputs;
    default: {
      const unreachable: never = node;
      return unreachable;
    }
  }
}

function operationExprs(op: Operation): readonly Expr[] {
  switch (op.kind) {
    case 'select':
      return op.exprs;
    case 'filter':
      return [op.condition];
    case 'withColumn':
      return [op.expr];
    case 'aggregate':
      return [...op.keys, ...op.aggs];
    case 'sort':
      return op.exprs;
    case 'statefulFunction':
      return op.keys;
    case 'other':
      return [...op.args, ...Object.values(op.kwargs)];
    case 'withColumnRenamed':
    case 'drop':
    case 'watermark':
    case 'dedup':
    case 'cache':
    case 'limit':
    case 'tempView':
      return [];
    default: {
      const unreachable: never = op;
      return unreachable;
    }
  }
}

function visit(expr: Expr, action: (expr: Expr) => void): void {
  action(expr);
  switch (expr.kind) {
    case 'call':
      for (const arg of expr.args) visit(arg, action);
      for (const arg of Object.values(expr.kwargs)) visit(arg, action);
      return;
    case 'method':
      visit(expr.receiver, action);
      for (const arg of expr.args) visit(arg, action);
      for (const arg of Object.values(expr.kwargs)) visit(arg, action);
      return;
    case 'binary':
      visit(expr.left, action);
      visit(expr.right, action);
      return;
    case 'unary':
      visit(expr.operand, action);
      return;
    case 'column':
    case 'literal':
    case 'star':
    case 'dfColumn':
    case 'sql':
    case 'opaque':
      return;
    default: {
      const unreachable: never = expr;
      return unreachable;
    }
  }
}

/** A readable column list for messages: `user_id string, ts timestamp`. */
export function describeColumns(columns: readonly ColumnType[]): string {
  return columns.map((column) => `${column.name} ${column.type}`).join(', ');
}
