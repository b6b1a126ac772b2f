// A compact, human-readable rendering of a pipeline model: one line per node,
// writer, action, conf, function and problem, with 1-based line:column spans.
// Used by snapshot tests and debugging output; pure.

import type { Expr, Operation, PipelineModel, PlanNode, Schema, Value } from './pipeline';
import { LineIndex, type Span } from './span';

export function renderModel(model: PipelineModel, text: string): string {
  const index = new LineIndex(text);
  const at = (span: Span): string => {
    const start = index.position(span.start);
    const end = index.position(span.end);
    return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
  };
  const lines: string[] = [];
  for (const node of model.nodes) {
    const scope = node.scope === null ? '' : ` in ${node.scope}`;
    lines.push(`#${node.id} ${renderNode(node)} ${node.streaming}${scope} ${at(node.span)} call ${at(node.callSpan)}`);
  }
  for (const writer of model.writers) {
    const parts = [`writer ${writer.id} <- #${writer.input}`];
    if (writer.format) parts.push(`format=${writer.format.value}`);
    if (writer.outputMode) parts.push(`outputMode=${writer.outputMode.value}`);
    for (const option of writer.options) parts.push(`option ${option.key}=${renderValue(option.value.value)}`);
    if (writer.trigger) parts.push(`trigger=${writer.trigger.kind}${writer.trigger.interval ? `(${renderValue(writer.trigger.interval.value)})` : ''}`);
    if (writer.queryName) parts.push(`queryName=${renderValue(writer.queryName.value)}`);
    if (writer.partitionBy) parts.push(`partitionBy=[${writer.partitionBy.value.join(', ')}]`);
    if (writer.foreachBatch) parts.push(`foreachBatch=${writer.foreachBatch.handler.value}${writer.foreachBatch.function ? '()' : ''}`);
    if (writer.foreach) parts.push(`foreach=${writer.foreach.value}`);
    parts.push(writer.start ? `${writer.start.method}(${writer.start.target ? renderValue(writer.start.target.value) : ''})` : 'not started');
    if (writer.scope) parts.push(`in ${writer.scope}`);
    lines.push(`${parts.join(' ')} ${at(writer.span)} writeStream ${at(writer.writeStreamSpan)}`);
  }
  for (const writer of model.batchWriters) {
    const parts = [`batch ${writer.method} <- #${writer.input}`];
    if (writer.format) parts.push(`format=${writer.format.value}`);
    for (const option of writer.options) parts.push(`option ${option.key}=${renderValue(option.value.value)}`);
    parts.push(writer.terminal ? `${writer.terminal.value}()` : 'not saved');
    if (writer.scope) parts.push(`in ${writer.scope}`);
    lines.push(`${parts.join(' ')} ${at(writer.span)}`);
  }
  for (const action of model.actions) {
    lines.push(`action ${action.method} <- #${action.input}${action.scope ? ` in ${action.scope}` : ''} ${at(action.span)}`);
  }
  for (const conf of model.confs) lines.push(`conf ${conf.via} ${conf.key}=${renderValue(conf.value.value)} ${at(conf.span)}`);
  for (const fn of model.functions) {
    const handler = fn.isForeachBatchHandler ? ' foreachBatch-handler' : '';
    lines.push(`def ${fn.name}(${fn.params.map((param) => param.value).join(', ')})${handler} uses [${fn.namesUsed.join(', ')}] ${at(fn.span)}`);
  }
  for (const loop of model.loops) lines.push(`loop ${loop.keyword} [${loop.variables.join(', ')}] ${at(loop.span)}`);
  const bindings = Object.entries(model.bindings).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (bindings.length > 0) lines.push(`bindings ${bindings.map(([name, id]) => `${name}=#${id}`).join(' ')}`);
  for (const problem of model.problems) lines.push(`problem ${problem.kind} ${at(problem.span)} ${problem.message}`);
  return lines.join('\n') + '\n';
}

function renderNode(node: PlanNode): string {
  switch (node.kind) {
    case 'source': {
      const source = node.source;
      const parts = [`source ${source.api}`];
      if (source.format) parts.push(`format=${source.format.value}`);
      for (const option of source.options) parts.push(`option ${option.key}=${renderValue(option.value.value)}`);
      if (source.path) parts.push(`path=${renderValue(source.path.value)}`);
      if (source.table) parts.push(`table=${renderValue(source.table.value)}`);
      if (source.schema) parts.push(`schema=${renderSchema(source.schema.value)}`);
      if (source.sql) parts.push(`sql=${renderValue(source.sql.value)}`);
      return parts.join(' ');
    }
    case 'op':
      return `op ${renderOperation(node.op)} <- #${node.input}`;
    case 'join': {
      const on = node.usingColumns ? `using [${node.usingColumns.join(', ')}]` : node.condition ? `on ${renderExpr(node.condition)}` : 'no condition';
      const broadcast = node.broadcast ? ` broadcast=${node.broadcast}` : '';
      return `join ${node.how ? node.how.value : 'default'} ${on}${broadcast} <- #${node.left}, #${node.right}`;
    }
    case 'union':
      return `union ${node.method} <- ${node.inputs.map((input) => `#${input}`).join(', ')}`;
    case 'opaque':
      return `opaque ${node.reason} ${JSON.stringify(node.text)}`;
  }
}

export function renderOperation(op: Operation): string {
  const list = (exprs: readonly Expr[]): string => exprs.map(renderExpr).join(', ');
  switch (op.kind) {
    case 'select':
      return `select(${list(op.exprs)})`;
    case 'filter':
      return `filter(${renderExpr(op.condition)})`;
    case 'withColumn':
      return `withColumn(${op.name} = ${renderExpr(op.expr)})`;
    case 'withColumnRenamed':
      return `withColumnRenamed(${op.from} -> ${op.to})`;
    case 'drop':
      return `drop(${op.columns.join(', ')})`;
    case 'aggregate': {
      const pivot = op.pivot ? ` pivot(${renderExpr(op.pivot.column)}${op.pivot.values ? `, [${list(op.pivot.values)}]` : ''})` : '';
      return `aggregate ${op.grouping}(${list(op.keys)})${pivot}.${op.method}(${list(op.aggs)})`;
    }
    case 'watermark':
      return `watermark(${op.column.value}, ${renderValue(op.delay.value)})`;
    case 'dedup':
      return `dedup ${op.method}(${op.columns ? op.columns.join(', ') : '*'})${op.withinWatermark ? ' within watermark' : ''}`;
    case 'cache':
      return `cache ${op.method}`;
    case 'sort':
      return `sort ${op.method}(${list(op.exprs)})`;
    case 'limit':
      return `limit(${renderValue(op.n.value)})`;
    case 'statefulFunction':
      return `stateful ${op.method}(${list(op.keys)}) mode=${op.outputMode?.value ?? '-'} timeout=${op.timeout?.value ?? '-'}`;
    case 'tempView':
      return `tempView(${renderValue(op.name.value)})`;
    case 'other': {
      const kwargs = Object.entries(op.kwargs).map(([key, value]) => `${key}=${renderExpr(value)}`);
      return `other ${op.method}(${[...op.args.map(renderExpr), ...kwargs].join(', ')})`;
    }
  }
}

export function renderExpr(expr: Expr): string {
  const call = (args: readonly Expr[], kwargs: Readonly<Record<string, Expr>>): string =>
    [...args.map(renderExpr), ...Object.entries(kwargs).map(([key, value]) => `${key}=${renderExpr(value)}`)].join(', ');
  switch (expr.kind) {
    case 'column':
      return expr.name;
    case 'literal':
      return JSON.stringify(expr.value);
    case 'star':
      return '*';
    case 'call': {
      const prefix = expr.namespace === 'functions' ? 'F.' : expr.namespace === 'window' ? 'Window.' : '';
      return `${prefix}${expr.name}(${call(expr.args, expr.kwargs)})`;
    }
    case 'method':
      return `${renderExpr(expr.receiver)}.${expr.name}(${call(expr.args, expr.kwargs)})`;
    case 'binary':
      return `(${renderExpr(expr.left)} ${expr.op} ${renderExpr(expr.right)})`;
    case 'unary':
      return `${expr.op === 'not' ? '~' : '-'}${renderExpr(expr.operand)}`;
    case 'dfColumn':
      return `${expr.node === null ? '?' : `#${expr.node}`}[${JSON.stringify(expr.name)}]`;
    case 'sql':
      return `sql${JSON.stringify(expr.text)}`;
    case 'opaque':
      return `?{${expr.text}}`;
  }
}

export function renderValue(value: Value): string {
  switch (value.kind) {
    case 'string':
      return JSON.stringify(value.value);
    case 'number':
      return String(value.value);
    case 'boolean':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'template':
      return `template(${JSON.stringify(value.prefix)}…)`;
    case 'unknown':
      return `?{${value.text}}`;
  }
}

function renderSchema(schema: Schema): string {
  if (schema.kind === 'unknown') return `?{${schema.text}}`;
  return `<${schema.fields.map((field) => `${field.name}: ${field.type}${field.nullable ? '' : ' not null'}`).join(', ')}>`;
}

