// What a Python expression evaluates to during lowering: the abstract values
// of the small interpreter in `interpreter.ts`.

import type {
  SessionConf,
  Expr,
  Located,
  NodeId,
  Schema,
  SchemaField,
  SourceOption,
  Trigger,
  Value,
  WriterOption,
} from '../model/pipeline';
import type { Span } from '../model/span';
import type { PyExpr, PyParam, PyStmt } from './ast';
import type { Env } from './env';

export type Val =
  /** A DataFrame: a plan node; `broadcast` when wrapped in `F.broadcast(...)`. */
  | { readonly kind: 'dataFrame'; readonly node: NodeId; readonly broadcast: boolean }
  | { readonly kind: 'session' }
  | { readonly kind: 'builder' }
  | { readonly kind: 'conf' }
  /** A `SparkConf()` being filled: its entries become session confs when passed to `builder.config(conf=...)`. */
  | { readonly kind: 'sparkConf'; readonly entries: SessionConf[] }
  /** An imported module or a name from one, by dotted path (`pyspark.sql.functions.col`). */
  | { readonly kind: 'module'; readonly path: string }
  | { readonly kind: 'reader'; readonly state: ReaderState }
  | { readonly kind: 'streamWriter'; readonly state: StreamWriterState }
  | { readonly kind: 'batchWriter'; readonly state: BatchWriterState }
  | { readonly kind: 'grouped'; readonly state: GroupedState }
  /** `df.na` / `df.stat`: their methods are DataFrame operations named `na.fill`, ... */
  | { readonly kind: 'namespace'; readonly node: NodeId; readonly name: string }
  /** A column expression or a window spec. */
  | { readonly kind: 'column'; readonly expr: Expr }
  | { readonly kind: 'value'; readonly value: Value }
  | { readonly kind: 'function'; readonly fn: FunctionValue }
  /** A user-defined function (`F.udf(...)`, `@udf`): calling it gives a column. */
  | { readonly kind: 'udf'; readonly name: string }
  | { readonly kind: 'query' }
  | { readonly kind: 'dataType'; readonly type: string }
  | { readonly kind: 'field'; readonly field: SchemaField }
  | { readonly kind: 'schema'; readonly fields: readonly SchemaField[] }
  | { readonly kind: 'sequence'; readonly items: Arg[] }
  | { readonly kind: 'dict'; readonly entries: readonly DictEntry[] }
  /**
   * Nothing known. `origin` says where a name without a value came from, so
   * that using it as a DataFrame can give it an opaque plan node.
   */
  | { readonly kind: 'unknown'; readonly origin: 'parameter' | 'unresolved' | null };

/** An evaluated argument (or list item): its value and the code it came from. */
export interface Arg {
  readonly val: Val;
  readonly expr: PyExpr;
}

export interface DictEntry {
  readonly key: Arg | null;
  readonly value: Arg;
}

export interface FunctionValue {
  readonly name: string;
  readonly params: readonly PyParam[];
  /** A `def` body, or a lambda's expression. */
  readonly body: readonly PyStmt[] | PyExpr;
  readonly closure: Env;
  /** The `def` statement's start offset: one FunctionDef per definition, however often it runs. */
  readonly defStart: number;
  readonly isLambda: boolean;
}

export interface ReaderState {
  readonly streaming: boolean;
  format: Located<string> | null;
  readonly options: SourceOption[];
  schema: Located<Schema> | null;
}

export interface StreamWriterState {
  readonly id: number;
  readonly input: NodeId;
  readonly chainStart: number;
  end: number;
  readonly writeStreamSpan: Span;
  format: Located<string> | null;
  outputMode: Located<string> | null;
  readonly options: WriterOption[];
  trigger: Trigger | null;
  queryName: Located<Value> | null;
  partitionBy: Located<readonly string[]> | null;
  foreachBatch: { readonly handler: Located<string>; readonly function: string | null } | null;
  foreach: Located<string> | null;
  start: { readonly method: 'start' | 'toTable'; readonly target: Located<Value> | null; readonly span: Span } | null;
  readonly scope: string | null;
}

export interface BatchWriterState {
  readonly input: NodeId;
  readonly chainStart: number;
  end: number;
  readonly writeSpan: Span;
  readonly method: 'write' | 'writeTo' | 'mergeInto';
  format: Located<string> | null;
  readonly options: WriterOption[];
  terminal: Located<string> | null;
  readonly scope: string | null;
}

export interface GroupedState {
  readonly input: NodeId;
  readonly grouping: 'groupBy' | 'rollup' | 'cube' | 'groupByKey';
  readonly keys: readonly Expr[];
  readonly groupSpan: Span;
  readonly pivot: { readonly column: Expr; readonly values: readonly Expr[] | null } | null;
}

export const unknown: Val = { kind: 'unknown', origin: null };
