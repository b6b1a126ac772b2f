// The names a function body reads: kept on the model's function definitions,
// and used by the interpreter to tell which uncalled functions other uncalled
// functions may call.

import { pyExprChildren, pyStmtParts, type PyExpr, type PyStmt } from './ast';

/** Names read anywhere in a body (nested functions and f-string holes included), sorted, without duplicates. */
export function namesUsed(body: readonly PyStmt[]): string[] {
  const names = new Set<string>();
  const exprs: PyExpr[] = [];
  const statements: PyStmt[] = [...body];
  while (statements.length > 0 || exprs.length > 0) {
    const stmt = statements.pop();
    if (stmt) {
      const parts = pyStmtParts(stmt);
      exprs.push(...parts.reads);
      // A bare name assigned to is written, not read; `a[k] = v` reads `a` and `k`.
      for (const target of parts.targets) if (target.kind !== 'name') exprs.push(target);
      for (const nested of parts.bodies) statements.push(...nested);
      continue;
    }
    const expr = exprs.pop()!;
    if (expr.kind === 'name') names.add(expr.name);
    else exprs.push(...pyExprChildren(expr));
  }
  return [...names].sort();
}
