// Column expressions: values to `Expr`, calls into `pyspark.sql.functions`,
// the `Window` spec builder, methods on columns, and `pyspark.sql.types`
// constructors (which build schemas).

import type { Expr, SchemaField } from '../model/pipeline';
import type { CallSite } from './call-site';
import type { Env } from './env';
import type { Lowerer } from './interpreter';
import { normaliseTypeName, simpleTypeNames, structTypeName } from './schema';
import { dltRead } from './io-methods';
import { unknown, type Arg, type Val } from './values';

/** Modules whose functions build columns. */
export const functionsModules = new Set(['pyspark.sql.functions', 'pyspark.sql.connect.functions', 'pyspark.sql.functions.builtin', 'org.apache.spark.sql.functions']);
const windowClasses = /(^|\.)(pyspark\.sql(\.window)?\.Window|pyspark\.sql\.connect\.window\.Window|org\.apache\.spark\.sql\.expressions\.Window)$/;
const sessionClasses = /(^|\.)SparkSession$/;

/**
 * An argument as a column expression. In a column-name context (`select`,
 * `groupBy`) a string is a column name; elsewhere it stays a literal.
 */
export function exprOf(lowerer: Lowerer, arg: Arg, columnContext: boolean): Expr {
  const val = arg.val;
  const span = lowerer.spanOf(arg.expr);
  switch (val.kind) {
    case 'column':
      return val.expr;
    case 'value': {
      const value = val.value;
      switch (value.kind) {
        case 'string':
          if (value.value === '*') return { kind: 'star', span };
          return columnContext ? { kind: 'column', name: value.value, span } : { kind: 'literal', value: value.value, span };
        case 'number':
          return { kind: 'literal', value: value.value, span };
        case 'boolean':
          return { kind: 'literal', value: value.value, span };
        case 'none':
          return { kind: 'literal', value: null, span };
        case 'template':
        case 'unknown':
          return lowerer.opaque(arg.expr);
      }
      return lowerer.opaque(arg.expr);
    }
    case 'dataFrame':
      return { kind: 'dfColumn', node: val.node, name: '*', span };
    // Types as the DDL strings Spark accepts in their place (`cast("bigint")`, `from_json(c, "a INT, b STRING")`).
    case 'dataType':
      return { kind: 'literal', value: val.type, span };
    case 'schema':
      return { kind: 'literal', value: ddlOf(val.fields), span };
    case 'grouped':
      return { kind: 'dfColumn', node: val.state.input, name: '*', span };
    default:
      return lowerer.opaque(arg.expr);
  }
}

/** A schema as a DDL string: `a bigint NOT NULL, b string`. */
export function ddlOf(fields: readonly SchemaField[]): string {
  return fields
    .map((field) => `${/^[A-Za-z_]\w*$/.test(field.name) ? field.name : `\`${field.name.replace(/`/g, '``')}\``} ${field.type}${field.nullable ? '' : ' NOT NULL'}`)
    .join(', ');
}

function argsOf(lowerer: Lowerer, site: CallSite, columnContext: boolean): { args: Expr[]; kwargs: Record<string, Expr> } {
  const kwargs: Record<string, Expr> = {};
  for (const [name, arg] of site.kwargs) kwargs[name] = exprOf(lowerer, arg, columnContext);
  return { args: site.args.map((arg) => exprOf(lowerer, arg, columnContext)), kwargs };
}

/** Calls a module-level name by its dotted path: `pyspark.sql.functions.col`, `Window.partitionBy`, a type constructor. */
export function callFunctionPath(lowerer: Lowerer, path: string, site: CallSite, env: Env): Val {
  const dot = path.lastIndexOf('.');
  const modulePath = dot >= 0 ? path.slice(0, dot) : '';
  const name = dot >= 0 ? path.slice(dot + 1) : path;
  if (functionsModules.has(modulePath)) return functionsCall(lowerer, name, site);
  if (windowClasses.test(modulePath)) {
    const { args, kwargs } = argsOf(lowerer, site, false);
    return { kind: 'column', expr: { kind: 'call', namespace: 'window', name, args, kwargs, span: site.span } };
  }
  if (sessionClasses.test(modulePath) && (name === 'getActiveSession' || name === 'active')) return { kind: 'session' };
  if (name === 'SparkConf' && /^pyspark(\.conf)?$/.test(modulePath)) return { kind: 'sparkConf', entries: [] };
  // Delta Live Tables: `dlt.read_stream("t")` reads a table of the pipeline as a stream, `dlt.read("t")` as a batch.
  if (modulePath === 'dlt' && (name === 'read_stream' || name === 'read')) return dltRead(lowerer, name === 'read_stream', site);
  if (isTypeConstructor(name)) return typeConstructor(lowerer, name, site, null);
  return lowerer.callValue(unknown, site, env);
}

function functionsCall(lowerer: Lowerer, name: string, site: CallSite): Val {
  const first = site.args[0];
  switch (name) {
    case 'broadcast':
      if (first?.val.kind === 'dataFrame') return { kind: 'dataFrame', node: first.val.node, broadcast: true };
      return unknown;
    case 'expr':
      if (first) {
        const value = first.val.kind === 'value' ? first.val.value : null;
        const text = value?.kind === 'string' ? value.value : lowerer.textOf(first.expr);
        return { kind: 'column', expr: { kind: 'sql', text, span: site.span } };
      }
      return unknown;
    case 'udf':
    case 'pandas_udf': {
      const fn = first?.val.kind === 'function' ? first.val.fn.name : 'udf';
      return { kind: 'udf', name: fn };
    }
    default: {
      const { args, kwargs } = argsOf(lowerer, site, false);
      return { kind: 'column', expr: { kind: 'call', namespace: 'functions', name, args, kwargs, span: site.span } };
    }
  }
}

/** A method on a column or a window spec: `.alias`, `.cast`, `.over`, `.orderBy`, ... */
export function columnMethod(lowerer: Lowerer, receiver: Expr, site: CallSite): Val {
  const args = site.name === 'isin' ? lowerer.flatten(site.args) : site.args;
  const kwargs: Record<string, Expr> = {};
  for (const [name, arg] of site.kwargs) kwargs[name] = exprOf(lowerer, arg, false);
  return {
    kind: 'column',
    expr: { kind: 'method', receiver, name: site.name, args: args.map((arg) => exprOf(lowerer, arg, false)), kwargs, span: site.span },
  };
}

const parameterisedTypes = new Set(['StructType', 'StructField', 'ArrayType', 'MapType', 'DecimalType', 'StructType.add']);

export function isTypeConstructor(name: string): boolean {
  return name in simpleTypeNames || parameterisedTypes.has(name);
}

/** `StringType()`, `StructField("a", LongType(), True)`, `StructType([...])`, `schema.add("a", "string")`. */
export function typeConstructor(lowerer: Lowerer, name: string, site: CallSite, receiver: Val | null): Val {
  const simple = simpleTypeNames[name];
  if (simple !== undefined) return { kind: 'dataType', type: simple };
  switch (name) {
    case 'ArrayType': {
      const element = typeOf(lowerer, site.args[0] ?? site.kwargs.get('elementType'));
      return element ? { kind: 'dataType', type: `array<${element}>` } : unknown;
    }
    case 'MapType': {
      const key = typeOf(lowerer, site.args[0] ?? site.kwargs.get('keyType'));
      const value = typeOf(lowerer, site.args[1] ?? site.kwargs.get('valueType'));
      return key && value ? { kind: 'dataType', type: `map<${key},${value}>` } : unknown;
    }
    case 'DecimalType': {
      const precision = site.args[0] ?? site.kwargs.get('precision');
      const scale = site.args[1] ?? site.kwargs.get('scale');
      const p = precision?.val.kind === 'value' && precision.val.value.kind === 'number' ? precision.val.value.value : 10;
      const s = scale?.val.kind === 'value' && scale.val.value.kind === 'number' ? scale.val.value.value : 0;
      return { kind: 'dataType', type: `decimal(${p},${s})` };
    }
    case 'StructField': {
      const fieldName = lowerer.stringOf(site.args[0] ?? site.kwargs.get('name'));
      const type = typeOf(lowerer, site.args[1] ?? site.kwargs.get('dataType'));
      const nullableArg = site.args[2] ?? site.kwargs.get('nullable');
      const nullable = !(nullableArg?.val.kind === 'value' && nullableArg.val.value.kind === 'boolean' && !nullableArg.val.value.value);
      if (fieldName === null || type === null) return unknown;
      return { kind: 'field', field: { name: fieldName, type, nullable } };
    }
    case 'StructType': {
      const list = site.args[0] ?? site.kwargs.get('fields');
      if (!list) return { kind: 'schema', fields: [] };
      if (list.val.kind !== 'sequence') return unknown;
      const fields: SchemaField[] = [];
      for (const item of list.val.items) {
        if (item.val.kind !== 'field') return unknown;
        fields.push(item.val.field);
      }
      return { kind: 'schema', fields };
    }
    case 'StructType.add': {
      if (receiver?.kind !== 'schema') return unknown;
      const first = site.args[0] ?? site.kwargs.get('field');
      if (first?.val.kind === 'field') return { kind: 'schema', fields: [...receiver.fields, first.val.field] };
      const fieldName = lowerer.stringOf(first);
      const type = typeOf(lowerer, site.args[1] ?? site.kwargs.get('data_type'));
      const nullableArg = site.args[2] ?? site.kwargs.get('nullable');
      const nullable = !(nullableArg?.val.kind === 'value' && nullableArg.val.value.kind === 'boolean' && !nullableArg.val.value.value);
      if (fieldName === null || type === null) return unknown;
      return { kind: 'schema', fields: [...receiver.fields, { name: fieldName, type, nullable }] };
    }
    default:
      return unknown;
  }
}

function typeOf(lowerer: Lowerer, arg: Arg | undefined): string | null {
  if (!arg) return null;
  if (arg.val.kind === 'dataType') return arg.val.type;
  if (arg.val.kind === 'schema') return structTypeName(arg.val.fields);
  const text = lowerer.stringOf(arg);
  return text === null ? null : normaliseTypeName(text);
}
