// The names a function body reads: kept on the model's function definitions,
// and used by the interpreter to tell which uncalled functions other uncalled
// functions may call.

import { forEachPyExprChild, forEachPyStmtPart, type PyExpr, type PyStmt, type PyStmtVisitor } from './ast';

/** Names read anywhere in a body (nested functions and f-string holes included), sorted, without duplicates. */
export function namesUsed(body: readonly PyStmt[]): string[] {
  const names = new Set<string>();
  const exprs: PyExpr[] = [];
  const statements: PyStmt[] = [...body];
  const push = (expr: PyExpr): void => {
    exprs.push(expr);
  };
  const visitor: PyStmtVisitor = {
    read: push,
    // A bare name assigned to is written, not read; `a[k] = v` reads `a` and `k`.
    target: (target) => {
      if (target.kind !== 'name') exprs.push(target);
    },
    body: (nested) => {
      for (const statement of nested) statements.push(statement);
    },
  };
  while (statements.length > 0 || exprs.length > 0) {
    const stmt = statements.pop();
    if (stmt) {
      forEachPyStmtPart(stmt, visitor);
      continue;
    }
    const expr = exprs.pop()!;
    if (expr.kind === 'name') names.add(expr.name);
    else forEachPyExprChild(expr, push);
  }
  return [...names].sort();
}
