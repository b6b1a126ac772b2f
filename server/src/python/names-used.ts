// The names a function body reads: kept on the model's function definitions,
// and used by the interpreter to tell which uncalled functions other uncalled
// functions may call.

import type { PyExpr, PyStmt } from './ast';

/** Names read anywhere in a body (nested functions and f-string holes included), sorted, without duplicates. */
export function namesUsed(body: readonly PyStmt[]): string[] {
  const names = new Set<string>();
  const exprs: PyExpr[] = [];
  const statements: PyStmt[] = [...body];
  while (statements.length > 0 || exprs.length > 0) {
    const stmt = statements.pop();
    if (stmt) {
      switch (stmt.kind) {
        case 'expression':
          exprs.push(stmt.value);
          break;
        case 'assign':
          exprs.push(stmt.value);
          for (const target of stmt.targets) if (target.kind !== 'name') exprs.push(target);
          break;
        case 'return':
          if (stmt.value) exprs.push(stmt.value);
          break;
        case 'def':
          exprs.push(...stmt.decorators);
          for (const param of stmt.params) if (param.defaultValue) exprs.push(param.defaultValue);
          statements.push(...stmt.body);
          break;
        case 'class':
          exprs.push(...stmt.bases);
          statements.push(...stmt.body);
          break;
        case 'compound':
          exprs.push(...stmt.headers);
          for (const body of stmt.bodies) statements.push(...body);
          break;
        case 'other':
          exprs.push(...stmt.exprs);
          break;
        case 'import':
        case 'importFrom':
        case 'error':
          break;
      }
      continue;
    }
    const expr = exprs.pop()!;
    switch (expr.kind) {
      case 'name':
        names.add(expr.name);
        break;
      case 'attribute':
        exprs.push(expr.object);
        break;
      case 'call':
        exprs.push(expr.callee);
        for (const arg of expr.args) exprs.push(arg.value);
        break;
      case 'string':
        exprs.push(...expr.holes);
        break;
      case 'binary':
      case 'boolean':
        exprs.push(expr.left, expr.right);
        break;
      case 'unary':
        exprs.push(expr.operand);
        break;
      case 'subscript':
        exprs.push(expr.object, expr.index);
        break;
      case 'paren':
        exprs.push(expr.inner);
        break;
      case 'sequence':
        exprs.push(...expr.items);
        break;
      case 'dict':
        for (const entry of expr.entries) {
          if (entry.key) exprs.push(entry.key);
          exprs.push(entry.value);
        }
        break;
      case 'starred':
        exprs.push(expr.value);
        break;
      case 'lambda':
        exprs.push(expr.body);
        break;
      case 'other':
        exprs.push(...expr.parts);
        break;
      case 'number':
      case 'constant':
      case 'error':
        break;
    }
  }
  return [...names].sort();
}
