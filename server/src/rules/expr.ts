// Walking column expressions and finding the expressions an operation holds.

import type { Expr, Operation } from '../model/pipeline';

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

/** The names an expression refers to as columns: `col("x")`, `"x"` as a column, `df.x`, and string arguments of `window`/`window_time`/`session_window`. */
export function referencedColumns(expr: Expr): readonly string[] {
  const names: string[] = [];
  walkExpr(expr, (inner) => {
    if (inner.kind === 'column' || inner.kind === 'dfColumn') names.push(inner.name);
    else if (inner.kind === 'call' && inner.namespace !== 'window' && timeFunctions.has(inner.name)) {
      const first = inner.args[0] ?? inner.kwargs['timeColumn'] ?? inner.kwargs['col'];
      if (first?.kind === 'literal' && typeof first.value === 'string') names.push(first.value);
    } else if (inner.kind === 'call' && (inner.name === 'col' || inner.name === 'column')) {
      const first = inner.args[0];
      if (first?.kind === 'literal' && typeof first.value === 'string') names.push(first.value);
    }
  });
  return names;
}

/** Functions whose first argument is a time column name when given as a string. */
const timeFunctions = new Set(['window', 'session_window', 'window_time']);

/** True when the expression (or something inside it) could not be lowered, so a rule cannot be sure what it refers to. */
export function hasOpaquePart(expr: Expr): boolean {
  let opaque = false;
  walkExpr(expr, (inner) => {
    if (inner.kind === 'opaque') opaque = true;
  });
  return opaque;
}
