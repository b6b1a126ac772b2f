// Walking the pipeline model: a plan node's inputs, the column expressions an
// operation holds, and every expression inside one. Rules and the simulator
// both walk the plan this way, so it lives with the model.

import type { Expr, NodeId, Operation, PlanNode } from './pipeline';

/** The nodes a plan node reads, left before right. */
export function inputsOf(node: PlanNode): readonly NodeId[] {
  switch (node.kind) {
    case 'op':
      return [node.input];
    case 'join':
      return [node.left, node.right];
    case 'union':
      return node.inputs;
    case 'source':
    case 'opaque':
      return [];
    default: {
      const unreachable: never = node;
      return unreachable;
    }
  }
}

/** Calls `visit` on `expr` and every expression inside it, parents first. */
export function walkExpr(expr: Expr, visit: (expr: Expr) => void): void {
  visit(expr);
  switch (expr.kind) {
    case 'call':
      for (const arg of expr.args) walkExpr(arg, visit);
      walkKeywords(expr.kwargs, visit);
      return;
    case 'method':
      walkExpr(expr.receiver, visit);
      for (const arg of expr.args) walkExpr(arg, visit);
      walkKeywords(expr.kwargs, visit);
      return;
    case 'binary':
      walkExpr(expr.left, visit);
      walkExpr(expr.right, visit);
      return;
    case 'unary':
      walkExpr(expr.operand, visit);
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

// `for...in` rather than Object.values: most calls have no keywords, and this
// runs for every expression of every file.
function walkKeywords(kwargs: Readonly<Record<string, Expr>>, visit: (expr: Expr) => void): void {
  for (const key in kwargs) {
    const arg = kwargs[key];
    if (arg) walkExpr(arg, visit);
  }
}

/** The top-level column expressions an operation holds, in source order. */
export function operationExprs(op: Operation): readonly Expr[] {
  switch (op.kind) {
    case 'select':
      return op.exprs;
    case 'filter':
      return [op.condition];
    case 'withColumn':
      return [op.expr];
    case 'aggregate': {
      const exprs = [...op.keys];
      if (op.pivot) exprs.push(op.pivot.column, ...(op.pivot.values ?? []));
      exprs.push(...op.aggs);
      return exprs;
    }
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
