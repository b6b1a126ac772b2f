// The lowering proper: a small abstract interpreter over the `ast.ts` tree.
// It runs the file's statements once, in order (both branches of an `if`, one
// pass of a loop), tracking what each name holds (`values.ts`), and builds the
// pipeline model as DataFrame methods are called. Functions defined in the
// file are evaluated per call site (up to a depth and a work budget), so a
// DataFrame passed in and returned keeps its streaming-ness.

import type {
  Action,
  Expr,
  Located,
  LoweringProblem,
  NodeId,
  PlanNode,
  SessionConf,
  Streaming,
  Value,
} from '../model/pipeline';
import type { Span } from '../model/span';
import type { PyArg, PyExpr, PyParam, PyStmt } from './ast';
import type { CallSite } from './call-site';
import { callFunctionPath, columnMethod, exprOf, functionsModules, isTypeConstructor, typeConstructor } from './column-functions';
import { dataFrameAttribute, dataFrameMethod, groupedMethod, isDataFrameMethod, namespaceMethod } from './dataframe-methods';
import { Env } from './env';
import { namesUsed } from './names-used';
import { binaryValue, columnBinary, constantText, subscriptValue } from './operators';
import { batchWriterMethod, builderMethod, confMethod, readerMethod, sessionMethod, sparkConfMethod, streamWriterMethod } from './io-methods';
import { unknown, type Arg, type BatchWriterState, type FunctionValue, type StreamWriterState, type Val } from './values';

/** Nested function evaluations followed before a call becomes opaque. */
const maxInlineDepth = 8;
/** Deepest expression evaluation (a 10 000-step chain is reported, not followed). */
const maxEvaluationDepth = 400;
/** Longest source text kept in opaque expressions and unknown values. */
const maxQuotedText = 200;

const pythonBuiltins = new Set([
  'print', 'len', 'str', 'int', 'float', 'bool', 'list', 'dict', 'tuple', 'set', 'range', 'sorted', 'reversed', 'isinstance',
  'getattr', 'setattr', 'hasattr', 'open', 'enumerate', 'zip', 'type', 'repr', 'iter', 'next', 'display', 'map', 'filter',
  'super', 'object', 'format', 'vars', 'id', 'hash', 'input', 'Exception', 'ValueError', 'RuntimeError', 'TypeError', 'KeyError',
]);

/** Shared by every call without keyword arguments; never written to. */
const noKeywords: Map<string, Arg> = new Map();

interface Frame {
  readonly returns: Val[];
  returned: boolean;
}

interface FunctionRecord {
  readonly fn: FunctionValue;
  readonly stmt: Extract<PyStmt, { kind: 'def' }> | null;
  inlined: boolean;
  handler: boolean;
  /** Ran on its own with opaque parameters. */
  standalone: boolean;
  /** Ran on its own with a batch DataFrame as first parameter. */
  handlerRun: boolean;
}

export class Lowerer {
  readonly nodes: PlanNode[] = [];
  readonly streamWriters: StreamWriterState[] = [];
  readonly batchWriters: BatchWriterState[] = [];
  readonly actions: Action[] = [];
  readonly confs: SessionConf[] = [];
  readonly problems: LoweringProblem[] = [];
  readonly bindings: Record<string, NodeId> = {};
  /** Temp view name (lower case) to the node registered under it. */
  readonly views = new Map<string, NodeId>();
  readonly functionRecords = new Map<number, FunctionRecord>();
  /** The function whose body is running (`null` at module level). */
  scope: string | null = null;
  /** `from pyspark.sql.functions import *` was seen. */
  starFunctions = false;
  readonly moduleEnv = new Env(null);

  private inlineDepth = 0;
  /** Names each function body reads, by definition offset. */
  private readonly namesUsedCache = new Map<number, readonly string[]>();
  private evaluationDepth = 0;
  private budget: number;
  private budgetReported = false;
  /** Functions (by definition offset) whose body is running for a call site: calling one again is recursion. */
  private readonly activeCalls = new Set<number>();
  private depthReported = false;
  private frame: Frame | null = null;

  constructor(
    readonly text: string,
    /** Statements the whole run may execute, counting inlined bodies: bounds the work on pathological files. */
    budget: number,
  ) {
    this.budget = budget;
  }

  // -- model building ---------------------------------------------------------

  addNode(node: PlanNode extends infer N ? (N extends PlanNode ? Omit<N, 'id' | 'scope'> : never) : never): NodeId {
    const id = this.nodes.length;
    // The literal is fresh at every call site: completing it in place spares a copy per node.
    const complete = node as { id?: NodeId; scope?: string | null };
    complete.id = id;
    complete.scope = this.scope;
    this.nodes.push(complete as PlanNode);
    return id;
  }

  streamingOf(id: NodeId): Streaming {
    return this.nodes[id]?.streaming ?? 'unknown';
  }

  /** Streaming if any input streams, else unknown if any is unknown, else batch. */
  combineStreaming(ids: readonly NodeId[]): Streaming {
    let result: Streaming = 'batch';
    for (const id of ids) {
      const streaming = this.streamingOf(id);
      if (streaming === 'streaming') return 'streaming';
      if (streaming === 'unknown') result = 'unknown';
    }
    return result;
  }

  problem(kind: LoweringProblem['kind'], message: string, span: Span): void {
    this.problems.push({ kind, message, span });
  }

  // -- values -------------------------------------------------------------------

  textOf(range: { readonly start: number; readonly end: number }): string {
    const end = Math.min(range.end, range.start + maxQuotedText);
    const text = this.text.slice(range.start, end);
    return end < range.end ? text + '…' : text;
  }

  spanOf(range: { readonly start: number; readonly end: number }): Span {
    return { start: range.start, end: range.end };
  }

  valueOf(arg: Arg): Value {
    const val = arg.val;
    if (val.kind === 'value') return val.value;
    if (val.kind === 'module') return { kind: 'unknown', text: this.textOf(arg.expr) };
    return { kind: 'unknown', text: this.textOf(arg.expr) };
  }

  located(arg: Arg): Located<Value> {
    return { value: this.valueOf(arg), span: this.spanOf(arg.expr) };
  }

  /** The string an argument holds, when it is a known constant. */
  stringOf(arg: Arg | undefined): string | null {
    if (!arg) return null;
    return arg.val.kind === 'value' && arg.val.value.kind === 'string' ? arg.val.value.value : null;
  }

  /** A name-like argument: the constant string, else the source text. */
  nameOf(arg: Arg): string {
    const constant = this.stringOf(arg);
    if (constant !== null) return constant;
    if (arg.val.kind === 'column' && arg.val.expr.kind === 'column') return arg.val.expr.name;
    return this.textOf(arg.expr);
  }

  locatedString(arg: Arg): Located<string> {
    return { value: this.nameOf(arg), span: this.spanOf(arg.expr) };
  }

  /** Flattens list/tuple arguments (`select(["a", "b"])` is `select("a", "b")`). */
  flatten(args: readonly Arg[]): Arg[] {
    const out: Arg[] = [];
    for (const arg of args) {
      if (arg.val.kind === 'sequence') out.push(...arg.val.items);
      else out.push(arg);
    }
    return out;
  }

  /**
   * The plan node behind a value used as a DataFrame. A name with no known
   * value (a parameter, an unresolved global) gets an opaque node, bound back
   * to the name so later uses share it.
   */
  dataFrameOf(arg: Arg, env: Env | null): NodeId | null {
    const val = arg.val;
    if (val.kind === 'dataFrame') return val.node;
    if (val.kind !== 'unknown') return null;
    const reason = val.origin === 'parameter' ? 'parameter' : val.origin === 'unresolved' ? 'unresolved' : 'call';
    const node = this.addNode({
      kind: 'opaque',
      reason,
      text: this.textOf(arg.expr),
      span: this.spanOf(arg.expr),
      callSpan: this.spanOf(arg.expr),
      streaming: 'unknown',
    });
    if (env && arg.expr.kind === 'name') env.replace(arg.expr.name, { kind: 'dataFrame', node, broadcast: false });
    return node;
  }

  // -- statements -----------------------------------------------------------------

  runModule(statements: readonly PyStmt[]): void {
    for (const stmt of statements) this.statementGuarded(stmt, this.moduleEnv);
    this.runPendingFunctions();
  }

  /** One statement; an internal failure is reported and the next statement still runs. */
  private statementGuarded(stmt: PyStmt, env: Env): void {
    try {
      this.statement(stmt, env);
    } catch (error) {
      // `evaluate`'s finally blocks have already unwound the depth counter.
      const message = error instanceof RangeError ? 'statement too deeply nested to analyse' : `internal error while lowering this statement: ${String(error)}`;
      this.problem('unsupported', message, { start: stmt.start, end: Math.min(stmt.end, stmt.start + 1000) });
    }
  }

  private block(statements: readonly PyStmt[], env: Env): void {
    for (const stmt of statements) {
      if (this.frame?.returned) return;
      this.statementGuarded(stmt, env);
    }
  }

  private statement(stmt: PyStmt, env: Env): void {
    // Only statements run for a call site count: the file's own statements run once each whatever happens.
    if (this.activeCalls.size > 0 && this.budget-- <= 0) {
      this.reportBudget(stmt);
      return;
    }
    switch (stmt.kind) {
      case 'expression':
        this.evaluate(stmt.value, env);
        return;
      case 'assign': {
        const value = this.evaluate(stmt.value, env);
        if (stmt.op !== '=') {
          for (const target of stmt.targets) this.assign(target, this.augmented(stmt.op, target, value, env), env);
          return;
        }
        for (const target of stmt.targets) this.assign(target, { val: value, expr: stmt.value }, env);
        return;
      }
      case 'return': {
        const value = stmt.value ? this.evaluate(stmt.value, env) : ({ kind: 'value', value: { kind: 'none' } } as const);
        if (this.frame) {
          this.frame.returns.push(value);
        }
        return;
      }
      case 'import':
        for (const name of stmt.names) {
          if (name.alias) env.set(name.alias, { kind: 'module', path: name.name });
          else env.set(name.name.split('.')[0] ?? name.name, { kind: 'module', path: name.name.split('.')[0] ?? name.name });
        }
        return;
      case 'importFrom':
        if (stmt.star) {
          if (functionsModules.has(stmt.module)) this.starFunctions = true;
          return;
        }
        for (const name of stmt.names) env.set(name.alias ?? name.name, { kind: 'module', path: `${stmt.module}.${name.name}` });
        return;
      case 'def':
        this.define(stmt, env);
        return;
      case 'class': {
        for (const base of stmt.bases) this.evaluate(base, env);
        const classEnv = new Env(env);
        const outerScope = this.scope;
        this.scope = stmt.name;
        const outerFrame = this.frame;
        this.frame = null;
        try {
          this.block(stmt.body, classEnv);
        } finally {
          this.scope = outerScope;
          this.frame = outerFrame;
        }
        env.set(stmt.name, unknown);
        return;
      }
      case 'compound': {
        const headerValues = stmt.headers.map((header) => ({ val: this.evaluate(header, env), expr: header }));
        for (const binding of stmt.bindings) {
          const index = binding.value ? stmt.headers.indexOf(binding.value) : -1;
          let bound = index >= 0 ? headerValues[index] : undefined;
          // A loop body runs once, with the first element of a known list.
          if (stmt.keyword === 'for') bound = bound?.val.kind === 'sequence' ? bound.val.items[0] : undefined;
          this.assign(binding.target, bound ?? { val: { kind: 'unknown', origin: 'unresolved' }, expr: binding.target }, env);
        }
        for (const body of stmt.bodies) this.block(body, env);
        return;
      }
      case 'other':
        for (const expr of stmt.exprs) this.evaluate(expr, env);
        return;
      case 'error':
        return;
    }
  }

  private augmented(op: string, target: PyExpr, value: Val, env: Env): Arg {
    const current = this.evaluate(target, env);
    if (op === '+=' && current.kind === 'value' && current.value.kind === 'string' && value.kind === 'value' && value.value.kind === 'string') {
      return { val: { kind: 'value', value: { kind: 'string', value: current.value.value + value.value.value } }, expr: target };
    }
    return { val: unknown, expr: target };
  }

  private assign(target: PyExpr, value: Arg, env: Env): void {
    switch (target.kind) {
      case 'name':
        env.set(target.name, value.val);
        if (env === this.moduleEnv && value.val.kind === 'dataFrame') this.bindings[target.name] = value.val.node;
        else if (env === this.moduleEnv) delete this.bindings[target.name];
        return;
      case 'sequence':
      case 'paren': {
        const targets = target.kind === 'paren' ? [target.inner] : target.items;
        const items = value.val.kind === 'sequence' ? value.val.items : null;
        targets.forEach((item, index) => {
          const element = items && items.length === targets.length ? items[index] : undefined;
          this.assign(item.kind === 'starred' ? item.value : item, element ?? { val: value.val.kind === 'unknown' ? value.val : unknown, expr: item }, env);
        });
        return;
      }
      case 'attribute': {
        // `self.events = ...`: remembered under the dotted name for reads through the same name
        if (target.object.kind === 'name') env.set(`${target.object.name}.${target.name}`, value.val);
        return;
      }
      default:
        return;
    }
  }

  // -- functions ------------------------------------------------------------------

  private define(stmt: Extract<PyStmt, { kind: 'def' }>, env: Env): void {
    const decorators = stmt.decorators.map((decorator) => this.evaluate(decorator, env));
    const fn: FunctionValue = { name: stmt.name, params: stmt.params, body: stmt.body, closure: env, defStart: stmt.start, isLambda: false };
    if (!this.functionRecords.has(stmt.start)) {
      this.functionRecords.set(stmt.start, { fn, stmt, inlined: false, handler: false, standalone: false, handlerRun: false });
    }
    const isUdf = decorators.some((decorator) => decorator.kind === 'udf') ||
      stmt.decorators.some((decorator) => /\budf\b|pandas_udf/.test(this.textOf(decorator)));
    env.set(stmt.name, isUdf ? { kind: 'udf', name: stmt.name } : { kind: 'function', fn });
  }

  /** Marks a function as a foreachBatch handler: its body runs once more with a batch DataFrame. */
  markHandler(fn: FunctionValue, site: Span): void {
    if (fn.isLambda) {
      this.runStandalone(fn, true, site);
      return;
    }
    const record = this.functionRecords.get(fn.defStart);
    if (record) record.handler = true;
  }

  /**
   * Calls a function defined in the file: its body runs with the arguments
   * bound to its parameters. A recursive call, a call nested too deep, or a
   * call after the work budget ran out gives an opaque result instead.
   */
  callFunction(fn: FunctionValue, site: CallSite): Val {
    const record = this.functionRecords.get(fn.defStart);
    if (this.activeCalls.has(fn.defStart) || this.inlineDepth >= maxInlineDepth) return this.opaqueCallResult(site);
    if (this.budget <= 0) {
      this.reportBudget(site.callSpan);
      return this.opaqueCallResult(site);
    }
    if (record) record.inlined = true;
    const env = new Env(fn.closure);
    this.bindParameters(fn.params, site, env);
    this.activeCalls.add(fn.defStart);
    try {
      return this.runBody(fn, env);
    } finally {
      this.activeCalls.delete(fn.defStart);
    }
  }

  private reportBudget(at: { readonly start: number; readonly end: number }): void {
    if (this.budgetReported) return;
    this.budgetReported = true;
    this.problem('unsupported', 'too many nested function calls to follow: from here on, calls to functions of this file are not evaluated', this.spanOf(at));
  }

  private bindParameters(params: readonly PyParam[], site: CallSite, env: Env): void {
    let position = 0;
    for (const param of params) {
      if (param.star === '*') {
        env.set(param.name, { kind: 'sequence', items: site.args.slice(position) });
        position = site.args.length;
        continue;
      }
      if (param.star === '**') {
        env.set(param.name, unknown);
        continue;
      }
      const byName = site.kwargs.get(param.name);
      const arg = byName ?? site.args[position];
      if (!byName && position < site.args.length) position++;
      if (arg) env.set(param.name, arg.val);
      else if (param.defaultValue) env.set(param.name, this.evaluate(param.defaultValue, env));
      else env.set(param.name, { kind: 'unknown', origin: 'parameter' });
    }
  }

  private runBody(fn: FunctionValue, env: Env): Val {
    const outerScope = this.scope;
    const outerFrame = this.frame;
    const frame: Frame = { returns: [], returned: false };
    this.frame = frame;
    this.scope = fn.isLambda ? outerScope ?? 'lambda' : fn.name;
    this.inlineDepth++;
    try {
      if (Array.isArray(fn.body)) {
        for (const stmt of fn.body as readonly PyStmt[]) {
          this.statementGuarded(stmt, env);
          if (stmt.kind === 'return') frame.returned = true;
          if (frame.returned) break;
        }
      } else {
        frame.returns.push(this.evaluate(fn.body as PyExpr, env));
      }
    } finally {
      this.inlineDepth--;
      this.scope = outerScope;
      this.frame = outerFrame;
    }
    return frame.returns.find((value) => value.kind === 'dataFrame') ?? frame.returns[0] ?? { kind: 'value', value: { kind: 'none' } };
  }

  /** Lowers a function body that no call site evaluated (or a foreachBatch handler) with opaque parameters. */
  private runStandalone(fn: FunctionValue, handler: boolean, site: Span | null): void {
    const env = new Env(fn.closure);
    const outerScope = this.scope;
    fn.params.forEach((param, index) => {
      if (handler && index === 0) {
        this.scope = fn.isLambda ? 'lambda' : fn.name;
        const node = this.addNode({
          kind: 'opaque',
          reason: 'foreachBatch',
          text: param.name,
          span: { start: param.start, end: param.end },
          callSpan: site ?? { start: param.start, end: param.end },
          streaming: 'batch',
        });
        this.scope = outerScope;
        env.set(param.name, { kind: 'dataFrame', node, broadcast: false });
      } else if (param.name === 'spark' || param.name === 'session' || param.name === 'spark_session') {
        env.set(param.name, { kind: 'session' });
      } else {
        env.set(param.name, { kind: 'unknown', origin: 'parameter' });
      }
    });
    const scopeName = fn.isLambda ? 'lambda' : fn.name;
    if (fn.isLambda) {
      const outerFrame = this.frame;
      this.frame = { returns: [], returned: false };
      this.scope = scopeName;
      try {
        this.evaluate(fn.body as PyExpr, env);
      } finally {
        this.scope = outerScope;
        this.frame = outerFrame;
      }
      return;
    }
    this.runBody(fn, env);
  }

  /** After the module ran: handlers with a batch DataFrame, then functions no call site evaluated. */
  private runPendingFunctions(): void {
    // Running one function can define or mark others (nested handlers), so
    // sweep until a pass finds nothing left; each pass is linear.
    for (let pass = 0; pass < 100; pass++) {
      let ran = false;
      for (const record of this.pendingInCallerOrder()) {
        // Checked again here: an earlier function of this pass may have called it
        const asHandler = record.handler && !record.handlerRun;
        if (!isPending(record)) continue;
        record.standalone = true;
        if (asHandler) record.handlerRun = true;
        ran = true;
        try {
          this.runStandalone(record.fn, asHandler, null);
        } catch (error) {
          this.problem('unsupported', `internal error while lowering function ${record.fn.name}: ${String(error)}`, {
            start: record.fn.defStart,
            end: record.fn.defStart,
          });
        }
      }
      if (!ran) return;
    }
  }

  /**
   * The functions still to run on their own, those no other pending function
   * names first: a helper that only an uncalled `main` calls is then lowered
   * through main's calls and not once more on its own with opaque parameters.
   */
  private pendingInCallerOrder(): FunctionRecord[] {
    const pending = [...this.functionRecords.values()].filter(isPending);
    const named = new Set<string>();
    for (const record of pending) {
      if (!record.stmt) continue;
      for (const name of this.namesUsedBy(record.stmt)) if (name !== record.fn.name) named.add(name);
    }
    const callers = pending.filter((record) => !named.has(record.fn.name));
    const callees = pending.filter((record) => named.has(record.fn.name));
    return [...callers, ...callees];
  }

  private namesUsedBy(stmt: Extract<PyStmt, { kind: 'def' }>): readonly string[] {
    let names = this.namesUsedCache.get(stmt.start);
    if (!names) {
      names = namesUsed(stmt.body);
      this.namesUsedCache.set(stmt.start, names);
    }
    return names;
  }

  /** The result of a call the lowering cannot follow: an opaque DataFrame when a DataFrame went in. */
  opaqueCallResult(site: CallSite): Val {
    const anyDataFrame = site.args.some((arg) => arg.val.kind === 'dataFrame') || [...site.kwargs.values()].some((arg) => arg.val.kind === 'dataFrame');
    if (!anyDataFrame) return unknown;
    const node = this.addNode({
      kind: 'opaque',
      reason: 'call',
      text: this.textOf(site.span),
      span: site.span,
      callSpan: site.callSpan,
      streaming: 'unknown',
    });
    return { kind: 'dataFrame', node, broadcast: false };
  }

  // -- expressions -------------------------------------------------------------------

  evaluate(expr: PyExpr, env: Env): Val {
    if (this.evaluationDepth >= maxEvaluationDepth) {
      if (!this.depthReported) {
        this.depthReported = true;
        this.problem('unsupported', `expression nested more than ${maxEvaluationDepth} deep is not analysed`, this.spanOf(expr));
      }
      return unknown;
    }
    this.evaluationDepth++;
    try {
      return this.evaluateInner(expr, env);
    } finally {
      this.evaluationDepth--;
    }
  }

  private evaluateInner(expr: PyExpr, env: Env): Val {
    switch (expr.kind) {
      case 'name':
        return this.lookup(expr.name, env);
      case 'attribute': {
        if (expr.object.kind === 'name') {
          const dotted = env.get(`${expr.object.name}.${expr.name}`);
          if (dotted) return dotted;
        }
        const receiver = this.evaluate(expr.object, env);
        return this.attribute({ val: receiver, expr: expr.object }, expr, env);
      }
      case 'call':
        return this.call(expr, env);
      case 'string': {
        if (!expr.template) return { kind: 'value', value: { kind: 'string', value: expr.value } };
        // An f-string whose holes are all known constants is a constant.
        let folded: string | null = expr.formatted ? null : expr.parts[0] ?? '';
        expr.holes.forEach((hole, index) => {
          const value = this.evaluate(hole, env);
          const text = value.kind === 'value' ? constantText(value.value) : null;
          folded = folded === null || text === null ? null : folded + text + (expr.parts[index + 1] ?? '');
        });
        if (folded !== null) return { kind: 'value', value: { kind: 'string', value: folded } };
        return { kind: 'value', value: { kind: 'template', text: this.textOf(expr), prefix: expr.value } };
      }
      case 'number':
        return { kind: 'value', value: { kind: 'number', value: expr.value } };
      case 'constant':
        return expr.value === null ? { kind: 'value', value: { kind: 'none' } } : { kind: 'value', value: { kind: 'boolean', value: expr.value } };
      case 'binary':
        return binaryValue(this, expr, { val: this.evaluate(expr.left, env), expr: expr.left }, { val: this.evaluate(expr.right, env), expr: expr.right });
      case 'boolean': {
        const left = this.evaluate(expr.left, env);
        const right = this.evaluate(expr.right, env);
        if (left.kind === 'column' || right.kind === 'column') {
          return columnBinary(this, expr.op, { val: left, expr: expr.left }, { val: right, expr: expr.right }, expr);
        }
        return unknown;
      }
      case 'unary': {
        const operand = this.evaluate(expr.operand, env);
        if (operand.kind === 'column' && (expr.op === '~' || expr.op === 'not' || expr.op === '-')) {
          return { kind: 'column', expr: { kind: 'unary', op: expr.op === '-' ? '-' : 'not', operand: operand.expr, span: this.spanOf(expr) } };
        }
        if (expr.op === '-' && operand.kind === 'value' && operand.value.kind === 'number') {
          return { kind: 'value', value: { kind: 'number', value: -operand.value.value } };
        }
        if (expr.op === '+' && operand.kind === 'value') return operand;
        return unknown;
      }
      case 'subscript': {
        const object = this.evaluate(expr.object, env);
        const index = this.evaluate(expr.index, env);
        return subscriptValue(this, { val: object, expr: expr.object }, { val: index, expr: expr.index }, expr);
      }
      case 'paren':
        return this.evaluate(expr.inner, env);
      case 'sequence': {
        const items: Arg[] = [];
        for (const item of expr.items) {
          if (item.kind === 'starred') {
            const spread = this.evaluate(item.value, env);
            if (spread.kind === 'sequence') items.push(...spread.items);
            else items.push({ val: unknown, expr: item });
          } else {
            items.push({ val: this.evaluate(item, env), expr: item });
          }
        }
        return { kind: 'sequence', items };
      }
      case 'dict':
        return {
          kind: 'dict',
          entries: expr.entries.map((entry) => ({
            key: entry.key ? { val: this.evaluate(entry.key, env), expr: entry.key } : null,
            value: { val: this.evaluate(entry.value, env), expr: entry.value },
          })),
        };
      case 'starred':
        return this.evaluate(expr.value, env);
      case 'lambda':
        return {
          kind: 'function',
          fn: { name: 'lambda', params: expr.params, body: expr.body, closure: env, defStart: expr.start, isLambda: true },
        };
      case 'other':
        for (const part of expr.parts) this.evaluate(part, env);
        return unknown;
      case 'error':
        return unknown;
    }
  }

  private lookup(name: string, env: Env): Val {
    const bound = env.get(name);
    if (bound) return bound;
    // Notebooks (Databricks, Jupyter) provide `spark` as a global session.
    if (name === 'spark') return { kind: 'session' };
    if (isTypeConstructor(name)) return { kind: 'module', path: `pyspark.sql.types.${name}` };
    if (this.starFunctions && !pythonBuiltins.has(name)) return { kind: 'module', path: `pyspark.sql.functions.${name}` };
    return { kind: 'unknown', origin: 'unresolved' };
  }

  private attribute(receiver: Arg, expr: Extract<PyExpr, { kind: 'attribute' }>, env: Env): Val {
    const val = receiver.val;
    const name = expr.name;
    switch (val.kind) {
      case 'session':
        if (name === 'readStream' || name === 'read') return { kind: 'reader', state: { streaming: name === 'readStream', format: null, options: [], schema: null } };
        if (name === 'conf') return { kind: 'conf' };
        return unknown;
      case 'module':
        if (name === 'builder' && /(^|\.)SparkSession$/.test(val.path)) return { kind: 'builder' };
        return { kind: 'module', path: `${val.path}.${name}` };
      case 'dataFrame':
        return dataFrameAttribute(this, val, name, expr);
      case 'unknown':
        if (name === 'readStream') return { kind: 'reader', state: { streaming: true, format: null, options: [], schema: null } };
        if (name === 'writeStream' || name === 'write') {
          const node = this.dataFrameOf(receiver, env);
          if (node !== null) return dataFrameAttribute(this, { kind: 'dataFrame', node, broadcast: false }, name, expr);
        }
        return unknown;
      case 'column':
        return { kind: 'column', expr: { kind: 'method', receiver: val.expr, name: 'getField', args: [{ kind: 'literal', value: name, span: { start: expr.nameStart, end: expr.end } }], kwargs: {}, span: this.spanOf(expr) } };
      default:
        return unknown;
    }
  }

  // -- calls -----------------------------------------------------------------------

  private call(expr: Extract<PyExpr, { kind: 'call' }>, env: Env): Val {
    const callee = expr.callee;
    if (callee.kind === 'attribute') {
      let receiver: Val | undefined;
      if (callee.object.kind === 'name') receiver = env.get(`${callee.object.name}.${callee.name}`);
      if (receiver && receiver.kind === 'function') {
        return this.callValue(receiver, this.site(expr, callee.name, callee.dot, env), env);
      }
      const object = this.evaluate(callee.object, env);
      const site = this.site(expr, callee.name, callee.dot, env);
      return this.method({ val: object, expr: callee.object }, site, env);
    }
    const target = this.evaluate(callee, env);
    const name = callee.kind === 'name' ? callee.name : this.textOf(callee);
    return this.callValue(target, this.site(expr, name, expr.start, env), env);
  }

  private site(expr: Extract<PyExpr, { kind: 'call' }>, name: string, callStart: number, env: Env): CallSite {
    const args: Arg[] = [];
    let kwargs: Map<string, Arg> = noKeywords;
    let hasUnknownSpread = false;
    for (const arg of expr.args as readonly PyArg[]) {
      if ((arg.kind === 'keyword' || arg.kind === 'doubleStar') && kwargs === noKeywords) kwargs = new Map();
      switch (arg.kind) {
        case 'positional':
          args.push({ val: this.evaluate(arg.value, env), expr: arg.value });
          break;
        case 'keyword':
          kwargs.set(arg.name, { val: this.evaluate(arg.value, env), expr: arg.value });
          break;
        case 'star': {
          const spread = this.evaluate(arg.value, env);
          if (spread.kind === 'sequence') args.push(...spread.items);
          else hasUnknownSpread = true;
          break;
        }
        case 'doubleStar': {
          const spread = this.evaluate(arg.value, env);
          if (spread.kind === 'dict') {
            for (const entry of spread.entries) {
              const key = entry.key ? this.stringOf(entry.key) : null;
              if (key !== null) kwargs.set(key, entry.value);
              else hasUnknownSpread = true;
            }
          } else {
            hasUnknownSpread = true;
          }
          break;
        }
      }
    }
    return { name, span: { start: expr.start, end: expr.end }, callSpan: { start: callStart, end: expr.end }, args, kwargs, hasUnknownSpread };
  }

  private method(receiver: Arg, site: CallSite, env: Env): Val {
    const val = receiver.val;
    switch (val.kind) {
      case 'dataFrame':
        return dataFrameMethod(this, val, site, env);
      case 'grouped':
        return groupedMethod(this, val.state, site);
      case 'namespace':
        return namespaceMethod(this, val, site);
      case 'session':
        return sessionMethod(this, site);
      case 'builder':
        return builderMethod(this, site);
      case 'conf':
        return confMethod(this, site);
      case 'sparkConf':
        return sparkConfMethod(this, val, site);
      case 'reader':
        return readerMethod(this, val.state, site);
      case 'streamWriter':
        return streamWriterMethod(this, val.state, site);
      case 'batchWriter':
        return batchWriterMethod(this, val.state, site);
      case 'column':
        return columnMethod(this, val.expr, site);
      case 'module':
        return this.callValue({ kind: 'module', path: `${val.path}.${site.name}` }, site, env);
      case 'schema':
      case 'dataType':
        if (site.name === 'add') return typeConstructor(this, 'StructType.add', site, val);
        return unknown;
      case 'sequence':
        if (site.name === 'append' || site.name === 'extend') {
          for (const arg of site.args) {
            if (site.name === 'append') val.items.push(arg);
            else if (arg.val.kind === 'sequence') val.items.push(...arg.val.items);
          }
        }
        return unknown;
      case 'value':
        if (val.value.kind === 'string' && site.name === 'format') {
          return { kind: 'value', value: { kind: 'template', text: this.textOf(site.span), prefix: val.value.value.split('{')[0] ?? '' } };
        }
        if (val.value.kind === 'string' && (site.name === 'lower' || site.name === 'upper' || site.name === 'strip')) {
          const text = val.value.value;
          return { kind: 'value', value: { kind: 'string', value: site.name === 'lower' ? text.toLowerCase() : site.name === 'upper' ? text.toUpperCase() : text.trim() } };
        }
        return unknown;
      case 'unknown': {
        if (isDataFrameMethod(site.name)) {
          const node = this.dataFrameOf(receiver, env);
          if (node !== null) return dataFrameMethod(this, { kind: 'dataFrame', node, broadcast: false }, site, env);
        }
        return this.opaqueCallResult(site);
      }
      default:
        return unknown;
    }
  }

  /** Calls a value: a function of the file, a module function (`F.col`), a UDF. */
  callValue(target: Val, site: CallSite, env: Env): Val {
    switch (target.kind) {
      case 'function':
        return this.callFunction(target.fn, site);
      case 'module':
        return callFunctionPath(this, target.path, site, env);
      case 'dataFrame': {
        // `df("id")`: Scala's Dataset.apply is the column of that DataFrame (Python writes `df["id"]`)
        const name = this.stringOf(site.args[0]);
        if (name === null || site.args.length !== 1) return unknown;
        return { kind: 'column', expr: { kind: 'dfColumn', node: target.node, name, span: site.span } };
      }
      case 'udf':
        return {
          kind: 'column',
          expr: {
            kind: 'call',
            namespace: 'unresolved',
            name: target.name,
            args: site.args.map((arg) => exprOf(this, arg, false)),
            kwargs: {},
            span: site.span,
          },
        };
      case 'unknown': {
        if (pythonBuiltins.has(site.name)) return unknown;
        if (site.args.some((arg) => arg.val.kind === 'column')) {
          return {
            kind: 'column',
            expr: { kind: 'call', namespace: 'unresolved', name: site.name, args: site.args.map((arg) => exprOf(this, arg, false)), kwargs: {}, span: site.span },
          };
        }
        return this.opaqueCallResult(site);
      }
      default:
        return unknown;
    }
  }

  addConf(conf: SessionConf): void {
    this.confs.push(conf);
  }

  addAction(input: NodeId, method: string, span: Span): void {
    this.actions.push({ input, method, span, scope: this.scope });
  }

  /** Opaque expression for an argument that is not a column. */
  opaque(expr: PyExpr): Expr {
    return { kind: 'opaque', text: this.textOf(expr), span: this.spanOf(expr) };
  }
}

/** Not yet lowered by a call, on its own, or as a foreachBatch handler still to run with a batch DataFrame. */
function isPending(record: FunctionRecord): boolean {
  return (record.handler && !record.handlerRun) || !(record.inlined || record.standalone || record.handler);
}
