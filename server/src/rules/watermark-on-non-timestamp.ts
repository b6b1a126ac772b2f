// `withWatermark(c, ...)` where `c` is known not to be a timestamp.

import type { Fix } from '../analysis/types';
import type { Expr, NodeId, Schema } from '../model/pipeline';
import type { ModelQuery } from './query';
import { insertBeforeStep, pythonString } from '../fixes/chain-edit';
import { functionsModule } from '../fixes/functions-module';
import { scalaColumn, scalaFunctionsQualifier } from '../fixes/scala-functions';
import type { Rule, RuleMeta } from './rule';
import type { Spelling } from './spelling';

export const meta: RuleMeta = {
  id: 'watermark-on-non-timestamp',
  code: 'WP207',
  severity: 'error',
  summary: 'withWatermark needs a timestamp (or window) column: cast string or epoch columns first',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`withWatermark(c, ...)\` when the type of \`c\` is known and is not a
timestamp: from a declared schema (\`.schema("... ts STRING")\`, a
\`StructType\`), the fixed columns of the \`rate\` and \`kafka\` sources, or a
\`withColumn(c, ...)\` cast or function with a known result type. Columns of
unknown type are not flagged.

## Why is this bad?

Event time must be a timestamp: Spark fails when the query is analysed with
*Event time must be defined on a window or a timestamp, but <c> is of type
<type>*. Epoch numbers and ISO strings have to be converted first.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, ts STRING").json("/in/events")
marked = events.withWatermark("ts", "1 minute")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, ts STRING").json("/in/events")
marked = events.withColumn("event_time", F.to_timestamp("ts")).withWatermark("event_time", "1 minute")
\`\`\`

## Fix safety

The fix converts the column in place right before the watermark:
\`.withColumn("c", F.timestamp_seconds("c"))\` for a number (epoch seconds),
\`F.to_timestamp("c")\` for a string, \`F.to_timestamp(F.col("c").cast("string"))\`
for binary. It is unsafe: the column keeps its name but changes type for
everything downstream, epoch milliseconds need \`timestamp_millis\` instead,
and a value that does not parse becomes null, which the watermark drops.
A file that does not import \`pyspark.sql.functions\` under a name gets
\`from pyspark.sql import functions as F\` below its imports. In Scala
the conversion takes a column, \`.withColumn("c", timestamp_seconds($"c"))\`
(\`col("c")\` without the session's implicits), where the file imports
\`org.apache.spark.sql.functions._\` or the \`functions\` object.

## References

- [PySpark API: DataFrame.withWatermark](https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.DataFrame.withWatermark.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, spelling, report }) {
    for (const node of query.ops('watermark')) {
      if (query.isBatch(node.input)) continue;
      const column = node.op.column.value;
      const type = columnType(query, node.input, column);
      if (type === null || isEventTimeType(type)) continue;
      report({
        span: node.op.column.span,
        message: `Watermark on "${column}" of type ${type}: event time must be a timestamp and Spark fails with "Event time must be defined on a window or a timestamp, but ${column} is of type ${type}"; convert it first and watermark the result, e.g. ${conversion(type, column, spelling)}`,
        fixes: spelling.language === 'scala' ? scalaCastFixes(text, node.callSpan.start, type, column) : castFixes(text, node.callSpan.start, type, column),
      });
    }
  },
};

/** Types read as epoch seconds. */
const numericTypes: readonly string[] = ['bigint', 'int', 'smallint', 'tinyint', 'double', 'float'];

function conversion(type: string, column: string, spelling: Spelling): string {
  if (numericTypes.includes(type)) {
    return `withColumn("event_time", ${spelling.call('timestamp_seconds', spelling.columnArgument(column))}), or ${spelling.function('timestamp_millis')} for epoch milliseconds`;
  }
  if (type === 'binary') return `withColumn("event_time", ${spelling.call('to_timestamp', `${spelling.column(column)}.cast("string")`)})`;
  return `withColumn("event_time", ${spelling.call('to_timestamp', spelling.columnArgument(column))})`;
}

function isEventTimeType(type: string): boolean {
  return type === 'timestamp' || type === 'timestamp_ntz' || type === 'timestamp_ltz' || type.startsWith('struct<start');
}

/** Types Spark's DDL accepts under other names, normalised to what its error prints. */
const typeNames: Readonly<Record<string, string>> = {
  long: 'bigint',
  integer: 'int',
  short: 'smallint',
  byte: 'tinyint',
  str: 'string',
  varchar: 'string',
  char: 'string',
  bool: 'boolean',
};

function normaliseType(type: string): string {
  const lower = type.trim().toLowerCase().replace(/\(.*\)$/, '').replace(/type$/, '');
  return typeNames[lower] ?? lower;
}

/** Fixed schemas of built-in streaming sources. */
const sourceColumns: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  rate: { timestamp: 'timestamp', value: 'bigint' },
  kafka: { key: 'binary', value: 'binary', topic: 'string', partition: 'int', offset: 'bigint', timestamp: 'timestamp', timestampType: 'int' },
  socket: { value: 'string' },
  text: { value: 'string' },
};

/**
 * The type of `column` at `id`, by walking up single-input operations to
 * where it is defined; null when anything on the way hides it.
 */
function columnType(query: ModelQuery, id: NodeId, column: string): string | null {
  let current = id;
  let name = column;
  for (let steps = 0; steps < 10_000; steps++) {
    const node = query.node(current);
    if (!node) return null;
    if (node.kind === 'source') {
      if (node.source.schema) return schemaType(node.source.schema.value, name);
      const format = node.source.format?.value.toLowerCase();
      if (node.source.api !== 'readStream' || !format) return null;
      return sourceColumns[format]?.[name] ?? null;
    }
    if (node.kind !== 'op') return null;
    const op = node.op;
    switch (op.kind) {
      case 'withColumn':
        if (op.name === name) return expressionType(op.expr, (inner) => columnType(query, node.input, inner));
        break;
      case 'withColumnRenamed':
        if (op.to === name) name = op.from;
        else if (op.from === name) return null;
        break;
      case 'select': {
        const match = op.exprs.find((expr) => outputName(expr) === name);
        if (!match) {
          if (op.exprs.some((expr) => expr.kind === 'star')) break;
          return null;
        }
        return expressionType(match, (inner) => columnType(query, node.input, inner));
      }
      case 'filter':
      case 'watermark':
      case 'dedup':
      case 'drop':
      case 'cache':
      case 'sort':
      case 'limit':
      case 'tempView':
        break;
      case 'aggregate':
      case 'statefulFunction':
      case 'other':
        return null;
      default: {
        const unreachable: never = op;
        return unreachable;
      }
    }
    current = node.input;
  }
  return null;
}

function schemaType(schema: Schema, column: string): string | null {
  if (schema.kind !== 'fields') return null;
  const field = schema.fields.find((candidate) => candidate.name.toLowerCase() === column.toLowerCase());
  return field ? normaliseType(field.type) : null;
}

/** The output name of a select expression: its alias, or the column it passes through. */
function outputName(expr: Expr): string | null {
  if (expr.kind === 'method' && (expr.name === 'alias' || expr.name === 'name')) {
    const alias = expr.args[0];
    return alias?.kind === 'literal' && typeof alias.value === 'string' ? alias.value : null;
  }
  if (expr.kind === 'column' || expr.kind === 'dfColumn') return expr.name;
  if (expr.kind === 'call' && (expr.name === 'col' || expr.name === 'column')) {
    const first = expr.args[0];
    return first?.kind === 'literal' && typeof first.value === 'string' ? first.value : null;
  }
  return null;
}

const timestampFunctions = new Set([
  'to_timestamp', 'timestamp_seconds', 'timestamp_millis', 'timestamp_micros', 'current_timestamp', 'now', 'to_utc_timestamp',
  'from_utc_timestamp', 'try_to_timestamp', 'make_timestamp', 'date_trunc', 'window_time', 'localtimestamp',
]);
const stringFunctions = new Set(['concat', 'concat_ws', 'lower', 'upper', 'trim', 'date_format', 'from_unixtime', 'substring', 'regexp_replace', 'format_string']);
const longFunctions = new Set(['unix_timestamp', 'unix_millis', 'unix_seconds', 'unix_micros']);

function expressionType(expr: Expr, columnTypeOf: (column: string) => string | null): string | null {
  switch (expr.kind) {
    case 'method':
      if (expr.name === 'alias' || expr.name === 'name') return expressionType(expr.receiver, columnTypeOf);
      if (expr.name === 'cast' || expr.name === 'astype') {
        const target = expr.args[0];
        return target?.kind === 'literal' && typeof target.value === 'string' ? normaliseType(target.value) : null;
      }
      return null;
    case 'call':
      if (expr.namespace !== 'functions') return null;
      if (expr.name === 'col' || expr.name === 'column') {
        const first = expr.args[0];
        return first?.kind === 'literal' && typeof first.value === 'string' ? columnTypeOf(first.value) : null;
      }
      if (timestampFunctions.has(expr.name)) return 'timestamp';
      if (stringFunctions.has(expr.name)) return 'string';
      if (longFunctions.has(expr.name)) return 'bigint';
      if (expr.name === 'to_date' || expr.name === 'current_date') return 'date';
      return null;
    case 'column':
      return columnTypeOf(expr.name);
    default:
      return null;
  }
}

/** `.withColumn(c, <conversion of c>)` before the watermark step, through the file's name for the functions module. */
function castFixes(text: string, stepStart: number, type: string, column: string): readonly Fix[] {
  const functions = functionsModule(text, stepStart);
  if (!functions || text.charAt(stepStart) !== '.') return [];
  const module = functions.name;
  const name = pythonString(column);
  const numeric = numericTypes.includes(type);
  const converted = numeric
    ? `${module}.timestamp_seconds(${name})`
    : type === 'binary'
      ? `${module}.to_timestamp(${module}.col(${name}).cast("string"))`
      : `${module}.to_timestamp(${name})`;
  const call = `.withColumn(${name}, ${converted})`;
  return [{ title: `Convert ${column} to a timestamp first: ${call.slice(1)}`, safety: 'unsafe', edits: () => [...functions.imports(), insertBeforeStep(text, stepStart, call)] }];
}

/**
 * The same conversion in Scala, where `timestamp_seconds` and `to_timestamp`
 * take a `Column`: `.withColumn("c", timestamp_seconds($"c"))` (`col("c")`
 * when the file has no implicits for `$`), through the file's functions import.
 */
function scalaCastFixes(text: string, stepStart: number, type: string, column: string): readonly Fix[] {
  const functions = scalaFunctionsQualifier(text);
  if (functions === null || text.charAt(stepStart) !== '.') return [];
  const reference = scalaColumn(text, functions, column, stepStart);
  const converted = numericTypes.includes(type)
    ? `${functions}timestamp_seconds(${reference})`
    : type === 'binary'
      ? `${functions}to_timestamp(${reference}.cast("string"))`
      : `${functions}to_timestamp(${reference})`;
  const call = `.withColumn(${JSON.stringify(column)}, ${converted})`;
  return [{ title: `Convert ${column} to a timestamp first: ${call.slice(1)}`, safety: 'unsafe', edits: () => [insertBeforeStep(text, stepStart, call)] }];
}
