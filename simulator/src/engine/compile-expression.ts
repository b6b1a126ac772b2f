// Compiles pipeline-model expressions (and SQL text, through the SQL parser)
// into closures over array rows. Types, output names and event-time metadata
// are worked out at plan time; anything the engine does not model stops here
// with a message naming the construct and its span.

import type { Expr } from '../../../server/src/model/pipeline';
import type { Span } from '../../../server/src/model/span';
import {
  atomic,
  bigintType,
  booleanType,
  type DataType,
  doubleType,
  intType,
  intervalType,
  isAtomic,
  isIntegral,
  isNumeric,
  isWindowStruct,
  nullType,
  parseDataType,
  stringType,
  timestampType,
  typeName,
  unknownType,
  windowType,
} from './data-type';
import { parseIntervalMicros } from './interval';
import { resolveColumn, type Row, type Schema } from './schema';
import { analysisError, unsupported } from './simulation-error';
import { intervalFunction, parseSqlExpression } from './sql-expression';
import { castValue, compareValues, formatTimestamp, valuesEqual } from './values';

export type Evaluate = (row: Row) => unknown;

/** A time window a grouping key asks for: tumbling or sliding (`window`) or a session gap (`session_window`). */
export type WindowSpec =
  | { readonly kind: 'time'; readonly time: Compiled; readonly durationUs: number; readonly slideUs: number; readonly startUs: number }
  | { readonly kind: 'session'; readonly time: Compiled; readonly gapUs: number };

export interface Compiled {
  readonly evaluate: Evaluate;
  readonly type: DataType;
  /** Spark's output name: the alias, the column name, or a generated name like `(value * 2)`. */
  readonly name: string;
  readonly explicitName: boolean;
  /** Carried when the expression is an event-time column (or a window over one). */
  readonly eventTimeDelayMs: number | null;
  /** The input column when the expression is a plain column reference. */
  readonly columnIndex: number | null;
  /** Input columns the expression reads. */
  readonly refs: ReadonlySet<number>;
  /** `column + constant` (microseconds) for time-range join conditions. */
  readonly linear: { readonly index: number; readonly offsetUs: number } | null;
  /** Set for `window(...)` / `session_window(...)` calls. */
  readonly window: WindowSpec | null;
  readonly span: Span;
}

export type AggregateFunction =
  | 'count'
  | 'count_star'
  | 'count_distinct'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'first'
  | 'last'
  | 'collect_list'
  | 'collect_set'
  | 'approx_count_distinct';

export interface AggregateCall {
  readonly fn: AggregateFunction;
  readonly argument: Compiled | null;
  readonly ignoreNulls: boolean;
  readonly type: DataType;
}

/** Where aggregate calls go while compiling `agg(...)` expressions: each becomes a slot after the grouping keys. */
export interface AggregateCollector {
  readonly inputSchema: Schema;
  readonly keyCount: number;
  readonly calls: AggregateCall[];
}

export interface CompileContext {
  readonly schema: Schema;
  /** The batch's timestamp in microseconds, for `current_timestamp()`; read at run time. */
  readonly batchTimestamp: () => number;
  readonly aggregates: AggregateCollector | null;
}

const empty: ReadonlySet<number> = new Set();

function make(
  evaluate: Evaluate,
  type: DataType,
  name: string,
  span: Span,
  extra: Partial<Pick<Compiled, 'eventTimeDelayMs' | 'columnIndex' | 'refs' | 'linear' | 'window' | 'explicitName'>> = {},
): Compiled {
  return {
    evaluate,
    type,
    name,
    explicitName: extra.explicitName ?? false,
    eventTimeDelayMs: extra.eventTimeDelayMs ?? null,
    columnIndex: extra.columnIndex ?? null,
    refs: extra.refs ?? empty,
    linear: extra.linear ?? null,
    window: extra.window ?? null,
    span,
  };
}

function union(...sets: ReadonlySet<number>[]): ReadonlySet<number> {
  const out = new Set<number>();
  for (const set of sets) for (const value of set) out.add(value);
  return out;
}

function literalType(value: unknown): DataType {
  if (value === null) return nullType;
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) <= 2147483647 ? intType : bigintType) : doubleType;
  if (typeof value === 'boolean') return booleanType;
  return stringType;
}

export function compileLiteral(value: string | number | boolean | null, span: Span): Compiled {
  const name = value === null ? 'NULL' : String(value);
  return make(() => value, literalType(value), name, span);
}

/** Compiles a column given by name (a string argument of `select`, `col`, `window`, ...). */
export function compileColumnName(name: string, span: Span, context: CompileContext, node: number | null = null): Compiled {
  const schema = context.schema;
  const resolved = resolveColumn(schema, name, span, node);
  const column = schema[resolved.index];
  if (column === undefined) throw analysisError(`cannot resolve \`${name}\``, span);
  const index = resolved.index;
  if (resolved.fields.length === 0) {
    return make((row) => row[index] ?? null, column.type, column.name, span, {
      eventTimeDelayMs: column.eventTimeDelayMs,
      columnIndex: index,
      refs: new Set([index]),
      linear: { index, offsetUs: 0 },
    });
  }
  let type = column.type;
  for (const field of resolved.fields) {
    if (type.kind !== 'struct') throw analysisError(`Can't extract value from \`${column.name}\`: need struct type but got ${typeName(type)}`, span);
    const found = type.fields.find((f) => f.name.toLowerCase() === field.toLowerCase());
    if (found === undefined) throw analysisError(`No such struct field \`${field}\` in ${type.fields.map((f) => f.name).join(', ')}`, span);
    type = found.type;
  }
  const fields = resolved.fields;
  const last = fields[fields.length - 1] as string;
  return make(
    (row) => {
      let value: unknown = row[index];
      for (const field of fields) {
        if (value === null || value === undefined) return null;
        value = (value as Record<string, unknown>)[field] ?? null;
      }
      return value;
    },
    type,
    last,
    span,
    { refs: new Set([index]) },
  );
}

/** Compiles an argument that may be a column name given as a string (`F.sum("x")`) or a column expression. */
function columnArgument(expr: Expr, context: CompileContext): Compiled {
  if (expr.kind === 'literal' && typeof expr.value === 'string') return compileColumnName(expr.value, expr.span, context);
  return compileExpression(expr, context);
}

function stringArgument(expr: Expr | undefined, what: string, span: Span): string {
  if (expr !== undefined && expr.kind === 'literal' && typeof expr.value === 'string') return expr.value;
  throw unsupported(`${what} must be a string literal for the simulator`, expr?.span ?? span);
}

function durationArgument(expr: Expr | undefined, what: string, span: Span): number {
  const text = stringArgument(expr, what, span);
  const micros = parseIntervalMicros(text);
  if (micros === null) throw analysisError(`The ${what} '${text}' is not a valid interval`, expr?.span ?? span);
  return micros;
}

export function compileExpression(expr: Expr, context: CompileContext): Compiled {
  switch (expr.kind) {
    case 'column':
      if (expr.name === '*' || expr.name.endsWith('.*')) throw unsupported(`\`${expr.name}\` is only supported directly in select`, expr.span);
      return compileColumnName(expr.name, expr.span, context);
    case 'dfColumn':
      return compileColumnName(expr.name, expr.span, context, expr.node);
    case 'literal':
      return compileLiteral(expr.value, expr.span);
    case 'star':
      throw unsupported('`*` is only supported in select and count', expr.span);
    case 'sql': {
      const parsed = parseSqlExpression(expr.text, expr.span.start + 1);
      if (!parsed.ok) throw analysisError(`Cannot parse the SQL expression "${expr.text}": ${parsed.message}`, parsed.span);
      const compiled = compileExpression(parsed.expr, context);
      return parsed.alias === null ? compiled : { ...compiled, name: parsed.alias, explicitName: true };
    }
    case 'opaque':
      throw unsupported(`the simulator cannot evaluate \`${expr.text}\` (a value it cannot follow)`, expr.span);
    case 'unary': {
      const operand = compileExpression(expr.operand, context);
      const evaluate = operand.evaluate;
      if (expr.op === 'not') {
        return make(
          (row) => {
            const value = evaluate(row);
            return value === null || value === undefined ? null : !value;
          },
          booleanType,
          `(NOT ${operand.name})`,
          expr.span,
          { refs: operand.refs },
        );
      }
      return make(
        (row) => {
          const value = evaluate(row);
          return typeof value === 'number' ? -value : null;
        },
        operand.type,
        `(- ${operand.name})`,
        expr.span,
        { refs: operand.refs },
      );
    }
    case 'binary':
      return compileBinary(expr.op, compileExpression(expr.left, context), compileExpression(expr.right, context), expr.span);
    case 'call':
      return compileCall(expr, context);
    case 'method':
      return compileMethod(expr, context);
    default: {
      const never: never = expr;
      return never;
    }
  }
}

export function compileBinary(op: string, left: Compiled, right: Compiled, span: Span): Compiled {
  const l = left.evaluate;
  const r = right.evaluate;
  const refs = union(left.refs, right.refs);
  const symbol = op === '==' ? '=' : op === 'and' ? 'AND' : op === 'or' ? 'OR' : op;
  const name = `(${left.name} ${symbol} ${right.name})`;
  switch (op) {
    case 'and':
      return make(
        (row) => {
          const a = l(row);
          if (a === false) return false;
          const b = r(row);
          if (b === false) return false;
          return a === null || a === undefined || b === null || b === undefined ? null : true;
        },
        booleanType,
        name,
        span,
        { refs },
      );
    case 'or':
      return make(
        (row) => {
          const a = l(row);
          if (a === true) return true;
          const b = r(row);
          if (b === true) return true;
          return a === null || a === undefined || b === null || b === undefined ? null : false;
        },
        booleanType,
        name,
        span,
        { refs },
      );
    case '==':
    case '!=': {
      const negate = op === '!=';
      return make(
        (row) => {
          const equal = valuesEqual(l(row), r(row));
          return equal === null ? null : negate ? !equal : equal;
        },
        booleanType,
        name,
        span,
        { refs },
      );
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const test = op === '<' ? (o: number) => o < 0 : op === '<=' ? (o: number) => o <= 0 : op === '>' ? (o: number) => o > 0 : (o: number) => o >= 0;
      return make(
        (row) => {
          const order = compareValues(l(row), r(row));
          return order === null ? null : test(order);
        },
        booleanType,
        name,
        span,
        { refs },
      );
    }
    case '+':
    case '-': {
      const sign = op === '+' ? 1 : -1;
      let type: DataType;
      let linear: Compiled['linear'] = null;
      if (isAtomic(left.type, 'timestamp') && isAtomic(right.type, 'interval')) {
        type = timestampType;
        if (left.linear !== null && right.refs.size === 0) {
          const constant = right.evaluate([]);
          if (typeof constant === 'number') linear = { index: left.linear.index, offsetUs: left.linear.offsetUs + sign * constant };
        }
      } else if (isAtomic(left.type, 'interval') && isAtomic(right.type, 'timestamp') && op === '+') {
        type = timestampType;
      } else if (isAtomic(left.type, 'timestamp') && isAtomic(right.type, 'timestamp')) {
        type = intervalType;
      } else if (isAtomic(left.type, 'interval') && isAtomic(right.type, 'interval')) {
        type = intervalType;
      } else {
        type = arithmeticType(left.type, right.type, span, op);
      }
      return make(
        (row) => {
          const a = l(row);
          const b = r(row);
          return typeof a === 'number' && typeof b === 'number' ? a + sign * b : null;
        },
        type,
        name,
        span,
        { refs, linear },
      );
    }
    case '*': {
      const type = arithmeticType(left.type, right.type, span, op);
      return make(
        (row) => {
          const a = l(row);
          const b = r(row);
          return typeof a === 'number' && typeof b === 'number' ? a * b : null;
        },
        type,
        name,
        span,
        { refs },
      );
    }
    case '/':
      arithmeticType(left.type, right.type, span, op);
      return make(
        (row) => {
          const a = l(row);
          const b = r(row);
          return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a / b : null;
        },
        doubleType,
        name,
        span,
        { refs },
      );
    case '%': {
      const type = arithmeticType(left.type, right.type, span, op);
      return make(
        (row) => {
          const a = l(row);
          const b = r(row);
          return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a % b : null;
        },
        type,
        name,
        span,
        { refs },
      );
    }
    default:
      throw unsupported(`operator ${op} is not supported by the simulator`, span);
  }
}

function arithmeticType(left: DataType, right: DataType, span: Span, op: string): DataType {
  const known = (t: DataType) => isNumeric(t) || isAtomic(t, 'null') || isAtomic(t, 'unknown') || isAtomic(t, 'string');
  if (!known(left) || !known(right)) {
    throw analysisError(`Cannot apply ${op} to ${typeName(left)} and ${typeName(right)}`, span);
  }
  if (isAtomic(left, 'double') || isAtomic(right, 'double') || isAtomic(left, 'string') || isAtomic(right, 'string')) return doubleType;
  if (isAtomic(left, 'bigint') || isAtomic(right, 'bigint')) return bigintType;
  if (isIntegral(left) || isIntegral(right)) return intType;
  return unknownType;
}

const aggregateNames: Readonly<Record<string, AggregateFunction>> = {
  count: 'count',
  sum: 'sum',
  avg: 'avg',
  mean: 'avg',
  min: 'min',
  max: 'max',
  first: 'first',
  first_value: 'first',
  last: 'last',
  last_value: 'last',
  collect_list: 'collect_list',
  collect_set: 'collect_set',
  approx_count_distinct: 'approx_count_distinct',
  approxcountdistinct: 'approx_count_distinct',
  count_distinct: 'count_distinct',
  countdistinct: 'count_distinct',
};

function compileAggregate(fn: AggregateFunction, expr: Extract<Expr, { kind: 'call' }>, context: CompileContext): Compiled {
  const collector = context.aggregates;
  if (collector === null) {
    throw analysisError(`aggregate function ${expr.name}() is only allowed inside groupBy(...).agg(...)`, expr.span);
  }
  const inner: CompileContext = { schema: collector.inputSchema, batchTimestamp: context.batchTimestamp, aggregates: null };
  const first = expr.args[0];
  let argument: Compiled | null = null;
  let actual = fn;
  if (fn === 'count' && (first === undefined || first.kind === 'star' || (first.kind === 'literal' && (first.value === '*' || typeof first.value === 'number')))) {
    actual = 'count_star';
  } else {
    if (first === undefined) throw analysisError(`${expr.name}() needs a column`, expr.span);
    argument = columnArgument(first, inner);
  }
  if (actual === 'count_distinct') {
    throw analysisError('Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead', expr.span);
  }
  const ignoreArg = expr.args[1] ?? expr.kwargs['ignorenulls'] ?? expr.kwargs['ignoreNulls'];
  const ignoreNulls = ignoreArg !== undefined && ignoreArg.kind === 'literal' && ignoreArg.value === true;
  const argType = argument?.type ?? bigintType;
  let type: DataType;
  switch (actual) {
    case 'count':
    case 'count_star':
    case 'approx_count_distinct':
      type = bigintType;
      break;
    case 'sum':
      type = isAtomic(argType, 'double') ? doubleType : bigintType;
      break;
    case 'avg':
      type = doubleType;
      break;
    case 'collect_list':
    case 'collect_set':
      type = { kind: 'array', element: argType };
      break;
    default:
      type = argType;
  }
  const slot = collector.calls.length;
  collector.calls.push({ fn: actual, argument, ignoreNulls, type });
  const index = collector.keyCount + slot;
  const argName = actual === 'count_star' ? '1' : (argument?.name ?? '');
  const displayName = actual === 'count_star' ? 'count' : expr.name.toLowerCase();
  return make((row) => row[index] ?? null, type, `${displayName}(${argName})`, expr.span, { refs: new Set([index]) });
}

function compileCall(expr: Extract<Expr, { kind: 'call' }>, context: CompileContext): Compiled {
  if (expr.namespace === 'unresolved') {
    const what = expr.name === 'lambda' ? 'a Python UDF (a lambda)' : `the Python function \`${expr.name}\` (a UDF or a local helper)`;
    throw unsupported(`${what} cannot be evaluated: the simulator does not run Python`, expr.span);
  }
  if (expr.namespace === 'window') throw unsupported(`Window.${expr.name} (a non-time window) is not supported on streaming DataFrames`, expr.span);
  const name = expr.name.toLowerCase();
  const args = expr.args;
  const aggregate = aggregateNames[name];
  if (aggregate !== undefined) return compileAggregate(aggregate, expr, context);
  switch (name) {
    case 'col':
    case 'column': {
      const target = args[0];
      if (target === undefined || target.kind !== 'literal' || typeof target.value !== 'string') {
        throw unsupported(`${expr.name}() needs a column name literal`, expr.span);
      }
      return compileColumnName(target.value, target.span, context);
    }
    case 'lit': {
      const value = args[0];
      if (value === undefined) throw analysisError('lit() needs a value', expr.span);
      if (value.kind === 'literal') return compileLiteral(value.value, value.span);
      return compileExpression(value, context);
    }
    case 'expr': {
      const text = args[0];
      if (text === undefined || text.kind !== 'literal' || typeof text.value !== 'string') {
        if (text?.kind === 'sql') return compileExpression(text, context);
        throw unsupported('expr() needs a SQL string literal', expr.span);
      }
      return compileExpression({ kind: 'sql', text: text.value, span: text.span }, context);
    }
    case intervalFunction: {
      const micros = args[0];
      const value = micros !== undefined && micros.kind === 'literal' && typeof micros.value === 'number' ? micros.value : 0;
      return make(() => value, intervalType, `INTERVAL ${value / 1_000_000} SECONDS`, expr.span);
    }
    case 'timestamp_seconds':
    case 'timestamp_millis':
    case 'timestamp_micros': {
      const inner = columnArgument(requireArg(args, 0, expr), context);
      const value = inner.evaluate;
      const scale = name === 'timestamp_seconds' ? 1_000_000 : name === 'timestamp_millis' ? 1000 : 1;
      return make(
        (row) => {
          const v = value(row);
          return typeof v === 'number' ? Math.round(v * scale) : null;
        },
        timestampType,
        `${name}(${inner.name})`,
        expr.span,
        { refs: inner.refs },
      );
    }
    case 'to_timestamp':
    case 'to_date': {
      const inner = columnArgument(requireArg(args, 0, expr), context);
      if (args[1] !== undefined) stringArgument(args[1], `${name} format`, expr.span);
      const evaluate = inner.evaluate;
      const innerType = inner.type;
      const target = name === 'to_date' ? atomic('date') : timestampType;
      return make((row) => castValue(evaluate(row), innerType, target), target, `${name}(${inner.name})`, expr.span, { refs: inner.refs });
    }
    case 'unix_timestamp': {
      if (args.length === 0) {
        return make(() => Math.floor(context.batchTimestamp() / 1_000_000), bigintType, 'unix_timestamp(current_timestamp())', expr.span);
      }
      const inner = columnArgument(requireArg(args, 0, expr), context);
      const evaluate = inner.evaluate;
      const innerType = inner.type;
      return make(
        (row) => {
          const micros = castValue(evaluate(row), innerType, timestampType);
          return typeof micros === 'number' ? Math.floor(micros / 1_000_000) : null;
        },
        bigintType,
        `unix_timestamp(${inner.name})`,
        expr.span,
        { refs: inner.refs },
      );
    }
    case 'unix_micros':
    case 'unix_millis':
    case 'unix_seconds': {
      const inner = columnArgument(requireArg(args, 0, expr), context);
      const evaluate = inner.evaluate;
      const innerType = inner.type;
      const divisor = name === 'unix_micros' ? 1 : name === 'unix_millis' ? 1000 : 1_000_000;
      return make(
        (row) => {
          const micros = castValue(evaluate(row), innerType, timestampType);
          return typeof micros === 'number' ? Math.floor(micros / divisor) : null;
        },
        bigintType,
        `${name}(${inner.name})`,
        expr.span,
        { refs: inner.refs },
      );
    }
    case 'from_unixtime': {
      const inner = columnArgument(requireArg(args, 0, expr), context);
      const evaluate = inner.evaluate;
      return make(
        (row) => {
          const v = evaluate(row);
          return typeof v === 'number' ? formatTimestamp(v * 1_000_000) : null;
        },
        stringType,
        `from_unixtime(${inner.name})`,
        expr.span,
        { refs: inner.refs },
      );
    }
    case 'current_date':
    case 'curdate':
      return make(() => Math.floor(context.batchTimestamp() / 86_400_000_000) * 86_400_000_000, atomic('date'), 'current_date()', expr.span);
    case 'date_sub':
    case 'date_add': {
      const inner = columnArgument(requireArg(args, 0, expr), context);
      const days = compileExpression(requireArg(args, 1, expr), context);
      const evaluate = inner.evaluate;
      const innerType = inner.type;
      const daysEvaluate = days.evaluate;
      const sign = name === 'date_add' ? 1 : -1;
      return make(
        (row) => {
          const date = castValue(evaluate(row), innerType, atomic('date'));
          const n = daysEvaluate(row);
          return typeof date === 'number' && typeof n === 'number' ? date + sign * n * 86_400_000_000 : null;
        },
        atomic('date'),
        `${name}(${inner.name}, ${days.name})`,
        expr.span,
        { refs: union(inner.refs, days.refs) },
      );
    }
    case 'datediff': {
      const end = columnArgument(requireArg(args, 0, expr), context);
      const start = columnArgument(requireArg(args, 1, expr), context);
      const e = end.evaluate;
      const st = start.evaluate;
      return make(
        (row) => {
          const a = castValue(e(row), end.type, atomic('date'));
          const b = castValue(st(row), start.type, atomic('date'));
          return typeof a === 'number' && typeof b === 'number' ? Math.round((a - b) / 86_400_000_000) : null;
        },
        intType,
        `datediff(${end.name}, ${start.name})`,
        expr.span,
        { refs: union(end.refs, start.refs) },
      );
    }
    case 'current_timestamp':
    case 'now':
      return make(() => context.batchTimestamp(), timestampType, 'current_timestamp()', expr.span);
    case 'window':
      return compileWindow(expr, context);
    case 'session_window': {
      const time = columnArgument(requireArg(args, 0, expr), context);
      const gapUs = durationArgument(args[1], 'session gap', expr.span);
      const spec: WindowSpec = { kind: 'session', time, gapUs };
      const evaluate = time.evaluate;
      return make(
        (row) => {
          const t = evaluate(row);
          return typeof t === 'number' ? { start: t, end: t + gapUs } : null;
        },
        windowType,
        'session_window',
        expr.span,
        { refs: time.refs, window: spec, eventTimeDelayMs: time.eventTimeDelayMs },
      );
    }
    case 'window_time': {
      const inner = columnArgument(requireArg(args, 0, expr), context);
      if (!isWindowStruct(inner.type)) throw analysisError('window_time() needs a window column', expr.span);
      const evaluate = inner.evaluate;
      return make(
        (row) => {
          const w = evaluate(row) as { end: number } | null;
          return w === null || w === undefined ? null : w.end - 1;
        },
        timestampType,
        'window_time',
        expr.span,
        { refs: inner.refs, eventTimeDelayMs: inner.eventTimeDelayMs },
      );
    }
    case 'when':
      return compileWhen([{ condition: requireArg(args, 0, expr), value: requireArg(args, 1, expr) }], null, expr.span, context);
    case 'coalesce': {
      const parts = args.map((a) => columnArgument(a, context));
      const evaluators = parts.map((p) => p.evaluate);
      return make(
        (row) => {
          for (const evaluate of evaluators) {
            const value = evaluate(row);
            if (value !== null && value !== undefined) return value;
          }
          return null;
        },
        parts.find((p) => !isAtomic(p.type, 'null'))?.type ?? nullType,
        `coalesce(${parts.map((p) => p.name).join(', ')})`,
        expr.span,
        { refs: union(...parts.map((p) => p.refs)) },
      );
    }
    case 'concat': {
      const parts = args.map((a) => columnArgument(a, context));
      const evaluators = parts.map((p) => p.evaluate);
      return make(
        (row) => {
          let out = '';
          for (const evaluate of evaluators) {
            const value = evaluate(row);
            if (value === null || value === undefined) return null;
            out += String(value);
          }
          return out;
        },
        stringType,
        `concat(${parts.map((p) => p.name).join(', ')})`,
        expr.span,
        { refs: union(...parts.map((p) => p.refs)) },
      );
    }
    case 'upper':
    case 'lower':
    case 'length':
    case 'trim':
    case 'abs':
    case 'floor':
    case 'ceil':
    case 'isnull':
    case 'isnotnull': {
      const inner = columnArgument(requireArg(args, 0, expr), context);
      const evaluate = inner.evaluate;
      const fn = unaryFunctions[name] as (value: unknown) => unknown;
      const type =
        name === 'length' || name === 'floor' || name === 'ceil' ? bigintType : name === 'isnull' || name === 'isnotnull' ? booleanType : name === 'abs' ? inner.type : stringType;
      return make((row) => fn(evaluate(row)), type, `${name}(${inner.name})`, expr.span, { refs: inner.refs });
    }
    case 'round': {
      const inner = columnArgument(requireArg(args, 0, expr), context);
      const scaleArg = args[1];
      const scale = scaleArg !== undefined && scaleArg.kind === 'literal' && typeof scaleArg.value === 'number' ? scaleArg.value : 0;
      const evaluate = inner.evaluate;
      const factor = 10 ** scale;
      return make(
        (row) => {
          const v = evaluate(row);
          if (typeof v !== 'number') return null;
          // HALF_UP, as Spark rounds
          return (Math.sign(v) * Math.round(Math.abs(v) * factor)) / factor;
        },
        scale > 0 ? doubleType : inner.type,
        `round(${inner.name}, ${scale})`,
        expr.span,
        { refs: inner.refs },
      );
    }
    case 'greatest':
    case 'least': {
      const parts = args.map((a) => columnArgument(a, context));
      const evaluators = parts.map((p) => p.evaluate);
      const want = name === 'greatest' ? 1 : -1;
      return make(
        (row) => {
          let best: unknown = null;
          for (const evaluate of evaluators) {
            const value = evaluate(row);
            if (value === null || value === undefined) continue;
            if (best === null || (compareValues(value, best) ?? 0) * want > 0) best = value;
          }
          return best;
        },
        parts[0]?.type ?? nullType,
        `${name}(${parts.map((p) => p.name).join(', ')})`,
        expr.span,
        { refs: union(...parts.map((p) => p.refs)) },
      );
    }
    case 'from_json':
      return compileFromJson(expr, context);
    case 'date_format': {
      const inner = columnArgument(requireArg(args, 0, expr), context);
      const format = stringArgument(args[1], 'date_format pattern', expr.span);
      if (format !== 'yyyy-MM-dd HH:mm:ss' && format !== 'yyyy-MM-dd') {
        throw unsupported(`date_format pattern '${format}' is not supported by the simulator (only yyyy-MM-dd[ HH:mm:ss])`, expr.span);
      }
      const evaluate = inner.evaluate;
      const innerType = inner.type;
      return make(
        (row) => {
          const micros = castValue(evaluate(row), innerType, timestampType);
          if (typeof micros !== 'number') return null;
          const text = formatTimestamp(micros).slice(0, 19);
          return format === 'yyyy-MM-dd' ? text.slice(0, 10) : text;
        },
        stringType,
        `date_format(${inner.name}, ${format})`,
        expr.span,
        { refs: inner.refs },
      );
    }
    default:
      throw unsupported(`function ${expr.name}() is not supported by the simulator`, expr.span);
  }
}

const unaryFunctions: Readonly<Record<string, (value: unknown) => unknown>> = {
  upper: (v) => (typeof v === 'string' ? v.toUpperCase() : v === null || v === undefined ? null : String(v).toUpperCase()),
  lower: (v) => (typeof v === 'string' ? v.toLowerCase() : v === null || v === undefined ? null : String(v).toLowerCase()),
  length: (v) => (v === null || v === undefined ? null : String(v).length),
  trim: (v) => (v === null || v === undefined ? null : String(v).trim()),
  abs: (v) => (typeof v === 'number' ? Math.abs(v) : null),
  floor: (v) => (typeof v === 'number' ? Math.floor(v) : null),
  ceil: (v) => (typeof v === 'number' ? Math.ceil(v) : null),
  isnull: (v) => v === null || v === undefined,
  isnotnull: (v) => v !== null && v !== undefined,
};

function requireArg(args: readonly Expr[], index: number, expr: Extract<Expr, { kind: 'call' | 'method' }>): Expr {
  const arg = args[index];
  if (arg === undefined) throw analysisError(`${expr.name}() is missing argument ${index + 1}`, expr.span);
  return arg;
}

function compileWindow(expr: Extract<Expr, { kind: 'call' }>, context: CompileContext): Compiled {
  const args = expr.args;
  const time = columnArgument(requireArg(args, 0, expr), context);
  if (!isAtomic(time.type, 'timestamp') && !isAtomic(time.type, 'unknown')) {
    throw analysisError(`window() needs a timestamp column, but \`${time.name}\` is ${typeName(time.type)}`, expr.span);
  }
  const durationExpr = args[1] ?? expr.kwargs['windowDuration'];
  const slideExpr = args[2] ?? expr.kwargs['slideDuration'];
  const startExpr = args[3] ?? expr.kwargs['startTime'];
  const durationUs = durationArgument(durationExpr, 'window duration', expr.span);
  const slideUs = slideExpr === undefined || (slideExpr.kind === 'literal' && slideExpr.value === null) ? durationUs : durationArgument(slideExpr, 'slide duration', expr.span);
  const startUs = startExpr === undefined ? 0 : durationArgument(startExpr, 'start time', expr.span);
  if (durationUs <= 0) throw analysisError('The window duration must be greater than 0', expr.span);
  if (slideUs <= 0 || slideUs > durationUs) throw analysisError('The slide duration must be greater than 0 and at most the window duration', expr.span);
  const spec: WindowSpec = { kind: 'time', time, durationUs, slideUs, startUs };
  const evaluate = time.evaluate;
  // Used as a plain expression (in select), a tumbling window is one struct per row;
  // a sliding one needs the row expanded, which only groupBy does here.
  const tumbling = slideUs === durationUs;
  return make(
    (row) => {
      const t = evaluate(row);
      if (typeof t !== 'number') return null;
      if (!tumbling) throw unsupported('a sliding window() outside groupBy is not supported by the simulator', expr.span);
      const start = t - positiveModulo(t - startUs, slideUs);
      return { start, end: start + durationUs };
    },
    windowType,
    'window',
    expr.span,
    { refs: time.refs, window: spec, eventTimeDelayMs: time.eventTimeDelayMs },
  );
}

export function positiveModulo(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

/** The windows of a row at `t`: every `[start, start + duration)` with start ≡ startTime (mod slide) containing t. */
export function assignWindows(t: number, durationUs: number, slideUs: number, startUs: number): { start: number; end: number }[] {
  const lastStart = t - positiveModulo(t - startUs, slideUs);
  const windows: { start: number; end: number }[] = [];
  for (let start = lastStart; start > t - durationUs; start -= slideUs) windows.push({ start, end: start + durationUs });
  return windows;
}

function compileWhen(
  branches: { condition: Expr; value: Expr }[],
  otherwise: Expr | null,
  span: Span,
  context: CompileContext,
): Compiled {
  const compiled = branches.map((b) => ({ condition: compileExpression(b.condition, context), value: compileExpression(b.value, context) }));
  const fallback = otherwise === null ? null : compileExpression(otherwise, context);
  const evaluators = compiled.map((b) => ({ condition: b.condition.evaluate, value: b.value.evaluate }));
  const fallbackEvaluate = fallback?.evaluate ?? null;
  const type = [...compiled.map((b) => b.value.type), ...(fallback === null ? [] : [fallback.type])].find((t) => !isAtomic(t, 'null')) ?? nullType;
  const refs = union(...compiled.flatMap((b) => [b.condition.refs, b.value.refs]), fallback?.refs ?? empty);
  return make(
    (row) => {
      for (const branch of evaluators) if (branch.condition(row) === true) return branch.value(row);
      return fallbackEvaluate === null ? null : fallbackEvaluate(row);
    },
    type,
    `CASE WHEN ${compiled.map((b) => `${b.condition.name} THEN ${b.value.name}`).join(' WHEN ')}${fallback === null ? '' : ` ELSE ${fallback.name}`} END`,
    span,
    { refs },
  );
}

/** Collects `F.when(...).when(...).otherwise(...)` into branches. */
function whenChain(expr: Expr): { branches: { condition: Expr; value: Expr }[]; otherwise: Expr | null } | null {
  if (expr.kind === 'call' && expr.name === 'when' && expr.namespace === 'functions' && expr.args.length >= 2) {
    return { branches: [{ condition: expr.args[0] as Expr, value: expr.args[1] as Expr }], otherwise: null };
  }
  if (expr.kind === 'method' && expr.name === 'when' && expr.args.length >= 2) {
    const inner = whenChain(expr.receiver);
    if (inner === null || inner.otherwise !== null) return null;
    inner.branches.push({ condition: expr.args[0] as Expr, value: expr.args[1] as Expr });
    return inner;
  }
  if (expr.kind === 'method' && expr.name === 'otherwise' && expr.args.length >= 1) {
    const inner = whenChain(expr.receiver);
    if (inner === null || inner.otherwise !== null) return null;
    inner.otherwise = expr.args[0] as Expr;
    return inner;
  }
  return null;
}

function compileMethod(expr: Extract<Expr, { kind: 'method' }>, context: CompileContext): Compiled {
  const name = expr.name;
  if (name === 'when' || name === 'otherwise') {
    const chain = whenChain(expr);
    if (chain === null) throw analysisError(`${name}() can only be applied on a Column previously generated by when()`, expr.span);
    return compileWhen(chain.branches, chain.otherwise, expr.span, context);
  }
  const receiver = compileExpression(expr.receiver, context);
  const args = expr.args;
  switch (name) {
    case 'alias':
    case 'name':
    case 'as': {
      const alias = stringArgument(args[0], 'alias', expr.span);
      return { ...receiver, name: alias, explicitName: true, span: expr.span };
    }
    case 'cast':
    case 'astype': {
      const typeText = stringArgument(args[0], 'cast type', expr.span);
      const target = parseDataType(typeText);
      if (target === null) throw unsupported(`cast to '${typeText}' is not supported by the simulator`, args[0]?.span ?? expr.span);
      const evaluate = receiver.evaluate;
      const from = receiver.type;
      const keepsEventTime = isAtomic(target, 'timestamp') ? receiver.eventTimeDelayMs : null;
      return make((row) => castValue(evaluate(row), from, target), target, `CAST(${receiver.name} AS ${typeName(target).toUpperCase()})`, expr.span, {
        refs: receiver.refs,
        eventTimeDelayMs: keepsEventTime,
        linear: keepsEventTime !== null ? receiver.linear : null,
      });
    }
    case 'isNull':
    case 'isNotNull': {
      const evaluate = receiver.evaluate;
      const wantNull = name === 'isNull';
      return make(
        (row) => {
          const value = evaluate(row);
          return (value === null || value === undefined) === wantNull;
        },
        booleanType,
        `(${receiver.name} IS ${wantNull ? '' : 'NOT '}NULL)`,
        expr.span,
        { refs: receiver.refs },
      );
    }
    case 'between': {
      const low = compileExpression(requireArg(args, 0, expr), context);
      const high = compileExpression(requireArg(args, 1, expr), context);
      return compileBinary('and', compileBinary('>=', receiver, low, expr.span), compileBinary('<=', receiver, high, expr.span), expr.span);
    }
    case 'isin': {
      const items = args.flatMap((a) => (a.kind === 'opaque' ? [] : [compileExpression(a, context)]));
      if (items.length !== args.length) throw unsupported('isin() with a non-literal list is not supported by the simulator', expr.span);
      const evaluate = receiver.evaluate;
      const values = items.map((i) => i.evaluate);
      return make(
        (row) => {
          const value = evaluate(row);
          if (value === null || value === undefined) return null;
          return values.some((v) => valuesEqual(value, v(row)) === true);
        },
        booleanType,
        `(${receiver.name} IN (...))`,
        expr.span,
        { refs: union(receiver.refs, ...items.map((i) => i.refs)) },
      );
    }
    case 'eqNullSafe': {
      const other = compileExpression(requireArg(args, 0, expr), context);
      const l = receiver.evaluate;
      const r = other.evaluate;
      return make(
        (row) => {
          const a = l(row);
          const b = r(row);
          if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
          return valuesEqual(a, b) === true;
        },
        booleanType,
        `(${receiver.name} <=> ${other.name})`,
        expr.span,
        { refs: union(receiver.refs, other.refs) },
      );
    }
    case 'getField':
    case 'getItem': {
      const key = args[0];
      if (key === undefined || key.kind !== 'literal') throw unsupported(`${name}() needs a literal`, expr.span);
      const evaluate = receiver.evaluate;
      const field = key.value;
      let type: DataType = unknownType;
      if (receiver.type.kind === 'struct') type = receiver.type.fields.find((f) => f.name === field)?.type ?? unknownType;
      if (receiver.type.kind === 'array') type = receiver.type.element;
      return make(
        (row) => {
          const value = evaluate(row);
          if (value === null || value === undefined || field === null) return null;
          return (value as Record<string, unknown>)[String(field)] ?? null;
        },
        type,
        String(field),
        expr.span,
        { refs: receiver.refs },
      );
    }
    case 'like':
    case 'rlike':
    case 'startswith':
    case 'endswith':
    case 'contains': {
      const pattern = compileExpression(requireArg(args, 0, expr), context);
      const evaluate = receiver.evaluate;
      const patternEvaluate = pattern.evaluate;
      const test = stringTests[name] as (value: string, pattern: string) => boolean;
      return make(
        (row) => {
          const value = evaluate(row);
          const p = patternEvaluate(row);
          if (value === null || value === undefined || p === null || p === undefined) return null;
          return test(String(value), String(p));
        },
        booleanType,
        `${name}(${receiver.name}, ${pattern.name})`,
        expr.span,
        { refs: union(receiver.refs, pattern.refs) },
      );
    }
    case 'asc':
    case 'desc':
    case 'asc_nulls_first':
    case 'asc_nulls_last':
    case 'desc_nulls_first':
    case 'desc_nulls_last':
      return receiver;
    case 'over':
      throw analysisError('Non-time-based windows are not supported on streaming DataFrames/Datasets', expr.span);
    default:
      throw unsupported(`Column.${name}() is not supported by the simulator`, expr.span);
  }
}

const stringTests: Readonly<Record<string, (value: string, pattern: string) => boolean>> = {
  like: (value, pattern) => likeToRegExp(pattern).test(value),
  rlike: (value, pattern) => new RegExp(pattern).test(value),
  startswith: (value, pattern) => value.startsWith(pattern),
  endswith: (value, pattern) => value.endsWith(pattern),
  contains: (value, pattern) => value.includes(pattern),
};

function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\' && i + 1 < pattern.length) {
      source += (pattern[i + 1] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    } else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function compileFromJson(expr: Extract<Expr, { kind: 'call' }>, context: CompileContext): Compiled {
  const inner = columnArgument(requireArg(expr.args, 0, expr), context);
  const schemaArg = expr.args[1];
  if (schemaArg === undefined || schemaArg.kind !== 'literal' || typeof schemaArg.value !== 'string') {
    throw unsupported('from_json() needs its schema as a DDL string literal (e.g. "id INT, ts TIMESTAMP") for the simulator', schemaArg?.span ?? expr.span);
  }
  const ddl = schemaArg.value.trim();
  const type = parseDataType(ddl.toLowerCase().startsWith('struct<') ? ddl : `struct<${ddlToStructBody(ddl)}>`);
  if (type === null || type.kind !== 'struct') throw analysisError(`from_json(): cannot parse the schema "${ddl}"`, schemaArg.span);
  const evaluate = inner.evaluate;
  const fields = type.fields;
  return make(
    (row) => {
      const raw = evaluate(row);
      if (raw === null || raw === undefined) return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw));
      } catch {
        // PERMISSIVE mode: a malformed record gives a struct of nulls
        return Object.fromEntries(fields.map((f) => [f.name, null]));
      }
      if (parsed === null || typeof parsed !== 'object') return Object.fromEntries(fields.map((f) => [f.name, null]));
      const record = parsed as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const field of fields) {
        const value = record[field.name];
        out[field.name] = value === undefined || value === null ? null : jsonValue(value, field.type);
      }
      return out;
    },
    type,
    'from_json',
    expr.span,
    { refs: inner.refs },
  );
}

function jsonValue(value: unknown, type: DataType): unknown {
  if (type.kind === 'atomic') {
    const from: DataType = typeof value === 'number' ? doubleType : typeof value === 'boolean' ? booleanType : stringType;
    if (type.name === 'timestamp' && typeof value === 'number') return Math.round(value * 1_000_000);
    return castValue(value, from, type);
  }
  return value;
}

/** `a INT, b STRING` → `a:INT,b:STRING`. */
function ddlToStructBody(ddl: string): string {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of ddl) {
    if (char === '<' || char === '(') depth++;
    if (char === '>' || char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') parts.push(current);
  return parts
    .map((part) => {
      const match = /^\s*(`[^`]+`|\S+)\s+(.+?)\s*$/.exec(part);
      return match === null ? part : `${match[1]}:${match[2]}`;
    })
    .join(',');
}

