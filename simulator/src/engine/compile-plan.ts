// Compiles one streaming query of a PipelineModel into executors: a tree from
// the writer's input node down to the sources. Every construct the engine
// cannot run faithfully stops compilation with a SimulationError naming it
// (with its span), and every combination Spark itself rejects stops with
// Spark's message.

import type { Expr, JoinType, NodeId, Operation, PipelineModel, PlanNode } from '../../../server/src/model/pipeline';
import type { Span } from '../../../server/src/model/span';
import { inputsOf } from '../../../server/src/model/walk';
import type { SparkVersion } from '../../../server/src/analysis/types';
import { AggregateOperator, type OutputMode } from './aggregate-operator';
import { BatchAggregateExecutor, BatchDedupExecutor } from './batch-operators';
import {
  type AggregateCollector,
  type Compiled,
  compileColumnName,
  compileExpression,
  type CompileContext,
} from './compile-expression';
import { isAtomic, parseDataType, timestampType, unknownType } from './data-type';
import { DedupOperator } from './dedup-operator';
import {
  type Executor,
  FilterExecutor,
  ProjectExecutor,
  ScanExecutor,
  SharedExecutor,
  type StatefulOperator,
  StaticExecutor,
  ShiftWatermarkExecutor,
  UnionExecutor,
  WatermarkExecutor,
} from './executor';
import { parseIntervalMicros } from './interval';
import { type Column, passThrough, type Row, type Schema } from './schema';
import { SessionWindowOperator } from './session-operator';
import { analysisError, SimulationError, unsupported } from './simulation-error';
import type { ColumnType, ReadLimit, SimSource } from './source';
import { parseSqlExpression } from './sql-expression';
import { StaticJoinExecutor } from './static-join-executor';
import { type JoinSide, StreamJoinOperator, type ValueWatermark } from './stream-join-operator';

export interface SourceBinding {
  /** The key the micro-batch loop reads this source's rows under. */
  readonly key: string;
  readonly schema: readonly ColumnType[];
  readonly source: SimSource;
  /** What one batch may take (maxFilesPerTrigger, maxOffsetsPerTrigger, a rows-per-batch option). */
  readonly limit: ReadLimit;
  readonly description: string;
}

export interface StaticBinding {
  readonly name: string;
  readonly schema: readonly ColumnType[];
  readonly load: () => Row[];
}

export interface PlanOptions {
  readonly model: PipelineModel;
  readonly queryIndex: number;
  readonly sparkVersion: SparkVersion;
  /** Effective session confs (the model's confs overridden by the caller's). */
  readonly confs: ReadonlyMap<string, string>;
  readonly batchTimestamp: () => number;
  /** Binds a streaming source node to an input; null when nothing is bound to it. */
  readonly bindSource: (node: Extract<PlanNode, { kind: 'source' }>) => SourceBinding | null;
  /** Binds a batch (static) DataFrame node to rows, by its variable name or table; null when not bound. */
  readonly bindStatic: (node: PlanNode, names: readonly string[]) => StaticBinding | null;
}

export interface CompiledPlan {
  readonly root: Executor;
  readonly schema: Schema;
  readonly outputMode: OutputMode;
  /** Stateful operators, upstream first. */
  readonly operators: readonly StatefulOperator[];
  readonly watermarks: readonly WatermarkExecutor[];
  readonly statics: readonly StaticExecutor[];
  readonly sources: readonly SourceBinding[];
}

interface Subplan {
  readonly executor: Executor;
  readonly schema: Schema;
  readonly streaming: boolean;
  /** Kinds of stateful operators upstream (for Spark's chaining checks). */
  readonly stateful: readonly StatefulKind[];
  /** How far this subplan's output watermark lags the global one (ms, <= 0): time-interval joins hold it back. */
  readonly watermarkShiftMs?: number;
  /**
   * The nearest withWatermark below, reachable through projections only, and the projection from its
   * output to this subplan's rows: a filter that does not read the event time can be pushed below it,
   * as Spark's optimizer does (PushPredicateThroughNonJoin).
   */
  readonly pushdown?: { readonly watermark: WatermarkExecutor; readonly eventTimeColumn: number; readonly project: (row: Row) => Row };
}

type StatefulKind = 'aggregate' | 'dedup' | 'join' | 'session';

export function compilePlan(options: PlanOptions): CompiledPlan {
  return new PlanCompiler(options).compile();
}

function atLeast(version: SparkVersion, major: number, minor: number): boolean {
  return version[0] > major || (version[0] === major && version[1] >= minor);
}

function columnsOf(types: readonly ColumnType[], qualifier: string | null, node: NodeId): Column[] {
  return types.map((t) => ({
    name: t.name,
    type: parseDataType(t.type) ?? unknownType,
    qualifiers: qualifier === null ? [] : [qualifier],
    nodes: [node],
    eventTimeDelayMs: null,
  }));
}

class PlanCompiler {
  private readonly operators: StatefulOperator[] = [];
  private readonly watermarks: WatermarkExecutor[] = [];
  private readonly statics: StaticExecutor[] = [];
  private readonly sources = new Map<string, SourceBinding>();
  private readonly outputMode: OutputMode;
  private readonly names = new Map<NodeId, string[]>();
  private readonly references = new Map<NodeId, number>();
  private readonly shared = new Map<NodeId, Subplan>();

  constructor(private readonly options: PlanOptions) {
    const writer = options.model.writers[options.queryIndex];
    const mode = writer?.outputMode?.value.toLowerCase() ?? 'append';
    if (mode !== 'append' && mode !== 'update' && mode !== 'complete') {
      throw analysisError(`Unknown output mode ${mode}. Accepted output modes are 'append', 'complete', 'update'`, writer?.outputMode?.span ?? null);
    }
    this.outputMode = mode;
    for (const [name, node] of Object.entries(options.model.bindings)) {
      const list = this.names.get(node) ?? [];
      list.push(name);
      this.names.set(node, list);
    }
    for (const node of options.model.nodes) {
      for (const input of inputsOf(node)) this.references.set(input, (this.references.get(input) ?? 0) + 1);
    }
  }

  compile(): CompiledPlan {
    const { model, queryIndex } = this.options;
    const writer = model.writers[queryIndex];
    if (writer === undefined) throw new SimulationError('bad-input', `the file has no streaming query number ${queryIndex + 1} (it starts ${model.writers.length})`);
    const plan = this.node(writer.input);
    if (!plan.streaming) throw analysisError("'writeStream' can be called only on streaming Dataset/DataFrame", writer.writeStreamSpan);
    this.checkQuery(plan, writer.outputMode?.span ?? writer.span);
    return {
      root: plan.executor,
      schema: plan.schema,
      outputMode: this.outputMode,
      operators: this.operators,
      watermarks: this.watermarks,
      statics: this.statics,
      sources: [...this.sources.values()],
    };
  }

  private checkQuery(plan: Subplan, span: Span): void {
    const aggregates = plan.stateful.filter((k) => k === 'aggregate' || k === 'session').length;
    if (this.outputMode === 'complete' && aggregates === 0) {
      throw analysisError('Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets', span);
    }
    if (plan.stateful.includes('join') && this.outputMode !== 'append') {
      throw analysisError(
        `Join between two streaming DataFrames/Datasets is not supported in ${this.outputMode === 'update' ? 'Update' : 'Complete'} output mode, only in Append output mode`,
        span,
      );
    }
    if (plan.stateful.length > 1) {
      const allowMultiple = (this.options.confs.get('spark.sql.streaming.statefulOperator.allowMultiple') ?? 'true') === 'true';
      if (!atLeast(this.options.sparkVersion, 3, 4) || !allowMultiple) {
        if (aggregates > 1) {
          throw analysisError(
            `Multiple streaming aggregations are not supported with streaming DataFrames/Datasets (Spark ${this.options.sparkVersion.join('.')}; chaining stateful operators needs Spark >= 3.4 with spark.sql.streaming.statefulOperator.allowMultiple=true)`,
            span,
          );
        }
      }
      if (this.outputMode !== 'append' && aggregates > 1) {
        throw analysisError(`Multiple stateful operators are not supported in ${this.outputMode === 'update' ? 'Update' : 'Complete'} output mode; chain them in Append mode or split the query`, span);
      }
    }
  }

  private node(id: NodeId): Subplan {
    // A DataFrame used by several parents (a self-join) runs once per batch.
    const cached = this.shared.get(id);
    if (cached !== undefined) return cached;
    const node = this.options.model.nodes[id];
    if (node === undefined) throw new SimulationError('bad-input', `the pipeline model has no node ${id}`);
    let plan = this.compileNode(node);
    if ((this.references.get(id) ?? 0) > 1 && plan.streaming) {
      const { pushdown: _shared, ...rest } = plan;
      plan = { ...rest, executor: new SharedExecutor(plan.executor) };
      this.shared.set(id, plan);
    }
    return plan;
  }

  private staticNames(node: PlanNode): string[] {
    const names = [...(this.names.get(node.id) ?? [])];
    if (node.kind === 'source') {
      const table = node.source.table?.value;
      if (table !== undefined && table.kind === 'string') names.push(table.value);
    }
    return names;
  }

  private compileNode(node: PlanNode): Subplan {
    if (node.streaming !== 'streaming' || node.kind === 'source') {
      const binding = node.kind === 'source' && node.streaming === 'streaming' ? null : this.options.bindStatic(node, this.staticNames(node));
      if (binding !== null) return this.staticScan(node, binding);
    }
    switch (node.kind) {
      case 'source':
        return this.source(node);
      case 'op':
        return this.operation(node, this.node(node.input));
      case 'join':
        return this.join(node);
      case 'union':
        return this.union(node);
      case 'opaque':
        throw unsupported(
          node.reason === 'foreachBatch'
            ? 'the batch DataFrame of a foreachBatch handler is not simulated'
            : `the simulator cannot follow the DataFrame \`${node.text}\` (${node.reason === 'parameter' ? 'a function parameter' : node.reason === 'call' ? 'the result of a function call' : 'an unresolved name'})`,
          node.span,
        );
      default: {
        const never: never = node;
        return never;
      }
    }
  }

  private isCached(node: PlanNode): boolean {
    const nodes = this.options.model.nodes;
    const seen = new Set<NodeId>();
    const walk = (current: PlanNode): boolean => {
      if (seen.has(current.id)) return false;
      seen.add(current.id);
      if (current.kind === 'op' && current.op.kind === 'cache') return true;
      // `dim.cache()` as a statement of its own caches the same plan
      if (nodes.some((n) => n.kind === 'op' && n.op.kind === 'cache' && n.input === current.id)) return true;
      if (current.kind === 'op') {
        const input = nodes[current.input];
        return input !== undefined && walk(input);
      }
      return false;
    };
    return walk(node);
  }

  private staticScan(node: PlanNode, binding: StaticBinding): Subplan {
    const executor = new StaticExecutor(binding.load, this.isCached(node));
    this.statics.push(executor);
    return { executor, schema: columnsOf(binding.schema, binding.name, node.id), streaming: false, stateful: [] };
  }

  private source(node: Extract<PlanNode, { kind: 'source' }>): Subplan {
    if (node.streaming !== 'streaming') {
      const what = node.source.api === 'createDataFrame' ? 'spark.createDataFrame(...)' : `the batch source (${node.source.format?.value ?? node.source.api})`;
      const names = this.staticNames(node);
      throw new SimulationError(
        'bad-input',
        `${what} is a static DataFrame with no rows bound: bind it by its variable name${names.length > 0 ? ` (\`${names[0]}\`)` : ''} in the scenario's config.static or the simulation's statics`,
        node.span,
      );
    }
    const binding = this.options.bindSource(node);
    if (binding === null) {
      throw new SimulationError('bad-input', `no input is bound to the streaming source ${describeSource(node)}`, node.span);
    }
    this.sources.set(binding.key, binding);
    const table = node.source.table?.value;
    const qualifier = table !== undefined && table.kind === 'string' ? table.value : null;
    return { executor: new ScanExecutor(binding.key), schema: columnsOf(binding.schema, qualifier, node.id), streaming: true, stateful: [] };
  }

  private context(schema: Schema, aggregates: AggregateCollector | null = null): CompileContext {
    return { schema, batchTimestamp: this.options.batchTimestamp, aggregates };
  }

  private outputColumn(compiled: Compiled, input: Schema, node: NodeId): Column {
    if (compiled.columnIndex !== null) {
      const source = input[compiled.columnIndex];
      if (source !== undefined) {
        const renamed = compiled.name !== source.name;
        return renamed ? { ...source, name: compiled.name, qualifiers: [], nodes: [node] } : passThrough(source, node);
      }
    }
    return { name: compiled.name, type: compiled.type, qualifiers: [], nodes: [node], eventTimeDelayMs: compiled.eventTimeDelayMs };
  }

  /** `select` items: `*`, `x.*`, column names and expressions. */
  private selectItems(exprs: readonly Expr[], input: Schema, node: NodeId): { evaluators: ((row: Row) => unknown)[]; schema: Column[] } {
    const evaluators: ((row: Row) => unknown)[] = [];
    const schema: Column[] = [];
    const context = this.context(input);
    for (const item of exprs) {
      // selectExpr("*") and selectExpr("t.*") arrive as SQL text
      let expr = item;
      if (item.kind === 'sql') {
        const parsed = parseSqlExpression(item.text, item.span.start + 1);
        if (parsed.ok && parsed.alias === null && (parsed.expr.kind === 'star' || (parsed.expr.kind === 'column' && parsed.expr.name.endsWith('*')))) expr = parsed.expr;
      }
      if (expr.kind === 'star' || (expr.kind === 'column' && expr.name === '*')) {
        input.forEach((column, index) => {
          evaluators.push((row) => row[index] ?? null);
          schema.push(passThrough(column, node));
        });
        continue;
      }
      if (expr.kind === 'column' && expr.name.endsWith('.*')) {
        const prefix = expr.name.slice(0, -2);
        const qualified = input.map((c, i) => [c, i] as const).filter(([c]) => c.qualifiers.includes(prefix));
        if (qualified.length > 0) {
          for (const [column, index] of qualified) {
            evaluators.push((row) => row[index] ?? null);
            schema.push(passThrough(column, node));
          }
          continue;
        }
        const struct = compileColumnName(prefix, expr.span, context);
        if (struct.type.kind !== 'struct') throw analysisError(`Can only star expand struct data types: \`${prefix}\``, expr.span);
        const evaluate = struct.evaluate;
        for (const field of struct.type.fields) {
          const name = field.name;
          evaluators.push((row) => {
            const value = evaluate(row) as Record<string, unknown> | null;
            return value === null || value === undefined ? null : (value[name] ?? null);
          });
          schema.push({ name, type: field.type, qualifiers: [], nodes: [node], eventTimeDelayMs: null });
        }
        continue;
      }
      const items = expr.kind === 'literal' && typeof expr.value === 'string' ? [{ kind: 'column', name: expr.value, span: expr.span } as const] : [expr];
      for (const item of items) {
        const compiled = compileExpression(item, context);
        if (compiled.window !== null && compiled.window.kind === 'time' && compiled.window.slideUs !== compiled.window.durationUs) {
          throw unsupported('a sliding window() outside groupBy is not supported by the simulator', item.span);
        }
        evaluators.push(compiled.evaluate);
        schema.push(this.outputColumn(compiled, input, node));
      }
    }
    return { evaluators, schema };
  }

  private operation(node: Extract<PlanNode, { kind: 'op' }>, input: Subplan): Subplan {
    const result = this.operationPlan(node, input);
    if (node.op.kind === 'watermark' || input.pushdown === undefined) return result;
    const { pushdown: _dropped, ...rest } = result;
    if (result.executor === input.executor) return { ...rest, pushdown: input.pushdown };
    if (result.executor instanceof ProjectExecutor && result.executor.child === input.executor) {
      const inner = input.pushdown.project;
      const evaluators = result.executor.evaluators;
      return { ...rest, pushdown: { ...input.pushdown, project: (row) => { const mid = inner(row); return evaluators.map((e) => e(mid)); } } };
    }
    return rest;
  }

  private operationPlan(node: Extract<PlanNode, { kind: 'op' }>, input: Subplan): Subplan {
    const op = node.op;
    const keep = (executor: Executor, schema: Schema, stateful = input.stateful): Subplan => ({
      executor,
      schema,
      streaming: input.streaming,
      stateful,
      watermarkShiftMs: input.watermarkShiftMs ?? 0,
    });
    switch (op.kind) {
      case 'select': {
        const { evaluators, schema } = this.selectItems(op.exprs, input.schema, node.id);
        return keep(new ProjectExecutor(input.executor, evaluators), schema);
      }
      case 'filter': {
        const predicate = compileExpression(op.condition, this.context(input.schema));
        return keep(new FilterExecutor(input.executor, predicate.evaluate), input.schema.map((c) => passThrough(c, node.id)));
      }
      case 'withColumn': {
        const compiled = compileExpression(op.expr, this.context(input.schema));
        const existing = input.schema.findIndex((c) => c.name.toLowerCase() === op.name.toLowerCase());
        const column: Column = {
          name: op.name,
          type: compiled.type,
          qualifiers: [],
          nodes: [node.id],
          eventTimeDelayMs: compiled.columnIndex !== null ? (input.schema[compiled.columnIndex]?.eventTimeDelayMs ?? null) : compiled.eventTimeDelayMs,
        };
        const evaluators: ((row: Row) => unknown)[] = input.schema.map((_, index) => (row: Row) => row[index] ?? null);
        const schema = input.schema.map((c) => passThrough(c, node.id));
        if (existing >= 0) {
          evaluators[existing] = compiled.evaluate;
          schema[existing] = column;
        } else {
          evaluators.push(compiled.evaluate);
          schema.push(column);
        }
        return keep(new ProjectExecutor(input.executor, evaluators), schema);
      }
      case 'withColumnRenamed':
        return keep(
          input.executor,
          input.schema.map((c) => (c.name.toLowerCase() === op.from.toLowerCase() ? { ...c, name: op.to, nodes: [...c.nodes, node.id] } : passThrough(c, node.id))),
        );
      case 'drop': {
        const dropped = new Set(op.columns.map((c) => c.toLowerCase()));
        const kept = input.schema.map((c, i) => [c, i] as const).filter(([c]) => !dropped.has(c.name.toLowerCase()));
        return keep(
          new ProjectExecutor(
            input.executor,
            kept.map(([, i]) => (row: Row) => row[i] ?? null),
          ),
          kept.map(([c]) => passThrough(c, node.id)),
        );
      }
      case 'watermark':
        return this.watermark(node, op, input);
      case 'aggregate':
        return this.aggregate(node, op, input);
      case 'dedup':
        return this.dedup(node, op, input);
      case 'cache':
        return keep(input.executor, input.schema.map((c) => passThrough(c, node.id)));
      case 'tempView':
        return keep(input.executor, input.schema.map((c) => passThrough(c, node.id)));
      case 'sort':
        if (input.streaming && !(this.outputMode === 'complete' && input.stateful.includes('aggregate'))) {
          throw analysisError('Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode', node.callSpan);
        }
        // Row order is not part of the result the simulator compares
        return keep(input.executor, input.schema.map((c) => passThrough(c, node.id)));
      case 'limit':
        throw unsupported('limit() on a streaming DataFrame is not supported by the simulator', node.callSpan);
      case 'statefulFunction':
        throw unsupported(`${op.method}() runs a Python function per group; the simulator does not run Python`, node.callSpan);
      case 'other':
        return this.otherOperation(node, op, input);
      default: {
        const never: never = op;
        return never;
      }
    }
  }

  private otherOperation(node: Extract<PlanNode, { kind: 'op' }>, op: Extract<Operation, { kind: 'other' }>, input: Subplan): Subplan {
    const keep = (schema: Schema): Subplan => ({ ...input, schema });
    switch (op.method) {
      case 'alias':
      case 'as': {
        const name = op.args[0];
        if (name === undefined || name.kind !== 'literal' || typeof name.value !== 'string') throw unsupported(`${op.method}() needs a string literal`, node.callSpan);
        const alias = name.value;
        return keep(input.schema.map((c) => ({ ...c, qualifiers: [alias], nodes: [...c.nodes, node.id] })));
      }
      case 'repartition':
      case 'coalesce':
      case 'repartitionByRange':
      case 'hint':
      case 'sortWithinPartitions':
      case 'persist':
      case 'unpersist':
      case 'localCheckpoint':
        return keep(input.schema.map((c) => passThrough(c, node.id)));
      case 'toDF': {
        const names = op.args.map((a) => (a.kind === 'literal' && typeof a.value === 'string' ? a.value : null));
        if (names.some((n) => n === null) || names.length !== input.schema.length) {
          throw analysisError(`toDF() needs ${input.schema.length} column names as string literals`, node.callSpan);
        }
        return keep(input.schema.map((c, i) => ({ ...c, name: names[i] as string, qualifiers: [], nodes: [node.id] })));
      }
      case 'selectExpr': {
        const exprs: Expr[] = op.args.map((a) => (a.kind === 'literal' && typeof a.value === 'string' ? { kind: 'sql', text: a.value, span: a.span } : a));
        const { evaluators, schema } = this.selectItems(exprs, input.schema, node.id);
        return { ...input, executor: new ProjectExecutor(input.executor, evaluators), schema };
      }
      default:
        throw unsupported(`DataFrame.${op.method}() is not supported by the simulator`, node.callSpan);
    }
  }

  private watermark(node: Extract<PlanNode, { kind: 'op' }>, op: Extract<Operation, { kind: 'watermark' }>, input: Subplan): Subplan {
    const delay = op.delay.value;
    if (delay.kind !== 'string') throw unsupported('the watermark delay must be a string literal for the simulator', op.delay.span);
    const micros = parseIntervalMicros(delay.value);
    if (micros === null) throw analysisError(`The delay threshold '${delay.value}' is not a valid interval`, op.delay.span);
    if (micros < 0) throw analysisError(`delay threshold (${delay.value}) should not be negative.`, op.delay.span);
    const delayMs = Math.floor(micros / 1000);
    if (!input.streaming) return { ...input, schema: input.schema.map((c) => passThrough(c, node.id)) };
    const resolved = compileColumnName(op.column.value, op.column.span, this.context(input.schema));
    const index = resolved.columnIndex;
    if (index === null) throw unsupported('withWatermark on a nested field is not supported by the simulator', op.column.span);
    const column = input.schema[index] as Column;
    if (!isAtomic(column.type, 'timestamp') && !isAtomic(column.type, 'unknown')) {
      throw analysisError(`Event time must be defined on a window or a timestamp, but ${column.name} is of type ${column.type.kind === 'atomic' ? column.type.name : 'struct'}`, op.column.span);
    }
    const redefines = input.schema.some((c) => c.eventTimeDelayMs !== null);
    if (redefines && atLeast(this.options.sparkVersion, 4, 0) && (this.options.confs.get('spark.sql.streaming.statefulOperator.allowMultiple') ?? 'true') === 'true') {
      throw analysisError('Redefining watermark is disallowed. You can set the config spark.sql.streaming.statefulOperator.allowMultiple to false to restore the previous behavior', node.callSpan);
    }
    const executor = new WatermarkExecutor(node.id, input.executor, index, delayMs);
    this.watermarks.push(executor);
    // The new definition replaces the old one on this lineage (the column metadata)
    const schema = input.schema.map((c, i) =>
      i === index ? { ...passThrough(c, node.id), type: timestampType, eventTimeDelayMs: delayMs } : { ...passThrough(c, node.id), eventTimeDelayMs: redefines && atLeast(this.options.sparkVersion, 4, 0) ? c.eventTimeDelayMs : null },
    );
    return { ...input, executor, schema, streaming: true, pushdown: { watermark: executor, eventTimeColumn: index, project: (row) => row } };
  }

  /**
   * Before 3.4 a stateful operator may follow only deduplication: an aggregation or a join upstream can
   * emit rows behind the watermark, which Spark rejected (multiple aggregations, or the global-watermark
   * correctness check).
   */
  private checkChain(upstream: readonly StatefulKind[], span: Span): void {
    if (atLeast(this.options.sparkVersion, 3, 4) || !upstream.some((kind) => kind !== 'dedup')) return;
    const aggregation = upstream.includes('aggregate') || upstream.includes('session');
    throw analysisError(
      `${aggregation ? 'Multiple streaming aggregations are not supported with streaming DataFrames/Datasets' : 'A stateful operator after a stream-stream join is not supported'} (Spark ${this.options.sparkVersion.join('.')}; chaining stateful operators needs Spark >= 3.4)`,
      span,
    );
  }

  /** Runs an operator at its input's propagated watermark while its input still sees the global one. */
  private shift(input: Subplan, shiftMs = input.watermarkShiftMs ?? 0): { child: Executor; wrap: (operator: Executor) => Executor } {
    if (shiftMs === 0) return { child: input.executor, wrap: (operator) => operator };
    return { child: new ShiftWatermarkExecutor(input.executor, -shiftMs), wrap: (operator) => new ShiftWatermarkExecutor(operator, shiftMs) };
  }

  private aggregateExprs(op: Extract<Operation, { kind: 'aggregate' }>, span: Span): Expr[] {
    const method = op.method.toLowerCase();
    if (method === 'agg') {
      for (const agg of op.aggs) if (agg.kind === 'opaque') throw unsupported(`agg(${agg.text}) with a dict or a variable is not supported by the simulator; pass column expressions`, agg.span);
      return [...op.aggs];
    }
    if (method === 'count') {
      const call: Expr = { kind: 'call', namespace: 'functions', name: 'count', args: [{ kind: 'star', span }], kwargs: {}, span };
      return [{ kind: 'method', receiver: call, name: 'alias', args: [{ kind: 'literal', value: 'count', span }], kwargs: {}, span }];
    }
    if (['sum', 'avg', 'mean', 'min', 'max'].includes(method)) {
      return op.aggs.map((arg) => ({ kind: 'call', namespace: 'functions', name: method === 'mean' ? 'avg' : method, args: [arg], kwargs: {}, span: arg.span }));
    }
    throw unsupported(`groupBy(...).${op.method}() is not supported by the simulator`, span);
  }

  private aggregate(node: Extract<PlanNode, { kind: 'op' }>, op: Extract<Operation, { kind: 'aggregate' }>, input: Subplan): Subplan {
    if (op.grouping !== 'groupBy') throw unsupported(`${op.grouping}() is not supported by the simulator`, op.groupSpan);
    if (op.pivot !== null) throw analysisError('pivot is not supported on streaming DataFrames/Datasets', node.callSpan);
    const context = this.context(input.schema);
    const keys = op.keys.map((k) => compileExpression(k.kind === 'literal' && typeof k.value === 'string' ? { kind: 'column', name: k.value, span: k.span } : k, context));
    const keySchema: Column[] = keys.map((k) => this.outputColumn(k, input.schema, node.id));
    const calls: AggregateCollector['calls'] = [];
    const collector: AggregateCollector = { inputSchema: input.schema, keyCount: keys.length, calls };
    const aggContext = this.context(keySchema, collector);
    const outputs = this.aggregateExprs(op, node.callSpan).map((expr) => compileExpression(expr, aggContext));
    const schema: Column[] = [
      ...keySchema,
      ...outputs.map((o) => ({ name: o.name, type: o.type, qualifiers: [], nodes: [node.id], eventTimeDelayMs: null })),
    ];
    if (!input.streaming) {
      if (keys.some((k) => k.window !== null && k.window.kind === 'session')) {
        throw unsupported('session_window on a static DataFrame is not supported by the simulator', node.callSpan);
      }
      const executor = new BatchAggregateExecutor(input.executor, keys, calls, outputs.map((o) => o.evaluate));
      return { executor, schema, streaming: false, stateful: input.stateful };
    }
    const sessionKey = keys.findIndex((k) => k.window !== null && k.window.kind === 'session');
    const windowKeys = keys.filter((k) => k.window !== null);
    if (windowKeys.length > 1) throw analysisError('Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported', node.callSpan);
    let eventKey: number | null = null;
    keys.forEach((k, i) => {
      if (eventKey === null && k.eventTimeDelayMs !== null) eventKey = i;
    });
    if (this.outputMode === 'append' && eventKey === null) {
      throw analysisError('Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark', node.callSpan);
    }
    this.checkChain(input.stateful, node.callSpan);
    const outputEvaluators = outputs.map((o) => o.evaluate);
    const shift = this.shift(input);
    let operator: AggregateOperator | SessionWindowOperator;
    let kind: StatefulKind = 'aggregate';
    if (sessionKey >= 0) {
      if (!atLeast(this.options.sparkVersion, 3, 2)) throw unsupported(`session_window needs Spark >= 3.2 (target ${this.options.sparkVersion.join('.')})`, node.callSpan);
      const spec = keys[sessionKey]?.window;
      if (spec === undefined || spec === null || spec.kind !== 'session') throw new SimulationError('unsupported', 'session window', node.callSpan);
      operator = new SessionWindowOperator({
        child: shift.child,
        keys,
        sessionKey,
        gapUs: spec.gapUs,
        time: spec.time,
        calls,
        outputs: outputEvaluators,
        outputMode: this.outputMode,
      });
      kind = 'session';
    } else {
      operator = new AggregateOperator({ child: shift.child, keys, calls, outputs: outputEvaluators, outputMode: this.outputMode, eventKey });
    }
    this.operators.push(operator);
    return { executor: shift.wrap(operator), schema, streaming: true, stateful: [...input.stateful, kind], watermarkShiftMs: input.watermarkShiftMs ?? 0 };
  }

  private dedup(node: Extract<PlanNode, { kind: 'op' }>, op: Extract<Operation, { kind: 'dedup' }>, input: Subplan): Subplan {
    const schema = input.schema.map((c) => passThrough(c, node.id));
    const context = this.context(input.schema);
    const keyColumns =
      op.columns === null
        ? input.schema.map((_, i) => i)
        : op.columns.map((name) => {
            const compiled = compileColumnName(name, node.callSpan, context);
            if (compiled.columnIndex === null) throw unsupported(`dropDuplicates on a nested field \`${name}\` is not supported by the simulator`, node.callSpan);
            return compiled.columnIndex;
          });
    if (!input.streaming) return { executor: new BatchDedupExecutor(input.executor, keyColumns), schema, streaming: false, stateful: input.stateful };
    this.checkChain(input.stateful, node.callSpan);
    const eventIndex = input.schema.findIndex((c) => c.eventTimeDelayMs !== null);
    const eventTimeColumn = eventIndex >= 0 ? eventIndex : null;
    let withinWatermarkDelayUs: number | null = null;
    if (op.withinWatermark) {
      if (!atLeast(this.options.sparkVersion, 3, 5)) {
        throw unsupported(`dropDuplicatesWithinWatermark needs Spark >= 3.5 (target ${this.options.sparkVersion.join('.')})`, node.callSpan);
      }
      if (eventTimeColumn === null) throw analysisError('dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark', node.callSpan);
      withinWatermarkDelayUs = (input.schema[eventTimeColumn]?.eventTimeDelayMs ?? 0) * 1000;
    }
    const shift = this.shift(input);
    const operator = new DedupOperator({
      child: shift.child,
      keyColumns,
      eventTimeColumn,
      eventTimeInKey: eventTimeColumn !== null && keyColumns.includes(eventTimeColumn),
      withinWatermarkDelayUs,
    });
    this.operators.push(operator);
    return { executor: shift.wrap(operator), schema, streaming: true, stateful: [...input.stateful, 'dedup'], watermarkShiftMs: input.watermarkShiftMs ?? 0 };
  }

  private union(node: Extract<PlanNode, { kind: 'union' }>): Subplan {
    const inputs = node.inputs.map((id) => this.node(id));
    const first = inputs[0];
    if (first === undefined) throw analysisError('union of nothing', node.span);
    const byName = node.method === 'unionByName';
    const executors: Executor[] = [];
    for (const input of inputs) {
      if (input.schema.length !== first.schema.length) {
        throw analysisError(
          `Union can only be performed on inputs with the same number of columns, but the first input has ${first.schema.length} columns and another has ${input.schema.length} columns`,
          node.span,
        );
      }
      if (byName && input !== first) {
        const order = first.schema.map((c) => compileColumnName(c.name, node.span, this.context(input.schema)).evaluate);
        executors.push(new ProjectExecutor(input.executor, order));
      } else {
        executors.push(input.executor);
      }
    }
    const schema = first.schema.map((column, i) => ({
      ...passThrough(column, node.id),
      eventTimeDelayMs: inputs.map((p) => p.schema[i]?.eventTimeDelayMs ?? null).find((d) => d !== null) ?? null,
    }));
    return {
      executor: new UnionExecutor(executors),
      schema,
      streaming: inputs.some((p) => p.streaming),
      stateful: inputs.flatMap((p) => p.stateful),
      watermarkShiftMs: Math.min(...inputs.map((p) => p.watermarkShiftMs ?? 0)),
    };
  }

  private join(node: Extract<PlanNode, { kind: 'join' }>): Subplan {
    const left = this.node(node.left);
    const right = this.node(node.right);
    const how: JoinType = node.how?.value ?? 'inner';
    const howSpan = node.how?.span ?? node.callSpan;
    const leftWidth = left.schema.length;
    const combined: Column[] = [...left.schema, ...right.schema];
    const leftKeys: Compiled[] = [];
    const rightKeys: Compiled[] = [];
    const leftFilters: Compiled[] = [];
    const rightFilters: Compiled[] = [];
    const residuals: Compiled[] = [];
    const rangeConjuncts: Expr[] = [];
    if (node.usingColumns !== null) {
      for (const name of node.usingColumns) {
        leftKeys.push(compileColumnName(name, node.callSpan, this.context(left.schema)));
        rightKeys.push(compileColumnName(name, node.callSpan, this.context(right.schema)));
      }
    } else if (node.condition !== null) {
      for (const conjunct of conjuncts(node.condition)) {
        const whole = compileExpression(conjunct, this.context(combined));
        const refs = [...whole.refs];
        const onlyLeft = refs.length > 0 && refs.every((r) => r < leftWidth);
        const onlyRight = refs.length > 0 && refs.every((r) => r >= leftWidth);
        if (onlyLeft) {
          leftFilters.push(compileExpression(conjunct, this.context(left.schema)));
          continue;
        }
        if (onlyRight) {
          rightFilters.push(compileExpression(conjunct, this.context(right.schema)));
          continue;
        }
        if (conjunct.kind === 'binary' && conjunct.op === '==') {
          const a = compileExpression(conjunct.left, this.context(combined));
          const b = compileExpression(conjunct.right, this.context(combined));
          const side = (c: Compiled) => (c.refs.size === 0 ? 'none' : [...c.refs].every((r) => r < leftWidth) ? 'left' : [...c.refs].every((r) => r >= leftWidth) ? 'right' : 'both');
          const sa = side(a);
          const sb = side(b);
          if ((sa === 'left' && sb === 'right') || (sa === 'right' && sb === 'left')) {
            const [l, r] = sa === 'left' ? [conjunct.left, conjunct.right] : [conjunct.right, conjunct.left];
            leftKeys.push(compileExpression(l, this.context(left.schema)));
            rightKeys.push(compileExpression(r, this.context(right.schema)));
            continue;
          }
        }
        residuals.push(whole);
        rangeConjuncts.push(conjunct);
      }
    }
    const residual = andAll(residuals);
    const rawSchema: Column[] = how === 'left_semi' || how === 'left_anti' ? left.schema.map((c) => passThrough(c, node.id)) : combined.map((c) => passThrough(c, node.id));
    let executor: Executor;
    let stateful = [...left.stateful, ...right.stateful];
    let watermarkShiftMs: number;
    if (left.streaming && right.streaming) {
      const joined = this.streamJoin(node, how, howSpan, left, right, { leftKeys, rightKeys, leftFilters, rightFilters, residual, rangeConjuncts, combined });
      executor = joined.executor;
      watermarkShiftMs = joined.outputShiftMs;
      stateful = [...stateful, 'join'];
    } else if (left.streaming || right.streaming) {
      executor = this.staticJoin(how, howSpan, left, right, { leftKeys, rightKeys, leftFilters, rightFilters, residual });
      watermarkShiftMs = (left.streaming ? left.watermarkShiftMs : right.watermarkShiftMs) ?? 0;
    } else {
      throw unsupported('a join of two static DataFrames is not supported by the simulator', node.span);
    }
    let plan: Subplan = { executor, schema: rawSchema, streaming: left.streaming || right.streaming, stateful, watermarkShiftMs };
    if (node.usingColumns !== null && how !== 'left_semi' && how !== 'left_anti') plan = this.usingProjection(node, plan, how, leftKeys, rightKeys, leftWidth);
    return plan;
  }

  /** `join(other, "key")`: the key columns once (coalesced for full outer), then the other columns of each side. */
  private usingProjection(node: Extract<PlanNode, { kind: 'join' }>, plan: Subplan, how: JoinType, leftKeys: Compiled[], rightKeys: Compiled[], leftWidth: number): Subplan {
    const evaluators: ((row: Row) => unknown)[] = [];
    const schema: Column[] = [];
    const usedLeft = new Set(leftKeys.map((k) => k.columnIndex));
    const usedRight = new Set(rightKeys.map((k) => (k.columnIndex === null ? null : k.columnIndex + leftWidth)));
    leftKeys.forEach((key, i) => {
      const l = key.columnIndex as number;
      const r = ((rightKeys[i] as Compiled).columnIndex as number) + leftWidth;
      const from = how === 'right_outer' ? r : l;
      if (how === 'full_outer') evaluators.push((row) => row[l] ?? row[r] ?? null);
      else evaluators.push((row) => row[from] ?? null);
      const column = plan.schema[from] as Column;
      schema.push({ ...column, qualifiers: [], nodes: [...column.nodes, node.id] });
    });
    plan.schema.forEach((column, index) => {
      if (usedLeft.has(index) || usedRight.has(index)) return;
      evaluators.push((row) => row[index] ?? null);
      schema.push(column);
    });
    return { ...plan, executor: new ProjectExecutor(plan.executor, evaluators), schema };
  }

  private staticJoin(
    how: JoinType,
    span: Span,
    left: Subplan,
    right: Subplan,
    parts: { leftKeys: Compiled[]; rightKeys: Compiled[]; leftFilters: Compiled[]; rightFilters: Compiled[]; residual: Compiled | null },
  ): Executor {
    const streamIsLeft = left.streaming;
    const allowed: readonly JoinType[] = streamIsLeft ? ['inner', 'left_outer', 'left_semi', 'left_anti', 'cross'] : ['inner', 'right_outer', 'cross'];
    if (!allowed.includes(how)) {
      const name = joinName(how);
      throw analysisError(
        streamIsLeft
          ? `${name} join with a streaming DataFrame/Dataset on the left and a static DataFrame/Dataset on the right is not supported`
          : `${name} join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported`,
        span,
      );
    }
    const withFilters = (plan: Subplan, filters: Compiled[]): Executor => {
      const all = andAll(filters);
      return all === null ? plan.executor : new FilterExecutor(plan.executor, all.evaluate);
    };
    // Filters on one side are pushed into that side (the optimizer does the same); for the preserved
    // stream side of an outer join they stay in the condition.
    const leftExecutor = how === 'left_outer' ? left.executor : withFilters(left, parts.leftFilters);
    const rightExecutor = how === 'right_outer' ? right.executor : withFilters(right, parts.rightFilters);
    const residualParts: Compiled[] = [];
    if (parts.residual !== null) residualParts.push(parts.residual);
    if (how === 'left_outer' && parts.leftFilters.length > 0) {
      residualParts.push(...parts.leftFilters);
    }
    if (how === 'right_outer' && parts.rightFilters.length > 0) {
      const width = left.schema.length;
      for (const filter of parts.rightFilters) residualParts.push({ ...filter, evaluate: (row: Row) => filter.evaluate(row.slice(width)) });
    }
    const residual = andAll(residualParts);
    return new StaticJoinExecutor({
      stream: streamIsLeft ? leftExecutor : rightExecutor,
      static: streamIsLeft ? rightExecutor : leftExecutor,
      streamIsLeft,
      streamWidth: streamIsLeft ? left.schema.length : right.schema.length,
      staticWidth: streamIsLeft ? right.schema.length : left.schema.length,
      streamKeys: (streamIsLeft ? parts.leftKeys : parts.rightKeys).map((k) => k.evaluate),
      staticKeys: (streamIsLeft ? parts.rightKeys : parts.leftKeys).map((k) => k.evaluate),
      residual: residual?.evaluate ?? null,
      joinType: how === 'cross' ? 'inner' : how,
    });
  }

  private streamJoin(
    node: Extract<PlanNode, { kind: 'join' }>,
    how: JoinType,
    span: Span,
    left: Subplan,
    right: Subplan,
    parts: {
      leftKeys: Compiled[];
      rightKeys: Compiled[];
      leftFilters: Compiled[];
      rightFilters: Compiled[];
      residual: Compiled | null;
      rangeConjuncts: Expr[];
      combined: Schema;
    },
  ): { executor: Executor; outputShiftMs: number } {
    if (how === 'left_anti') throw analysisError('Left anti joins between two streaming DataFrames/Datasets are not supported', span);
    if (how === 'cross' || parts.leftKeys.length === 0) {
      throw analysisError('Stream-stream join without equality predicate is not supported', node.callSpan);
    }
    this.checkChain([...left.stateful, ...right.stateful], node.callSpan);
    const leftWidth = left.schema.length;
    const eventKeys = parts.leftKeys.flatMap((k, i) => (k.eventTimeDelayMs !== null || (parts.rightKeys[i] as Compiled).eventTimeDelayMs !== null ? [i] : []));
    const { leftBound, rightBound } = this.rangeWatermarks(parts.rangeConjuncts, parts.combined, leftWidth);
    const eventColumn = (schema: Schema) => {
      const index = schema.findIndex((c) => c.eventTimeDelayMs !== null);
      return index >= 0 ? index : null;
    };
    // Conditions on one input that the optimizer pushes into it (not on a preserved side of an outer
    // join): when they do not read the event time they go below withWatermark, so the rows they
    // remove never count toward that input's watermark.
    const pushable = (plan: Subplan, filters: Compiled[]) => {
      const pushdown = plan.pushdown;
      if (pushdown === undefined) return;
      for (const filter of filters) {
        if ([...filter.refs].some((r) => plan.schema[r]?.eventTimeDelayMs !== null)) continue;
        const evaluate = filter.evaluate;
        const project = pushdown.project;
        pushdown.watermark.pushFilter((row) => evaluate(project(row)) === true);
      }
    };
    if (how === 'inner' || how === 'left_semi' || how === 'right_outer') pushable(left, parts.leftFilters);
    if (how === 'inner' || how === 'left_semi' || how === 'left_outer') pushable(right, parts.rightFilters);
    // The join runs at the lower of its inputs' propagated watermarks; each input still sees its own
    const joinShift = Math.min(left.watermarkShiftMs ?? 0, right.watermarkShiftMs ?? 0);
    const side = (plan: Subplan, keys: Compiled[], filters: Compiled[], bound: ValueWatermark | null): JoinSide => ({
      child: joinShift === 0 ? plan.executor : new ShiftWatermarkExecutor(plan.executor, -joinShift),
      width: plan.schema.length,
      keys: keys.map((k) => k.evaluate),
      filter: andAll(filters)?.evaluate ?? null,
      eventTimeColumn: eventColumn(plan.schema),
      eventTimeKeys: eventKeys,
      valueWatermark: bound,
    });
    const leftSide = side(left, parts.leftKeys, parts.leftFilters, leftBound);
    const rightSide = side(right, parts.rightKeys, parts.rightFilters, rightBound);
    const evictable = (s: JoinSide) => s.eventTimeKeys.length > 0 || s.valueWatermark !== null;
    const requirement = (name: string) =>
      analysisError(
        `Stream-stream ${name} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition`,
        span,
      );
    if ((how === 'left_outer' || how === 'full_outer' || how === 'left_semi') && !evictable(leftSide)) throw requirement(joinName(how));
    if ((how === 'right_outer' || how === 'full_outer') && !evictable(rightSide)) throw requirement(joinName(how));
    const operator = new StreamJoinOperator({ left: leftSide, right: rightSide, joinType: how, residual: parts.residual?.evaluate ?? null });
    this.operators.push(operator);
    // Output watermark of a time-interval join: the input watermark minus the longest wait (the lower state watermark)
    const bounds = [leftBound, rightBound].filter((b): b is ValueWatermark => b !== null).map((b) => b.offsetMs);
    const outputShiftMs = joinShift + (bounds.length > 0 ? Math.min(0, ...bounds) : 0);
    return { executor: joinShift === 0 ? operator : new ShiftWatermarkExecutor(operator, joinShift), outputShiftMs };
  }

  /**
   * State-value watermarks from time-range conditions. For `L - R <= c` a right
   * row with R <= wm - c can never match a future left row (L > wm); Spark keeps
   * a 1 ms margin for non-strict bounds. Symmetrically `L - R >= c` bounds the
   * left side at wm + c. Each bound needs the other side's column to be watermarked.
   */
  private rangeWatermarks(conditions: readonly Expr[], combined: Schema, leftWidth: number): { leftBound: ValueWatermark | null; rightBound: ValueWatermark | null } {
    let leftBound: ValueWatermark | null = null;
    let rightBound: ValueWatermark | null = null;
    const better = (current: ValueWatermark | null, next: ValueWatermark) => (current === null || next.offsetMs > current.offsetMs ? next : current);
    for (const condition of conditions) {
      for (const comparison of comparisons(condition)) {
        let op = comparison.op;
        let a = compileExpression(comparison.left, this.context(combined));
        let b = compileExpression(comparison.right, this.context(combined));
        if (a.linear === null || b.linear === null) continue;
        if (!isAtomic(a.type, 'timestamp') || !isAtomic(b.type, 'timestamp')) continue;
        if (a.linear.index >= leftWidth && b.linear.index < leftWidth) {
          [a, b] = [b, a];
          op = flip(op);
        }
        const la = a.linear;
        const rb = b.linear;
        if (la === null || rb === null || la.index >= leftWidth || rb.index < leftWidth) continue;
        // L + x op R + y  →  L - R op c, c = y - x (ms)
        const c = (rb.offsetUs - la.offsetUs) / 1000;
        const leftWatermarked = combined[la.index]?.eventTimeDelayMs !== null;
        const rightWatermarked = combined[rb.index]?.eventTimeDelayMs !== null;
        if ((op === '<=' || op === '<' || op === '==') && leftWatermarked) {
          rightBound = better(rightBound, { column: rb.index - leftWidth, offsetMs: -c - (op === '<' ? 0 : 1) });
        }
        if ((op === '>=' || op === '>' || op === '==') && rightWatermarked) {
          leftBound = better(leftBound, { column: la.index, offsetMs: c - (op === '>' ? 0 : 1) });
        }
      }
    }
    return { leftBound, rightBound };
  }
}

function flip(op: string): string {
  return op === '<' ? '>' : op === '<=' ? '>=' : op === '>' ? '<' : op === '>=' ? '<=' : op;
}

function comparisons(expr: Expr): { op: string; left: Expr; right: Expr }[] {
  if (expr.kind === 'binary' && expr.op === 'and') return [...comparisons(expr.left), ...comparisons(expr.right)];
  if (expr.kind === 'binary' && ['<', '<=', '>', '>=', '=='].includes(expr.op)) return [{ op: expr.op, left: expr.left, right: expr.right }];
  if (expr.kind === 'method' && expr.name === 'between' && expr.args.length === 2) {
    return [
      { op: '>=', left: expr.receiver, right: expr.args[0] as Expr },
      { op: '<=', left: expr.receiver, right: expr.args[1] as Expr },
    ];
  }
  return [];
}

/** Splits a join condition into its AND-ed parts, parsing SQL text on the way. */
function conjuncts(expr: Expr): Expr[] {
  if (expr.kind === 'binary' && expr.op === 'and') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  if (expr.kind === 'sql') {
    const parsed = parseSqlExpression(expr.text, expr.span.start + 1);
    if (!parsed.ok) throw analysisError(`Cannot parse the SQL expression "${expr.text}": ${parsed.message}`, parsed.span);
    return conjuncts(parsed.expr);
  }
  if (expr.kind === 'call' && expr.name === 'expr' && expr.namespace === 'functions') {
    const text = expr.args[0];
    if (text !== undefined && text.kind === 'literal' && typeof text.value === 'string') return conjuncts({ kind: 'sql', text: text.value, span: text.span });
  }
  if (expr.kind === 'method' && expr.name === 'between' && expr.args.length === 2) {
    return [
      { kind: 'binary', op: '>=', left: expr.receiver, right: expr.args[0] as Expr, span: expr.span },
      { kind: 'binary', op: '<=', left: expr.receiver, right: expr.args[1] as Expr, span: expr.span },
    ];
  }
  return [expr];
}

function andAll(parts: readonly Compiled[]): Compiled | null {
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0] as Compiled;
  const evaluators = parts.map((p) => p.evaluate);
  const first = parts[0] as Compiled;
  return {
    ...first,
    evaluate: (row) => {
      let unknown = false;
      for (const evaluate of evaluators) {
        const value = evaluate(row);
        if (value === false) return false;
        if (value !== true) unknown = true;
      }
      return unknown ? null : true;
    },
  };
}

function joinName(how: JoinType): string {
  const names: Record<JoinType, string> = {
    inner: 'Inner',
    left_outer: 'LeftOuter',
    right_outer: 'RightOuter',
    full_outer: 'FullOuter',
    left_semi: 'LeftSemi',
    left_anti: 'LeftAnti',
    cross: 'Cross',
  };
  return names[how];
}

export function describeSource(node: Extract<PlanNode, { kind: 'source' }>): string {
  const info = node.source;
  const table = info.table?.value;
  if (table !== undefined && table.kind === 'string') return `table "${table.value}"`;
  const path = info.path?.value;
  if (path !== undefined && path.kind === 'string') return `${info.format?.value ?? 'file'} source "${path.value}"`;
  return `${info.format?.value ?? info.api} source`;
}

/** The key a streaming source is bound by: its table name, else its path, else its format (`rate`, `kafka`). */
export function sourceKeyOf(node: Extract<PlanNode, { kind: 'source' }>): string {
  const info = node.source;
  const table = info.table?.value;
  if (table !== undefined && table.kind === 'string') return table.value;
  const path = info.path?.value;
  if (path !== undefined && path.kind === 'string') return path.value;
  return info.format?.value ?? info.api;
}

