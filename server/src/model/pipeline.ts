// The pipeline model: what a streaming job does, as plain data.
//
// Front ends (PySpark today, Scala later) lower source code to this model; the
// rules, the CLI and the simulator read it. It holds no LSP or tree-sitter
// types, so every consumer can use it unchanged. Every element keeps the span
// of the code it came from.
//
// The model is a small logical plan: a DAG of `PlanNode`s (sources, unary
// operations, joins, unions), the stream writers that start queries over it,
// the batch writers and eager actions called on it, the session confs the file
// sets, and the functions it defines (foreachBatch handlers among them).

import type { Span } from './span';

/** Index of a node in `PipelineModel.nodes`. */
export type NodeId = number;

/** Whether a DataFrame is streaming: `unknown` when its provenance cannot be traced (an unresolved name, a function parameter). */
export type Streaming = 'streaming' | 'batch' | 'unknown';

/** A value as written in the source, with its span. */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

/** A Python/Scala argument value that is not a column expression: an option value, a path, a trigger interval. */
export type Value =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'none' }
  /** An f-string or string concatenation: `text` is the source text, `prefix` the constant part before the first hole. */
  | { readonly kind: 'template'; readonly text: string; readonly prefix: string }
  /** A name, call or anything else the front end cannot evaluate: `text` is the source text. */
  | { readonly kind: 'unknown'; readonly text: string };

// ---------------------------------------------------------------------------
// Column expressions

/**
 * A column expression, close to the source: `F.col("x").cast("long").alias("y")`
 * is `method(alias, method(cast, call(col, ["x"]), ["long"]), ["y"])`.
 * String literals stay `literal`s inside calls (the consumer knows which
 * function arguments are column names); DataFrame methods that take column
 * names (`select`, `groupBy`, ...) get `column` nodes for their string arguments.
 */
export type Expr =
  | { readonly kind: 'column'; readonly name: string; readonly span: Span }
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null; readonly span: Span }
  /** `*` as in `F.count("*")` or `select("*")`. */
  | { readonly kind: 'star'; readonly span: Span }
  /**
   * A function call: `F.window(...)`, `window(...)` imported from
   * pyspark.sql.functions, `Window.partitionBy(...)`. `namespace` is where the
   * name resolved: `functions` (pyspark.sql.functions / org.apache.spark.sql.functions),
   * `window` (the Window spec builder), or `unresolved` (a local function, a UDF, an unknown name).
   */
  | {
      readonly kind: 'call';
      readonly namespace: 'functions' | 'window' | 'unresolved';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly kwargs: Readonly<Record<string, Expr>>;
      readonly span: Span;
    }
  /** A method on a column or window spec: `.cast`, `.alias`, `.over`, `.isNull`, `.orderBy`, `.desc`, `.getField`, ... */
  | {
      readonly kind: 'method';
      readonly receiver: Expr;
      readonly name: string;
      readonly args: readonly Expr[];
      readonly kwargs: Readonly<Record<string, Expr>>;
      readonly span: Span;
    }
  /** Arithmetic, comparison and boolean operators; `op` is normalised: + - * / % == != < <= > >= and or. */
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: 'not' | '-'; readonly operand: Expr; readonly span: Span }
  /**
   * `df["x"]`, `df.x` on a DataFrame; `node` is the DataFrame it refers to, when known.
   * `name` is `*` when a DataFrame itself is an argument (`a.intersect(b)`, `g.cogroup(h)`).
   */
  | { readonly kind: 'dfColumn'; readonly node: NodeId | null; readonly name: string; readonly span: Span }
  /** SQL text: `F.expr("...")`, `selectExpr("...")`, `filter("...")`. Parsed by consumers that need it. */
  | { readonly kind: 'sql'; readonly text: string; readonly span: Span }
  /** Anything the front end could not lower: a variable of unknown value, a lambda, a comprehension. */
  | { readonly kind: 'opaque'; readonly text: string; readonly span: Span };

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

// ---------------------------------------------------------------------------
// Sources

export interface SourceInfo {
  /** `readStream` (streaming) or `read` (batch), `table` for `spark.table`, `sql` for `spark.sql`, `createDataFrame`, `range`. */
  readonly api: 'readStream' | 'read' | 'table' | 'sql' | 'createDataFrame' | 'range' | 'other';
  /** Lower-cased format: `kafka`, `delta`, `parquet`, `jdbc`, `rate`, `socket`, `json`, `csv`, `text`, `orc`, `table`, ... `null` when not given. */
  readonly format: Located<string> | null;
  /** Options from `.option(k, v)`, `.options(**{...})` and keyword arguments of the reader shortcuts (`csv(path, header=True)`). Keys keep their case. */
  readonly options: readonly SourceOption[];
  /** The path given to `load(path)`, `parquet(path)`, ... */
  readonly path: Located<Value> | null;
  /** The table given to `table(name)` or `jdbc(url, table)` (the jdbc URL is an option `url`). */
  readonly table: Located<Value> | null;
  /** The schema given to `.schema(...)`: a DDL string, a StructType, or unknown. */
  readonly schema: Located<Schema> | null;
  /** For `spark.sql(...)`, the query text. */
  readonly sql: Located<Value> | null;
}

export interface SourceOption {
  readonly key: string;
  readonly value: Located<Value>;
  readonly span: Span;
}

export type Schema =
  | { readonly kind: 'fields'; readonly fields: readonly SchemaField[] }
  | { readonly kind: 'unknown'; readonly text: string };

export interface SchemaField {
  readonly name: string;
  /** Spark SQL type name, lower case: `string`, `bigint`, `int`, `double`, `timestamp`, `struct<...>`, ... */
  readonly type: string;
  readonly nullable: boolean;
}

// ---------------------------------------------------------------------------
// Operations

/** A unary DataFrame operation, in the order the code applies them. */
export type Operation =
  | { readonly kind: 'select'; readonly exprs: readonly Expr[] }
  /** `filter`/`where` with a column expression or a SQL string (`sql` expr). */
  | { readonly kind: 'filter'; readonly condition: Expr }
  | { readonly kind: 'withColumn'; readonly name: string; readonly expr: Expr }
  | { readonly kind: 'withColumnRenamed'; readonly from: string; readonly to: string }
  | { readonly kind: 'drop'; readonly columns: readonly string[] }
  /** `groupBy(...).agg(...)`, `.count()`, `.sum(...)`, ...; `rollup`/`cube` as `grouping`; `distinct()` is `dedup`, not this. */
  | {
      readonly kind: 'aggregate';
      readonly grouping: 'groupBy' | 'rollup' | 'cube' | 'groupByKey';
      readonly keys: readonly Expr[];
      readonly aggs: readonly Expr[];
      /** The shortcut used instead of `agg`: `count`, `sum`, `avg`, `mean`, `min`, `max`, or `agg`. */
      readonly method: string;
      /** `pivot(col[, values])` between grouping and aggregation. */
      readonly pivot: { readonly column: Expr; readonly values: readonly Expr[] | null } | null;
      /** Span of the grouping call (`groupBy(...)`), for messages that point at the keys. */
      readonly groupSpan: Span;
    }
  | { readonly kind: 'watermark'; readonly column: Located<string>; readonly delay: Located<Value> }
  /** `dropDuplicates(subset)`, `drop_duplicates`, `distinct()` (columns null = all), `dropDuplicatesWithinWatermark`. */
  | { readonly kind: 'dedup'; readonly method: string; readonly columns: readonly string[] | null; readonly withinWatermark: boolean }
  | { readonly kind: 'cache'; readonly method: 'cache' | 'persist' | 'checkpoint' | 'localCheckpoint' }
  | { readonly kind: 'sort'; readonly method: string; readonly exprs: readonly Expr[] }
  | { readonly kind: 'limit'; readonly n: Located<Value> }
  /** Stateful functions: `applyInPandasWithState`, `mapGroupsWithState`, `flatMapGroupsWithState`, `transformWithState(InPandas)`. */
  | {
      readonly kind: 'statefulFunction';
      readonly method: string;
      readonly keys: readonly Expr[];
      /** The operator's own output mode argument, lower case (`append`/`update`), when given. */
      readonly outputMode: Located<string> | null;
      /** The timeout configuration (`NoTimeout`, `ProcessingTimeTimeout`, `EventTimeTimeout`), when given. */
      readonly timeout: Located<string> | null;
      /** The DataFrame given as `initialState`, when one is and the front end can follow it. */
      readonly initialState: NodeId | null;
    }
  /** `createOrReplaceTempView(name)` / `createTempView`: the node keeps flowing, the view name is registered. */
  | { readonly kind: 'tempView'; readonly name: Located<Value> }
  /** Any other DataFrame method (`repartition`, `sample`, `offset`, `hint`, `alias`, `toDF`, `transform`, ...), kept by name for the rules. */
  | { readonly kind: 'other'; readonly method: string; readonly args: readonly Expr[]; readonly kwargs: Readonly<Record<string, Expr>> };

/** Spark's join types after normalising `how` aliases. */
export type JoinType = 'inner' | 'left_outer' | 'right_outer' | 'full_outer' | 'left_semi' | 'left_anti' | 'cross';

// ---------------------------------------------------------------------------
// Plan nodes

interface NodeBase {
  readonly id: NodeId;
  /** The span of the expression that produced this node (for a chain step, from the start of the chain to the end of this call). */
  readonly span: Span;
  /** The span of just this step's method call (`.withWatermark(...)`), for precise diagnostics. */
  readonly callSpan: Span;
  readonly streaming: Streaming;
  /** The function this node was built in (`null` at module level). */
  readonly scope: string | null;
}

export type PlanNode =
  | (NodeBase & { readonly kind: 'source'; readonly source: SourceInfo })
  | (NodeBase & { readonly kind: 'op'; readonly input: NodeId; readonly op: Operation })
  | (NodeBase & {
      readonly kind: 'join';
      readonly left: NodeId;
      readonly right: NodeId;
      readonly how: Located<JoinType> | null;
      /** Join keys given as column names (`on="id"` or `on=["a","b"]`), or `null` when `condition` is used. */
      readonly usingColumns: readonly string[] | null;
      readonly condition: Expr | null;
      /** `F.broadcast(...)` around the right (or left) side. */
      readonly broadcast: 'left' | 'right' | null;
    })
  | (NodeBase & { readonly kind: 'union'; readonly method: string; readonly inputs: readonly NodeId[] })
  /** A DataFrame whose value the front end cannot see: a function parameter, the batch of a foreachBatch handler, an unresolved name. */
  | (NodeBase & { readonly kind: 'opaque'; readonly reason: 'parameter' | 'foreachBatch' | 'unresolved' | 'call'; readonly text: string });

// ---------------------------------------------------------------------------
// Writers, actions, confs, functions

export type TriggerKind = 'default' | 'processingTime' | 'once' | 'availableNow' | 'continuous' | 'realTime' | 'unknown';

export interface Trigger {
  readonly kind: TriggerKind;
  /** The interval string for processingTime/continuous/realTime (`"10 seconds"`), as written. */
  readonly interval: Located<Value> | null;
  readonly span: Span;
}

export interface WriterOption {
  readonly key: string;
  readonly value: Located<Value>;
  readonly span: Span;
}

/** A `writeStream` chain: one streaming query when it ends in `start()`/`toTable()`. */
export interface StreamWriter {
  readonly id: number;
  readonly input: NodeId;
  /** The whole chain, from the DataFrame expression to the end of `start(...)`. */
  readonly span: Span;
  /** The span of `.writeStream` itself. */
  readonly writeStreamSpan: Span;
  readonly format: Located<string> | null;
  /** Lower case as written (`append`, `update`, `complete`, or anything else for the invalid-mode rule); null = default Append. */
  readonly outputMode: Located<string> | null;
  readonly options: readonly WriterOption[];
  readonly trigger: Trigger | null;
  readonly queryName: Located<Value> | null;
  readonly partitionBy: Located<readonly string[]> | null;
  /** `foreachBatch(fn)`: the handler name (a function defined in the file, or a lambda). */
  readonly foreachBatch: { readonly handler: Located<string>; readonly function: string | null } | null;
  /** `foreach(writer)`. */
  readonly foreach: Located<string> | null;
  /** `start(path)` / `toTable(name)`; null when the chain never starts (a writer stored and started later is still linked). */
  readonly start: { readonly method: 'start' | 'toTable'; readonly target: Located<Value> | null; readonly span: Span } | null;
  readonly scope: string | null;
}

/** A batch writer: `df.write...save()`, `.writeTo(...)`, `.saveAsTable`, `.insertInto`, `.jdbc`. */
export interface BatchWriter {
  readonly input: NodeId;
  readonly span: Span;
  readonly writeSpan: Span;
  readonly method: 'write' | 'writeTo' | 'mergeInto';
  readonly format: Located<string> | null;
  readonly options: readonly WriterOption[];
  readonly terminal: Located<string> | null;
  readonly scope: string | null;
}

/** An eager action: `show`, `count`, `collect`, `toPandas`, `foreach`, ... */
export interface Action {
  readonly input: NodeId;
  readonly method: string;
  readonly span: Span;
  readonly scope: string | null;
}

export interface SessionConf {
  readonly key: string;
  readonly value: Located<Value>;
  readonly span: Span;
  /** `spark.conf.set(...)`, `SparkSession.builder.config(...)`, or `SET k=v` in `spark.sql`. */
  readonly via: 'conf.set' | 'builder.config' | 'sql-set';
}

export interface FunctionDef {
  readonly name: string;
  readonly params: readonly Located<string>[];
  readonly span: Span;
  readonly nameSpan: Span;
  /** Passed to `foreachBatch` somewhere in the file: its first parameter is a batch DataFrame, its second the batch id. */
  readonly isForeachBatchHandler: boolean;
  /** Names read in the body (used by rules such as "foreachBatch ignores the batch id"). */
  readonly namesUsed: readonly string[];
}

/** A `for` or `while` statement: rules about code that runs once per iteration (one checkpoint for every query a loop starts) read these. */
export interface Loop {
  readonly keyword: 'for' | 'while';
  /** The names a `for` binds (`for name, path in ...` binds both); empty for `while`. */
  readonly variables: readonly string[];
  /** The whole statement, header and body. */
  readonly span: Span;
}

/** A reasoned problem the front end met: a syntax error, a construct it could not follow. Never an exception. */
export interface LoweringProblem {
  readonly kind: 'syntax' | 'unsupported';
  readonly message: string;
  readonly span: Span;
}

export interface PipelineModel {
  readonly language: 'python' | 'scala';
  readonly nodes: readonly PlanNode[];
  readonly writers: readonly StreamWriter[];
  readonly batchWriters: readonly BatchWriter[];
  readonly actions: readonly Action[];
  readonly confs: readonly SessionConf[];
  readonly functions: readonly FunctionDef[];
  /** Every loop statement in the file, nested ones and those inside functions included, in source order. */
  readonly loops: readonly Loop[];
  /** Module-level variable bindings to plan nodes, last assignment wins (for display and tests). */
  readonly bindings: Readonly<Record<string, NodeId>>;
  readonly problems: readonly LoweringProblem[];
}
