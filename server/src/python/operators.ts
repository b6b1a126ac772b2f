// Python operators and subscripts on abstract values: column expressions
// (`F.col("a") > 1`, `&`, `|`), constant folding (`"events_" + name`), f-string
// style templates, and indexing into DataFrames, lists and dicts.

import type { Value } from '../model/pipeline';
import type { PyExpr } from './ast';
import { exprOf } from './column-functions';
import type { Lowerer } from './interpreter';
import { unknown, type Arg, type Val } from './values';

/** `left op right` for arithmetic, bitwise and comparison operators: a column expression, a folded constant, a template or unknown. */
export function binaryValue(lowerer: Lowerer, expr: Extract<PyExpr, { kind: 'binary' }>, leftArg: Arg, rightArg: Arg): Val {
  const left = leftArg.val;
  const right = rightArg.val;
  if (left.kind === 'column' || right.kind === 'column' || (expr.op === '&' || expr.op === '|')) {
    return columnBinary(lowerer, expr.op, leftArg, rightArg, expr);
  }
  if (left.kind === 'value' && right.kind === 'value') {
    const a = left.value;
    const b = right.value;
    if (expr.op === '+' && a.kind === 'string' && b.kind === 'string') return { kind: 'value', value: { kind: 'string', value: a.value + b.value } };
    if (a.kind === 'number' && b.kind === 'number') {
      const folded = foldNumbers(expr.op, a.value, b.value);
      if (folded !== null) return { kind: 'value', value: { kind: 'number', value: folded } };
    }
    if (expr.op === '+' && a.kind === 'string' && b.kind === 'template') {
      return { kind: 'value', value: { kind: 'template', text: lowerer.textOf(expr), prefix: a.value + b.prefix } };
    }
    if (expr.op === '+' && (a.kind === 'string' || a.kind === 'template')) {
      return { kind: 'value', value: { kind: 'template', text: lowerer.textOf(expr), prefix: a.kind === 'string' ? a.value : a.prefix } };
    }
    if (expr.op === '%' && a.kind === 'string') {
      return { kind: 'value', value: { kind: 'template', text: lowerer.textOf(expr), prefix: a.value.split('%')[0] ?? '' } };
    }
  }
  if (expr.op === '+' && left.kind === 'value' && (left.value.kind === 'string' || left.value.kind === 'template')) {
    return { kind: 'value', value: { kind: 'template', text: lowerer.textOf(expr), prefix: left.value.kind === 'string' ? left.value.value : left.value.prefix } };
  }
  return unknown;
}

/** A column operator; `&`, `|` become `and`, `or`; operators the model has no name for give an opaque column. */
export function columnBinary(lowerer: Lowerer, op: string, left: Arg, right: Arg, expr: PyExpr): Val {
  const normalised = op === '&' ? 'and' : op === '|' ? 'or' : op;
  const known = ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'and', 'or'] as const;
  const binaryOp = known.find((candidate) => candidate === normalised);
  if (!binaryOp) return { kind: 'column', expr: { kind: 'opaque', text: lowerer.textOf(expr), span: lowerer.spanOf(expr) } };
  return {
    kind: 'column',
    expr: { kind: 'binary', op: binaryOp, left: exprOf(lowerer, left, false), right: exprOf(lowerer, right, false), span: lowerer.spanOf(expr) },
  };
}

/** `df["x"]`, `col[0]`, `items[1]`, `mapping["k"]`. */
export function subscriptValue(lowerer: Lowerer, object: Arg, index: Arg, expr: PyExpr): Val {
  const val = object.val;
  if (val.kind === 'dataFrame') {
    const name = lowerer.stringOf(index);
    if (name !== null) return { kind: 'column', expr: { kind: 'dfColumn', node: val.node, name, span: lowerer.spanOf(expr) } };
    return unknown;
  }
  if (val.kind === 'column') {
    return {
      kind: 'column',
      expr: { kind: 'method', receiver: val.expr, name: 'getItem', args: [exprOf(lowerer, index, false)], kwargs: {}, span: lowerer.spanOf(expr) },
    };
  }
  if (val.kind === 'sequence' && index.val.kind === 'value' && index.val.value.kind === 'number') {
    const position = index.val.value.value;
    return val.items[position < 0 ? val.items.length + position : position]?.val ?? unknown;
  }
  if (val.kind === 'dict') {
    const key = lowerer.stringOf(index);
    if (key !== null) return val.entries.find((entry) => entry.key && lowerer.stringOf(entry.key) === key)?.value.val ?? unknown;
  }
  return unknown;
}

/** How Python's `str()` prints a constant; `null` when this lowering cannot be sure (floats). */
export function constantText(value: Value): string | null {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return Number.isInteger(value.value) ? String(value.value) : null;
    case 'boolean':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    default:
      return null;
  }
}

function foldNumbers(op: string, a: number, b: number): number | null {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? null : a / b;
    case '//':
      return b === 0 ? null : Math.floor(a / b);
    case '%':
      return b === 0 ? null : a % b;
    case '**':
      return a ** b;
    default:
      return null;
  }
}
