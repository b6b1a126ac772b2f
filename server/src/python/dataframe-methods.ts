// DataFrame methods and attributes, grouped data (`groupBy(...)`), and the
// `df.na` / `df.stat` namespaces: each call becomes a plan node, an action,
// or the start of a writer.

import type { Expr, JoinType, Located, NodeId, Operation } from '../model/pipeline';
import type { PyExpr } from './ast';
import { argument, type CallSite } from './call-site';
import { exprOf } from './column-functions';
import type { Env } from './env';
import type { Lowerer } from './interpreter';
import { unknown, type Arg, type BatchWriterState, type GroupedState, type StreamWriterState, type Val } from './values';

type DataFrameVal = Extract<Val, { kind: 'dataFrame' }>;

/** Methods that run a job at once (Spark rejects them on a streaming DataFrame). */
export const eagerActions = new Set([
  'show', 'count', 'collect', 'take', 'head', 'first', 'tail', 'toPandas', 'toLocalIterator', 'foreach', 'foreachPartition',
  'isEmpty', 'toArrow', 'toJSON', 'describe', 'summary', 'approxQuantile', 'corr', 'cov',
]);

const joinTypes: Readonly<Record<string, JoinType>> = {
  inner: 'inner',
  cross: 'cross',
  outer: 'full_outer',
  full: 'full_outer',
  fullouter: 'full_outer',
  full_outer: 'full_outer',
  left: 'left_outer',
  leftouter: 'left_outer',
  left_outer: 'left_outer',
  right: 'right_outer',
  rightouter: 'right_outer',
  right_outer: 'right_outer',
  semi: 'left_semi',
  leftsemi: 'left_semi',
  left_semi: 'left_semi',
  anti: 'left_anti',
  leftanti: 'left_anti',
  left_anti: 'left_anti',
};

/** Normalises a `how` argument the way Spark's `JoinType(...)` does (case and underscores ignored). */
export function normaliseJoinType(how: string): JoinType | null {
  const key = how.toLowerCase();
  return joinTypes[key] ?? joinTypes[key.replace(/_/g, '')] ?? null;
}

const dataFrameOnlyMethods = new Set([
  'withColumn', 'withColumns', 'withColumnRenamed', 'withColumnsRenamed', 'withWatermark', 'groupBy', 'groupby', 'rollup', 'cube',
  'dropDuplicates', 'drop_duplicates', 'dropDuplicatesWithinWatermark', 'selectExpr', 'unionByName', 'unionAll', 'crossJoin',
  'createOrReplaceTempView', 'createTempView', 'createGlobalTempView', 'createOrReplaceGlobalTempView', 'toPandas', 'printSchema',
  'writeTo', 'sortWithinPartitions', 'repartition', 'coalesce', 'persist', 'unpersist', 'localCheckpoint', 'mapInPandas', 'mapInArrow',
  'withMetadata', 'dropna', 'fillna', 'transform', 'hint', 'join', 'select', 'where', 'filter', 'alias', 'union', 'distinct',
  'orderBy', 'sort', 'drop', 'cache', 'checkpoint', 'agg', 'limit', 'intersect', 'subtract', 'except', 'exceptAll', 'toDF', 'sample',
]);

/** True for method names that only DataFrames have: calling one on an unknown value makes it a DataFrame. */
export function isDataFrameMethod(name: string): boolean {
  return dataFrameOnlyMethods.has(name);
}

export function dataFrameAttribute(lowerer: Lowerer, df: DataFrameVal, name: string, expr: Extract<PyExpr, { kind: 'attribute' }>): Val {
  switch (name) {
    case 'writeStream': {
      const state: StreamWriterState = {
          id: lowerer.streamWriters.length,
          input: df.node,
          chainStart: expr.start,
          end: expr.end,
          writeStreamSpan: { start: expr.dot, end: expr.end },
          format: null,
          outputMode: null,
          options: [],
          trigger: null,
          queryName: null,
          partitionBy: null,
          foreachBatch: null,
          foreach: null,
          start: null,
          scope: lowerer.scope,
      };
      lowerer.streamWriters.push(state);
      return { kind: 'streamWriter', state };
    }
    case 'write':
      return batchWriter(lowerer, {
        input: df.node,
        chainStart: expr.start,
        end: expr.end,
        writeSpan: { start: expr.dot, end: expr.end },
        method: 'write',
        format: null,
        options: [],
        terminal: null,
        scope: lowerer.scope,
      });
    case 'na':
    case 'stat':
      return { kind: 'namespace', node: df.node, name };
    case 'isStreaming': {
      const streaming = lowerer.streamingOf(df.node);
      return streaming === 'unknown' ? unknown : { kind: 'value', value: { kind: 'boolean', value: streaming === 'streaming' } };
    }
    case 'sparkSession':
      return { kind: 'session' };
    case 'rdd':
      // Building the RDD plans the DataFrame as a batch job, like an action.
      lowerer.addAction(df.node, 'rdd', { start: expr.dot, end: expr.end });
      return unknown;
    case 'columns':
    case 'schema':
    case 'dtypes':
    case 'storageLevel':
      return unknown;
    default:
      return { kind: 'column', expr: { kind: 'dfColumn', node: df.node, name, span: { start: expr.start, end: expr.end } } };
  }
}

function batchWriter(lowerer: Lowerer, state: BatchWriterState): Val {
  lowerer.batchWriters.push(state);
  return { kind: 'batchWriter', state };
}

function addOp(lowerer: Lowerer, input: NodeId, op: Operation, site: CallSite): Val {
  const node = lowerer.addNode({ kind: 'op', input, op, span: site.span, callSpan: site.callSpan, streaming: lowerer.streamingOf(input) });
  return { kind: 'dataFrame', node, broadcast: false };
}

function columns(lowerer: Lowerer, args: readonly Arg[]): Expr[] {
  return lowerer.flatten(args).map((arg) => exprOf(lowerer, arg, true));
}

function kwargsOf(lowerer: Lowerer, site: CallSite): Record<string, Expr> {
  const kwargs: Record<string, Expr> = {};
  for (const [name, arg] of site.kwargs) kwargs[name] = exprOf(lowerer, arg, false);
  return kwargs;
}

function other(lowerer: Lowerer, input: NodeId, method: string, site: CallSite): Val {
  return addOp(lowerer, input, { kind: 'other', method, args: site.args.map((arg) => exprOf(lowerer, arg, false)), kwargs: kwargsOf(lowerer, site) }, site);
}

/** A SQL string (`selectExpr("a + 1")`, `filter("a > 1")`) as an `sql` expression; a column stays a column. */
function sqlOrColumn(lowerer: Lowerer, arg: Arg): Expr {
  const text = lowerer.stringOf(arg);
  if (text !== null) return { kind: 'sql', text, span: lowerer.spanOf(arg.expr) };
  return exprOf(lowerer, arg, false);
}

function columnNames(lowerer: Lowerer, args: readonly Arg[]): string[] {
  return lowerer.flatten(args).map((arg) => lowerer.nameOf(arg));
}

export function dataFrameMethod(lowerer: Lowerer, df: DataFrameVal, site: CallSite, env: Env): Val {
  const input = df.node;
  const name = site.name;
  if (eagerActions.has(name)) {
    lowerer.addAction(input, name, site.callSpan);
    return unknown;
  }
  switch (name) {
    case 'select':
      return addOp(lowerer, input, { kind: 'select', exprs: columns(lowerer, site.args) }, site);
    case 'selectExpr':
      return addOp(lowerer, input, { kind: 'select', exprs: lowerer.flatten(site.args).map((arg) => sqlOrColumn(lowerer, arg)) }, site);
    case 'filter':
    case 'where': {
      const condition = argument(site, 0, 'condition');
      return addOp(lowerer, input, { kind: 'filter', condition: condition ? sqlOrColumn(lowerer, condition) : { kind: 'literal', value: true, span: site.callSpan } }, site);
    }
    case 'withColumn': {
      const columnName = argument(site, 0, 'colName');
      const value = argument(site, 1, 'col');
      return addOp(lowerer, input, {
        kind: 'withColumn',
        name: columnName ? lowerer.nameOf(columnName) : '',
        expr: value ? exprOf(lowerer, value, false) : { kind: 'opaque', text: '', span: site.callSpan },
      }, site);
    }
    case 'withColumns': {
      const map = argument(site, 0, 'colsMap');
      let result: Val = df;
      if (map?.val.kind === 'dict') {
        for (const entry of map.val.entries) {
          if (!entry.key || result.kind !== 'dataFrame') continue;
          result = addOp(lowerer, result.node, { kind: 'withColumn', name: lowerer.nameOf(entry.key), expr: exprOf(lowerer, entry.value, false) }, site);
        }
        return result;
      }
      return other(lowerer, input, name, site);
    }
    case 'withColumnRenamed': {
      const from = argument(site, 0, 'existing');
      const to = argument(site, 1, 'new');
      return addOp(lowerer, input, { kind: 'withColumnRenamed', from: from ? lowerer.nameOf(from) : '', to: to ? lowerer.nameOf(to) : '' }, site);
    }
    case 'withColumnsRenamed': {
      const map = argument(site, 0, 'colsMap');
      let result: Val = df;
      if (map?.val.kind === 'dict') {
        for (const entry of map.val.entries) {
          if (!entry.key || result.kind !== 'dataFrame') continue;
          result = addOp(lowerer, result.node, { kind: 'withColumnRenamed', from: lowerer.nameOf(entry.key), to: lowerer.nameOf(entry.value) }, site);
        }
        return result;
      }
      return other(lowerer, input, name, site);
    }
    case 'drop':
      return addOp(lowerer, input, { kind: 'drop', columns: columnNames(lowerer, site.args) }, site);
    case 'groupBy':
    case 'groupby':
    case 'rollup':
    case 'cube':
      return {
        kind: 'grouped',
        state: {
          input,
          grouping: name === 'rollup' || name === 'cube' ? name : 'groupBy',
          keys: columns(lowerer, site.args),
          groupSpan: site.callSpan,
          pivot: null,
        },
      };
    case 'col':
    case 'apply': {
      // Scala's df.col("c") / df.apply("c"): the column of this DataFrame, as Python's df["c"]
      const name = site.args.length === 1 ? lowerer.stringOf(site.args[0]) : null;
      if (name !== null) return { kind: 'column', expr: { kind: 'dfColumn', node: input, name, span: site.span } };
      return other(lowerer, input, site.name, site);
    }
    case 'groupByKey':
      // Scala's typed grouping: the key is a function, kept opaque
      return {
        kind: 'grouped',
        state: { input, grouping: 'groupByKey', keys: site.args.map((arg) => exprOf(lowerer, arg, false)), groupSpan: site.callSpan, pivot: null },
      };
    case 'agg':
      return aggregate(lowerer, { input, grouping: 'groupBy', keys: [], groupSpan: site.callSpan, pivot: null }, 'agg', site);
    case 'withWatermark': {
      const column = argument(site, 0, 'eventTime');
      const delay = argument(site, 1, 'delayThreshold');
      return addOp(lowerer, input, {
        kind: 'watermark',
        column: column ? lowerer.locatedString(column) : { value: '', span: site.callSpan },
        delay: delay ? lowerer.located(delay) : { value: { kind: 'unknown', text: '' }, span: site.callSpan },
      }, site);
    }
    case 'dropDuplicates':
    case 'drop_duplicates':
    case 'dropDuplicatesWithinWatermark': {
      const subset = site.args.length > 0 ? site.args : site.kwargs.has('subset') ? [site.kwargs.get('subset')!] : [];
      const none = subset.length === 0 || (subset.length === 1 && subset[0]?.val.kind === 'value' && subset[0].val.value.kind === 'none');
      return addOp(lowerer, input, {
        kind: 'dedup',
        method: name,
        columns: none ? null : columnNames(lowerer, subset),
        withinWatermark: name === 'dropDuplicatesWithinWatermark',
      }, site);
    }
    case 'distinct':
      return addOp(lowerer, input, { kind: 'dedup', method: name, columns: null, withinWatermark: false }, site);
    case 'cache':
    case 'persist':
    case 'checkpoint':
    case 'localCheckpoint':
      return addOp(lowerer, input, { kind: 'cache', method: name }, site);
    case 'orderBy':
    case 'sort':
    case 'sortWithinPartitions':
      return addOp(lowerer, input, { kind: 'sort', method: name, exprs: columns(lowerer, site.args) }, site);
    case 'limit': {
      const n = argument(site, 0, 'num');
      return addOp(lowerer, input, { kind: 'limit', n: n ? lowerer.located(n) : { value: { kind: 'unknown', text: '' }, span: site.callSpan } }, site);
    }
    case 'join':
    case 'crossJoin':
      return join(lowerer, df, site, env);
    case 'union':
    case 'unionAll':
    case 'unionByName': {
      const otherArg = argument(site, 0, 'other');
      const otherNode = otherArg ? lowerer.dataFrameOf(otherArg, env) : null;
      if (otherNode === null) return other(lowerer, input, name, site);
      const inputs = [input, otherNode];
      const node = lowerer.addNode({ kind: 'union', method: name, inputs, span: site.span, callSpan: site.callSpan, streaming: lowerer.combineStreaming(inputs) });
      return { kind: 'dataFrame', node, broadcast: false };
    }
    case 'createOrReplaceTempView':
    case 'createTempView':
    case 'createGlobalTempView':
    case 'createOrReplaceGlobalTempView': {
      const viewName = argument(site, 0, 'name');
      const result = addOp(lowerer, input, {
        kind: 'tempView',
        name: viewName ? lowerer.located(viewName) : { value: { kind: 'unknown', text: '' }, span: site.callSpan },
      }, site);
      const text = lowerer.stringOf(viewName);
      if (text !== null && result.kind === 'dataFrame') lowerer.views.set(text.toLowerCase(), result.node);
      return unknown;
    }
    case 'transform': {
      const fn = argument(site, 0, 'func');
      if (fn?.val.kind === 'function') {
        return lowerer.callFunction(fn.val.fn, { ...site, args: [{ val: df, expr: fn.expr }, ...site.args.slice(1)] });
      }
      return other(lowerer, input, name, site);
    }
    case 'writeTo': {
      const table = argument(site, 0, 'table');
      return batchWriter(lowerer, {
        input,
        chainStart: site.span.start,
        end: site.span.end,
        writeSpan: site.callSpan,
        method: 'writeTo',
        format: null,
        options: table ? [{ key: 'table', value: lowerer.located(table), span: lowerer.spanOf(table.expr) }] : [],
        terminal: null,
        scope: lowerer.scope,
      });
    }
    case 'mergeInto': {
      const table = argument(site, 0, 'table');
      return batchWriter(lowerer, {
        input,
        chainStart: site.span.start,
        end: site.span.end,
        writeSpan: site.callSpan,
        method: 'mergeInto',
        format: null,
        options: table ? [{ key: 'table', value: lowerer.located(table), span: lowerer.spanOf(table.expr) }] : [],
        terminal: null,
        scope: lowerer.scope,
      });
    }
    case 'intersect':
    case 'intersectAll':
    case 'subtract':
    case 'except':
    case 'exceptAll': {
      // The other side becomes a plan node (an opaque one for a parameter), referenced as `dfColumn` `*`.
      const otherArg = argument(site, 0, 'other');
      const otherNode = otherArg ? lowerer.dataFrameOf(otherArg, env) : null;
      if (otherNode === null || !otherArg) return other(lowerer, input, name, site);
      return addOp(lowerer, input, { kind: 'other', method: name, args: [{ kind: 'dfColumn', node: otherNode, name: '*', span: lowerer.spanOf(otherArg.expr) }], kwargs: {} }, site);
    }
    case 'printSchema':
    case 'explain':
    case 'isLocal':
    case 'inputFiles':
    case 'registerTempTable':
      return unknown;
    default:
      return other(lowerer, input, name, site);
  }
}

function join(lowerer: Lowerer, df: DataFrameVal, site: CallSite, env: Env): Val {
  const otherArg = argument(site, 0, 'other');
  const otherNode = otherArg ? lowerer.dataFrameOf(otherArg, env) : null;
  if (otherNode === null || !otherArg) return other(lowerer, df.node, site.name, site);
  let how: Located<JoinType> | null = null;
  let usingColumns: string[] | null = null;
  let condition: Expr | null = null;
  if (site.name === 'crossJoin') {
    how = { value: 'cross', span: site.callSpan };
  } else {
    const on = argument(site, 1, 'on');
    const howArg = argument(site, 2, 'how');
    if (on && !(on.val.kind === 'value' && on.val.value.kind === 'none')) {
      const items = on.val.kind === 'sequence' ? on.val.items : [on];
      if (items.every((item) => lowerer.stringOf(item) !== null)) {
        usingColumns = items.map((item) => lowerer.stringOf(item)!);
      } else {
        const conditions = items.map((item) => exprOf(lowerer, item, false));
        condition = conditions.reduce((left, right) => ({ kind: 'binary', op: 'and', left, right, span: lowerer.spanOf(on.expr) }));
      }
    }
    if (howArg) {
      const text = lowerer.stringOf(howArg);
      const normalised = text === null ? null : normaliseJoinType(text);
      if (normalised) how = { value: normalised, span: lowerer.spanOf(howArg.expr) };
      else if (text !== null) lowerer.problem('unsupported', `unknown join type "${text}"`, lowerer.spanOf(howArg.expr));
    }
  }
  const otherVal = otherArg.val;
  const broadcast = df.broadcast ? 'left' : otherVal.kind === 'dataFrame' && otherVal.broadcast ? 'right' : null;
  const inputs = [df.node, otherNode];
  const node = lowerer.addNode({
    kind: 'join',
    left: df.node,
    right: otherNode,
    how,
    usingColumns,
    condition,
    broadcast,
    span: site.span,
    callSpan: site.callSpan,
    streaming: lowerer.combineStreaming(inputs),
  });
  return { kind: 'dataFrame', node, broadcast: false };
}

const aggregateShortcuts = new Set(['agg', 'count', 'sum', 'avg', 'mean', 'min', 'max']);

export function groupedMethod(lowerer: Lowerer, state: GroupedState, site: CallSite): Val {
  const name = site.name;
  if (aggregateShortcuts.has(name)) return aggregate(lowerer, state, name, site);
  switch (name) {
    case 'pivot': {
      const column = argument(site, 0, 'pivot_col');
      const values = argument(site, 1, 'values');
      return {
        kind: 'grouped',
        state: {
          ...state,
          pivot: {
            column: column ? exprOf(lowerer, column, true) : { kind: 'opaque', text: '', span: site.callSpan },
            values: values?.val.kind === 'sequence' ? values.val.items.map((item) => exprOf(lowerer, item, false)) : null,
          },
        },
      };
    }
    case 'applyInPandasWithState':
    case 'transformWithStateInPandas':
    case 'transformWithState':
    case 'flatMapGroupsWithState':
    case 'mapGroupsWithState': {
      const modeIndex = name === 'applyInPandasWithState' ? 3 : name.startsWith('transformWithState') ? 2 : 0;
      const timeoutIndex = name === 'applyInPandasWithState' ? 4 : name.startsWith('transformWithState') ? 3 : 1;
      const mode = argument(site, modeIndex, 'outputMode');
      const timeout = argument(site, timeoutIndex, name === 'applyInPandasWithState' ? 'timeoutConf' : 'timeMode');
      const initialState = site.kwargs.get('initialState') ?? site.kwargs.get('initial_state');
      const node = lowerer.addNode({
        kind: 'op',
        input: state.input,
        op: {
          kind: 'statefulFunction',
          method: name,
          keys: state.keys,
          outputMode: mode ? { value: lowerer.nameOf(mode).toLowerCase(), span: lowerer.spanOf(mode.expr) } : null,
          timeout: timeout ? { value: lastSegment(lowerer.nameOf(timeout)), span: lowerer.spanOf(timeout.expr) } : null,
          initialState: initialState?.val.kind === 'dataFrame' ? initialState.val.node : null,
        },
        span: site.span,
        callSpan: site.callSpan,
        streaming: lowerer.streamingOf(state.input),
      });
      return { kind: 'dataFrame', node, broadcast: false };
    }
    default:
      return other(lowerer, state.input, `${state.grouping}.${name}`, site);
  }
}

function lastSegment(text: string): string {
  const match = /([A-Za-z_]\w*)\s*(?:\(\s*\))?\s*$/.exec(text);
  return match?.[1] ?? text;
}

function aggregate(lowerer: Lowerer, state: GroupedState, method: string, site: CallSite): Val {
  let aggs: Expr[];
  const first = site.args[0];
  if (method === 'agg' && site.args.length === 1 && first?.val.kind === 'dict') {
    // agg({"col": "max"}) is max(col)
    aggs = first.val.entries.flatMap((entry) =>
      entry.key
        ? [{ kind: 'call', namespace: 'functions', name: lowerer.nameOf(entry.value), args: [exprOf(lowerer, entry.key, true)], kwargs: {}, span: lowerer.spanOf(entry.key.expr) } as Expr]
        : [],
    );
  } else {
    aggs = lowerer.flatten(site.args).map((arg) => exprOf(lowerer, arg, method !== 'agg'));
  }
  const node = lowerer.addNode({
    kind: 'op',
    input: state.input,
    op: { kind: 'aggregate', grouping: state.grouping, keys: state.keys, aggs, method, pivot: state.pivot, groupSpan: state.groupSpan },
    span: site.span,
    callSpan: site.callSpan,
    streaming: lowerer.streamingOf(state.input),
  });
  return { kind: 'dataFrame', node, broadcast: false };
}

/** `df.na.fill(...)`, `df.stat.sampleBy(...)`: DataFrame operations named `na.fill`, ... */
export function namespaceMethod(lowerer: Lowerer, namespace: Extract<Val, { kind: 'namespace' }>, site: CallSite): Val {
  const method = `${namespace.name}.${site.name}`;
  if (namespace.name === 'stat' && eagerActions.has(site.name)) {
    lowerer.addAction(namespace.node, method, site.callSpan);
    return unknown;
  }
  if (namespace.name === 'stat' && !['sampleBy', 'freqItems', 'crosstab'].includes(site.name)) return unknown;
  return other(lowerer, namespace.node, method, site);
}
