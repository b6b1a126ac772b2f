// The session (`spark.table`, `spark.sql`, confs, the builder), readers
// (`spark.readStream...load()`) and writers (`df.writeStream...start()`,
// `df.write...save()`). Readers and writers are mutable, as in PySpark, so a
// writer configured over several statements ends up as one.

import type { Located, Schema, SchemaField, SourceInfo, SourceOption, TriggerKind, WriterOption } from '../model/pipeline';
import { argument, type CallSite } from './call-site';
import type { Lowerer } from './interpreter';
import { parseDdlSchema } from './schema';
import { unknown, type Arg, type BatchWriterState, type ReaderState, type StreamWriterState, type Val } from './values';

const readerShortcuts = new Set(['csv', 'json', 'parquet', 'orc', 'text', 'textFile', 'xml', 'avro', 'delta']);
const batchWriterTerminals = new Set(['save', 'saveAsTable', 'insertInto', 'jdbc', 'csv', 'json', 'parquet', 'orc', 'text', 'xml', 'delta']);
const writeToTerminals = new Set(['append', 'create', 'createOrReplace', 'replace', 'overwrite', 'overwritePartitions']);

function emptySource(api: SourceInfo['api']): SourceInfo {
  return { api, format: null, options: [], path: null, table: null, schema: null, sql: null };
}

function sourceNode(lowerer: Lowerer, source: SourceInfo, streaming: 'streaming' | 'batch' | 'unknown', site: CallSite): Val {
  const node = lowerer.addNode({ kind: 'source', source, span: site.span, callSpan: site.callSpan, streaming });
  return { kind: 'dataFrame', node, broadcast: false };
}

/** Temp views a SQL text reads: names after FROM / JOIN, and Databricks' `STREAM(name)`. */
function sqlStreaming(lowerer: Lowerer, sql: string): 'streaming' | 'batch' | 'unknown' {
  let result: 'streaming' | 'batch' | 'unknown' = 'batch';
  if (/\bSTREAM\s*\(/i.test(sql)) return 'streaming';
  for (const match of sql.matchAll(/\b(?:from|join)\s+`?([\w.]+)`?/gi)) {
    const name = (match[1] ?? '').toLowerCase();
    const view = lowerer.views.get(name) ?? lowerer.views.get(name.replace(/^global_temp\./, ''));
    if (view === undefined) continue;
    const streaming = lowerer.streamingOf(view);
    if (streaming === 'streaming') return 'streaming';
    if (streaming === 'unknown') result = 'unknown';
  }
  return result;
}

/** `dlt.read_stream(name)` / `dlt.read(name)` in a Delta Live Tables pipeline. */
export function dltRead(lowerer: Lowerer, streaming: boolean, site: CallSite): Val {
  const table = argument(site, 0, 'name');
  return sourceNode(lowerer, {
    ...emptySource(streaming ? 'readStream' : 'read'),
    format: { value: 'table', span: site.callSpan },
    table: table ? lowerer.located(table) : null,
  }, streaming ? 'streaming' : 'batch', site);
}

export function sessionMethod(lowerer: Lowerer, site: CallSite): Val {
  switch (site.name) {
    case 'table': {
      const table = argument(site, 0, 'tableName');
      return sourceNode(lowerer, { ...emptySource('table'), table: table ? lowerer.located(table) : null }, 'batch', site);
    }
    case 'sql': {
      const query = argument(site, 0, 'sqlQuery');
      const text = lowerer.stringOf(query);
      if (text !== null && query) {
        const set = /^\s*SET\s+([^\s=]+)\s*=\s*(.*?)\s*;?\s*$/is.exec(text);
        if (set) {
          lowerer.addConf({
            key: set[1] ?? '',
            value: { value: { kind: 'string', value: set[2] ?? '' }, span: lowerer.spanOf(query.expr) },
            span: site.callSpan,
            via: 'sql-set',
          });
          return unknown;
        }
      }
      const streaming = text !== null ? sqlStreaming(lowerer, text) : 'unknown';
      return sourceNode(lowerer, { ...emptySource('sql'), sql: query ? lowerer.located(query) : null }, streaming, site);
    }
    case 'createDataFrame': {
      const schema = argument(site, 1, 'schema');
      const data = argument(site, 0, 'data');
      return sourceNode(lowerer, { ...emptySource('createDataFrame'), schema: schema ? createDataFrameSchema(lowerer, schema, data) : null }, 'batch', site);
    }
    case 'range':
      // spark.range always has one non-null bigint column `id`
      return sourceNode(lowerer, { ...emptySource('range'), schema: { value: { kind: 'fields', fields: [{ name: 'id', type: 'bigint', nullable: false }] }, span: site.callSpan } }, 'batch', site);
    case 'newSession':
      return { kind: 'session' };
    default:
      return unknown;
  }
}

/**
 * The schema of `createDataFrame(data, schema)`: a DDL string or StructType as
 * for readers; a list of column names takes its types from the first row when
 * every value there is a literal (Python int is bigint, float double).
 */
function createDataFrameSchema(lowerer: Lowerer, schema: Arg, data: Arg | undefined): Located<Schema> {
  if (schema.val.kind !== 'sequence') return schemaOf(lowerer, schema);
  const span = lowerer.spanOf(schema.expr);
  const names = schema.val.items.map((item) => lowerer.stringOf(item));
  const first = data?.val.kind === 'sequence' ? data.val.items[0] : undefined;
  const row = first?.val.kind === 'sequence' ? first.val.items : null;
  const fields: SchemaField[] = [];
  for (const [index, name] of names.entries()) {
    const type = row ? pythonLiteralType(row[index]) : null;
    if (name === null || type === null) return { value: { kind: 'unknown', text: lowerer.textOf(schema.expr) }, span };
    fields.push({ name, type, nullable: true });
  }
  return { value: { kind: 'fields', fields }, span };
}

function pythonLiteralType(arg: Arg | undefined): string | null {
  if (arg?.val.kind !== 'value') return null;
  const value = arg.val.value;
  switch (value.kind) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number': {
      // `1.0` is a float although its value is whole: the literal as written decides
      const literal = arg.expr.kind === 'unary' ? arg.expr.operand : arg.expr;
      return literal.kind === 'number' && literal.isFloat ? 'double' : 'bigint';
    }
    default:
      return null;
  }
}

export function builderMethod(lowerer: Lowerer, site: CallSite): Val {
  switch (site.name) {
    case 'getOrCreate':
    case 'create':
      return { kind: 'session' };
    case 'config': {
      const key = argument(site, 0, 'key');
      const value = argument(site, 1, 'value');
      if (key && value) {
        lowerer.addConf({ key: lowerer.nameOf(key), value: lowerer.located(value), span: site.callSpan, via: 'builder.config' });
      }
      const conf = site.kwargs.get('conf') ?? (site.args[0]?.val.kind === 'sparkConf' ? site.args[0] : undefined);
      if (conf?.val.kind === 'sparkConf') for (const entry of conf.val.entries) lowerer.addConf(entry);
      const map = site.kwargs.get('map');
      if (map?.val.kind === 'dict') {
        for (const entry of map.val.entries) {
          if (entry.key) lowerer.addConf({ key: lowerer.nameOf(entry.key), value: lowerer.located(entry.value), span: site.callSpan, via: 'builder.config' });
        }
      }
      return { kind: 'builder' };
    }
    default:
      return { kind: 'builder' };
  }
}

/** `SparkConf().set(k, v).setAll([(k, v)])`: entries kept until the conf is given to the builder. */
export function sparkConfMethod(lowerer: Lowerer, conf: Extract<Val, { kind: 'sparkConf' }>, site: CallSite): Val {
  if (site.name === 'set') {
    const key = argument(site, 0, 'key');
    const value = argument(site, 1, 'value');
    if (key && value) conf.entries.push({ key: lowerer.nameOf(key), value: lowerer.located(value), span: site.callSpan, via: 'builder.config' });
  } else if (site.name === 'setAll') {
    const pairs = argument(site, 0, 'pairs');
    if (pairs?.val.kind === 'sequence') {
      for (const pair of pairs.val.items) {
        if (pair.val.kind !== 'sequence' || pair.val.items.length !== 2) continue;
        const [key, value] = pair.val.items as [Arg, Arg];
        conf.entries.push({ key: lowerer.nameOf(key), value: lowerer.located(value), span: lowerer.spanOf(pair.expr), via: 'builder.config' });
      }
    }
  }
  return conf;
}

export function confMethod(lowerer: Lowerer, site: CallSite): Val {
  if (site.name === 'set') {
    const key = argument(site, 0, 'key');
    const value = argument(site, 1, 'value');
    if (key && value) lowerer.addConf({ key: lowerer.nameOf(key), value: lowerer.located(value), span: site.callSpan, via: 'conf.set' });
  }
  return unknown;
}

/** `.option(k, v)` / `.options(k=v, **{...})` into a list of options (later keys win in Spark; all are kept here, in order). */
function addOptions(lowerer: Lowerer, site: CallSite, into: SourceOption[] | WriterOption[], skip: ReadonlySet<string>): void {
  if (site.name === 'option') {
    const key = argument(site, 0, 'key');
    const value = argument(site, 1, 'value');
    if (key && value) into.push({ key: lowerer.nameOf(key), value: lowerer.located(value), span: site.callSpan });
    return;
  }
  for (const arg of site.args) {
    if (arg.val.kind !== 'dict') continue;
    for (const entry of arg.val.entries) {
      if (entry.key) into.push({ key: lowerer.nameOf(entry.key), value: lowerer.located(entry.value), span: site.callSpan });
    }
  }
  for (const [key, value] of site.kwargs) {
    if (!skip.has(key)) into.push({ key, value: lowerer.located(value), span: site.callSpan });
  }
}

function schemaOf(lowerer: Lowerer, arg: Arg): Located<Schema> {
  const span = lowerer.spanOf(arg.expr);
  if (arg.val.kind === 'schema') return { value: { kind: 'fields', fields: arg.val.fields }, span };
  const ddl = lowerer.stringOf(arg);
  if (ddl !== null) {
    const fields = parseDdlSchema(ddl);
    if (fields) return { value: { kind: 'fields', fields }, span };
  }
  return { value: { kind: 'unknown', text: lowerer.textOf(arg.expr) }, span };
}

/** A format given as a constant, lower case; `null` when it is computed (a variable, a call). */
function lowerFormat(lowerer: Lowerer, arg: Arg): Located<string> | null {
  const format = lowerer.stringOf(arg);
  return format === null ? null : { value: format.toLowerCase(), span: lowerer.spanOf(arg.expr) };
}

export function readerMethod(lowerer: Lowerer, state: ReaderState, site: CallSite): Val {
  const reader: Val = { kind: 'reader', state };
  const streaming = state.streaming ? 'streaming' : 'batch';
  const api = state.streaming ? 'readStream' : 'read';
  const name = site.name;
  switch (name) {
    case 'format': {
      const format = argument(site, 0, 'source');
      if (format) state.format = lowerFormat(lowerer, format);
      return reader;
    }
    case 'option':
    case 'options':
      addOptions(lowerer, site, state.options, new Set());
      return reader;
    case 'schema': {
      const schema = argument(site, 0, 'schema');
      if (schema) state.schema = schemaOf(lowerer, schema);
      return reader;
    }
    case 'load':
    case 'table': {
      const options = [...state.options];
      let format = state.format;
      let schema = state.schema;
      const formatArg = site.kwargs.get('format');
      if (formatArg) format = lowerFormat(lowerer, formatArg);
      const schemaArg = site.kwargs.get('schema');
      if (schemaArg) schema = schemaOf(lowerer, schemaArg);
      addOptions(lowerer, { ...site, name: 'options', args: [] }, options, new Set(['path', 'format', 'schema', 'tableName']));
      const target = argument(site, 0, name === 'load' ? 'path' : 'tableName');
      if (name === 'table' && !format) format = { value: 'table', span: site.callSpan };
      return sourceNode(lowerer, {
        api,
        format,
        options,
        path: name === 'load' && target ? lowerer.located(target) : null,
        table: name === 'table' && target ? lowerer.located(target) : null,
        schema,
        sql: null,
      }, streaming, site);
    }
    case 'jdbc': {
      const options = [...state.options];
      const url = argument(site, 0, 'url');
      const table = argument(site, 1, 'table');
      if (url) options.push({ key: 'url', value: lowerer.located(url), span: lowerer.spanOf(url.expr) });
      const properties = site.kwargs.get('properties') ?? site.args[site.args.length - 1];
      if (properties?.val.kind === 'dict') {
        for (const entry of properties.val.entries) {
          if (entry.key) options.push({ key: lowerer.nameOf(entry.key), value: lowerer.located(entry.value), span: lowerer.spanOf(entry.value.expr) });
        }
      }
      return sourceNode(lowerer, {
        api,
        format: { value: 'jdbc', span: site.callSpan },
        options,
        path: null,
        table: table ? lowerer.located(table) : null,
        schema: state.schema,
        sql: null,
      }, streaming, site);
    }
    default: {
      if (!readerShortcuts.has(name)) return unknown;
      const options = [...state.options];
      let schema = state.schema;
      const schemaArg = site.kwargs.get('schema');
      if (schemaArg) schema = schemaOf(lowerer, schemaArg);
      addOptions(lowerer, { ...site, name: 'options', args: [] }, options, new Set(['path', 'paths', 'schema']));
      const path = argument(site, 0, 'path');
      return sourceNode(lowerer, {
        api,
        format: { value: name === 'textFile' ? 'text' : name.toLowerCase(), span: site.callSpan },
        options,
        path: path ? lowerer.located(path) : null,
        table: null,
        schema,
        sql: null,
      }, streaming, site);
    }
  }
}

function triggerOf(lowerer: Lowerer, site: CallSite): StreamWriterState['trigger'] {
  const kinds: readonly [string, TriggerKind][] = [
    ['processingTime', 'processingTime'],
    ['once', 'once'],
    ['availableNow', 'availableNow'],
    ['continuous', 'continuous'],
    ['realTime', 'realTime'],
  ];
  for (const [keyword, kind] of kinds) {
    const arg = site.kwargs.get(keyword);
    if (!arg) continue;
    const interval = kind === 'processingTime' || kind === 'continuous' || kind === 'realTime' ? lowerer.located(arg) : null;
    return { kind, interval, span: site.callSpan };
  }
  if (site.args.length === 0 && site.kwargs.size === 0) return { kind: 'default', interval: null, span: site.callSpan };
  return { kind: 'unknown', interval: site.args[0] ? lowerer.located(site.args[0]) : null, span: site.callSpan };
}

export function streamWriterMethod(lowerer: Lowerer, state: StreamWriterState, site: CallSite): Val {
  const writer: Val = { kind: 'streamWriter', state };
  state.end = Math.max(state.end, site.span.end);
  switch (site.name) {
    case 'format': {
      const format = argument(site, 0, 'source');
      if (format) state.format = lowerFormat(lowerer, format);
      return writer;
    }
    case 'outputMode': {
      const mode = argument(site, 0, 'outputMode');
      if (mode) state.outputMode = { value: lowerer.nameOf(mode).toLowerCase(), span: lowerer.spanOf(mode.expr) };
      return writer;
    }
    case 'option':
    case 'options':
      addOptions(lowerer, site, state.options, new Set());
      return writer;
    case 'trigger':
      state.trigger = triggerOf(lowerer, site);
      return writer;
    case 'queryName': {
      const queryName = argument(site, 0, 'queryName');
      if (queryName) state.queryName = lowerer.located(queryName);
      return writer;
    }
    case 'partitionBy':
    case 'clusterBy':
      if (site.name === 'partitionBy') state.partitionBy = { value: lowerer.flatten(site.args).map((arg) => lowerer.nameOf(arg)), span: site.callSpan };
      return writer;
    case 'foreachBatch': {
      const handler = argument(site, 0, 'func');
      if (handler) {
        const fn = handler.val.kind === 'function' ? handler.val.fn : null;
        state.foreachBatch = {
          handler: { value: fn ? fn.name : lowerer.textOf(handler.expr), span: lowerer.spanOf(handler.expr) },
          function: fn && !fn.isLambda ? fn.name : null,
        };
        if (fn) lowerer.markHandler(fn, lowerer.spanOf(handler.expr));
      }
      return writer;
    }
    case 'foreach': {
      const sink = argument(site, 0, 'f');
      if (sink) state.foreach = { value: lowerer.textOf(sink.expr), span: lowerer.spanOf(sink.expr) };
      return writer;
    }
    case 'start':
    case 'toTable': {
      const target = argument(site, 0, site.name === 'start' ? 'path' : 'tableName');
      const format = site.kwargs.get('format');
      if (format) state.format = lowerFormat(lowerer, format);
      const mode = site.kwargs.get('outputMode');
      if (mode) state.outputMode = { value: lowerer.nameOf(mode).toLowerCase(), span: lowerer.spanOf(mode.expr) };
      const queryName = site.kwargs.get('queryName');
      if (queryName) state.queryName = lowerer.located(queryName);
      const partitionBy = site.kwargs.get('partitionBy');
      if (partitionBy) state.partitionBy = { value: lowerer.flatten([partitionBy]).map((arg) => lowerer.nameOf(arg)), span: lowerer.spanOf(partitionBy.expr) };
      addOptions(lowerer, { ...site, name: 'options', args: [] }, state.options, new Set(['path', 'tableName', 'format', 'outputMode', 'queryName', 'partitionBy']));
      if (!state.start) state.start = { method: site.name, target: target ? lowerer.located(target) : null, span: site.callSpan };
      return { kind: 'query' };
    }
    default:
      return writer;
  }
}

export function batchWriterMethod(lowerer: Lowerer, state: BatchWriterState, site: CallSite): Val {
  const writer: Val = { kind: 'batchWriter', state };
  state.end = Math.max(state.end, site.span.end);
  const name = site.name;
  switch (name) {
    case 'format':
    case 'using': {
      const format = argument(site, 0, name === 'format' ? 'source' : 'provider');
      if (format) state.format = lowerFormat(lowerer, format);
      return writer;
    }
    case 'option':
    case 'options':
      addOptions(lowerer, site, state.options, new Set());
      return writer;
    case 'mode': {
      const mode = argument(site, 0, 'saveMode');
      if (mode) state.options.push({ key: 'mode', value: lowerer.located(mode), span: site.callSpan });
      return writer;
    }
    default: {
      const isTerminal = state.method === 'write' ? batchWriterTerminals.has(name) : writeToTerminals.has(name) || name === 'merge' || name.startsWith('when');
      if (!isTerminal) return writer;
      if (state.method === 'write' && name !== 'save' && name !== 'saveAsTable' && name !== 'insertInto' && !state.format) {
        state.format = { value: name.toLowerCase(), span: site.callSpan };
      }
      const target = site.args[0];
      if (target && state.method === 'write') {
        const key = name === 'saveAsTable' || name === 'insertInto' ? 'table' : name === 'jdbc' ? 'url' : 'path';
        state.options.push({ key, value: lowerer.located(target), span: lowerer.spanOf(target.expr) });
      }
      addOptions(lowerer, { ...site, name: 'options', args: [] }, state.options, new Set(['path', 'format', 'mode', 'name', 'tableName']));
      const format = site.kwargs.get('format');
      if (format) state.format = lowerFormat(lowerer, format);
      const mode = site.kwargs.get('mode');
      if (mode) state.options.push({ key: 'mode', value: lowerer.located(mode), span: lowerer.spanOf(mode.expr) });
      state.terminal = { value: name, span: site.callSpan };
      return unknown;
    }
  }
}
