// What rules ask of column expressions: the columns they refer to, and whether
// a part could not be lowered. Walking them is the model's (`model/walk.ts`).

import type { Expr } from '../model/pipeline';
import { walkExpr } from '../model/walk';

// Rules written before the walk moved to the model import it from here.
export { operationExprs, walkExpr } from '../model/walk';

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
