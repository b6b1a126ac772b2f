// The shared query layer over a pipeline model, built once per analysis.
//
// Rules ask questions about lineage (what is upstream of a node, which writers
// a node flows into, which watermarks and stateful operators sit on the way);
// answering them per rule would walk the plan once per rule. Here the
// consumers of each node are indexed once, and lineage sets are memoised on
// first use, so all rules share the work.

import type { Expr, NodeId, Operation, PipelineModel, PlanNode, SessionConf, StreamWriter, Value } from '../model/pipeline';
import { inputsOf, operationExprs, walkExpr } from '../model/walk';

export type OutputMode = 'append' | 'update' | 'complete';

/** An operation node narrowed to one operation kind. */
export type OpNode<K extends Operation['kind']> = Extract<PlanNode, { kind: 'op' }> & { readonly op: Extract<Operation, { kind: K }> };

/** Where an expression occurs: the operation node, the top-level expression of that operation, and the expression itself. */
export interface ExprUse<E extends Expr = Expr> {
  readonly node: OpNode<Operation['kind']>;
  readonly top: Expr;
  readonly expr: E;
}

export interface ModelQuery {
  readonly model: PipelineModel;
  node(id: NodeId): PlanNode | undefined;
  /** The nodes a node reads from: one for an operation, two for a join, any number for a union. */
  inputs(node: PlanNode): readonly NodeId[];
  /** The nodes that read from a node. */
  consumers(id: NodeId): readonly NodeId[];
  /** The node and everything upstream of it. */
  lineage(id: NodeId): ReadonlySet<NodeId>;
  /** Nodes strictly upstream of `id` whose operation is of kind `kind`, in node order. */
  upstreamOps<K extends Operation['kind']>(id: NodeId, kind: K): readonly OpNode<K>[];
  /** Stateful operators strictly upstream of `id`, in node order: streaming aggregations, deduplications and stateful functions, and stream-stream joins. */
  upstreamStateful(id: NodeId): readonly PlanNode[];
  /** Columns given to `withWatermark` on the node or upstream of it. */
  watermarkColumns(id: NodeId): ReadonlySet<string>;
  /** Source nodes in the lineage of `id`. */
  sources(id: NodeId): readonly Extract<PlanNode, { kind: 'source' }>[];
  isStreaming(id: NodeId): boolean;
  isBatch(id: NodeId): boolean;
  /** Stream writers whose input has `id` in its lineage. */
  writersOf(id: NodeId): readonly StreamWriter[];
  /** The writer's output mode, `append` when none is given; `null` when the written mode is not one Spark accepts. */
  outputMode(writer: StreamWriter): OutputMode | null;
  /** True when the node was built inside a function passed to `foreachBatch`, where every DataFrame is a batch. */
  inForeachBatchHandler(node: PlanNode): boolean;
  /** Session confs set anywhere in the file with this key (Spark conf keys are case-sensitive). */
  confs(key: string): readonly SessionConf[];
  /**
   * Every use of a column function (`F.row_number()`, `F.monotonically_increasing_id()`)
   * by name, in node order; one walk over all expressions serves every rule.
   */
  calls(name: string): readonly ExprUse<Extract<Expr, { kind: 'call' }>>[];
  /** Every use of a column method (`.over(...)`, `.cast(...)`) by name, in node order. */
  methods(name: string): readonly ExprUse<Extract<Expr, { kind: 'method' }>>[];
  /** Every SQL text expression (`F.expr`, `selectExpr`, string filters), in node order. */
  sqlExprs(): readonly ExprUse<Extract<Expr, { kind: 'sql' }>>[];
  /** Nodes of a given kind, in node order. */
  ops<K extends Operation['kind']>(kind: K): readonly OpNode<K>[];
  joins(): readonly Extract<PlanNode, { kind: 'join' }>[];
}

export function createQuery(model: PipelineModel): ModelQuery {
  const consumers: NodeId[][] = model.nodes.map(() => []);
  const opsByKind = new Map<Operation['kind'], PlanNode[]>();
  const joins: Extract<PlanNode, { kind: 'join' }>[] = [];
  for (const node of model.nodes) {
    for (const input of inputsOf(node)) consumers[input]?.push(node.id);
    if (node.kind === 'op') {
      const list = opsByKind.get(node.op.kind);
      if (list) list.push(node);
      else opsByKind.set(node.op.kind, [node]);
    } else if (node.kind === 'join') {
      joins.push(node);
    }
  }
  const handlers = new Set(model.functions.filter((fn) => fn.isForeachBatchHandler).map((fn) => fn.name));
  const lineageMemo = new Map<NodeId, ReadonlySet<NodeId>>();
  const writersMemo = new Map<NodeId, readonly StreamWriter[]>();
  const watermarkMemo = new Map<NodeId, ReadonlySet<string>>();
  let exprIndex: ExprIndex | null = null;

  function expressions(): ExprIndex {
    exprIndex ??= indexExpressions(model);
    return exprIndex;
  }

  function isStateful(candidate: PlanNode): boolean {
    if (candidate.streaming !== 'streaming') return false;
    if (candidate.kind === 'join') return candidate.left !== candidate.right && node(candidate.left)?.streaming === 'streaming' && node(candidate.right)?.streaming === 'streaming';
    if (candidate.kind !== 'op') return false;
    const kind = candidate.op.kind;
    return kind === 'aggregate' || kind === 'dedup' || kind === 'statefulFunction';
  }

  function node(id: NodeId): PlanNode | undefined {
    return model.nodes[id];
  }

  function lineage(id: NodeId): ReadonlySet<NodeId> {
    const known = lineageMemo.get(id);
    if (known) return known;
    // Iterative walk: generated code can chain thousands of steps.
    const seen = new Set<NodeId>();
    const stack = [id];
    while (stack.length > 0) {
      const current = stack.pop() as NodeId;
      if (seen.has(current)) continue;
      const memo = current === id ? undefined : lineageMemo.get(current);
      if (memo) {
        for (const each of memo) seen.add(each);
        continue;
      }
      seen.add(current);
      const currentNode = node(current);
      if (currentNode) for (const input of inputsOf(currentNode)) if (!seen.has(input)) stack.push(input);
    }
    lineageMemo.set(id, seen);
    return seen;
  }

  function writersOf(id: NodeId): readonly StreamWriter[] {
    const known = writersMemo.get(id);
    if (known) return known;
    const found = model.writers.filter((writer) => lineage(writer.input).has(id));
    writersMemo.set(id, found);
    return found;
  }

  function isOpOfKind<K extends Operation['kind']>(candidate: PlanNode | undefined, kind: K): candidate is OpNode<K> {
    return candidate !== undefined && candidate.kind === 'op' && candidate.op.kind === kind;
  }

  return {
    model,
    node,
    inputs: inputsOf,
    consumers: (id) => consumers[id] ?? [],
    lineage,
    upstreamOps(id, kind) {
      const found = [];
      for (const member of lineage(id)) {
        const candidate = node(member);
        if (member !== id && isOpOfKind(candidate, kind)) found.push(candidate);
      }
      return found.sort((a, b) => a.id - b.id);
    },
    upstreamStateful(id) {
      const found: PlanNode[] = [];
      for (const member of lineage(id)) {
        const candidate = node(member);
        if (member !== id && candidate && isStateful(candidate)) found.push(candidate);
      }
      return found.sort((a, b) => a.id - b.id);
    },
    watermarkColumns(id) {
      const known = watermarkMemo.get(id);
      if (known) return known;
      const columns = new Set<string>();
      for (const member of lineage(id)) {
        const candidate = node(member);
        if (isOpOfKind(candidate, 'watermark')) columns.add(candidate.op.column.value);
      }
      watermarkMemo.set(id, columns);
      return columns;
    },
    sources(id) {
      const found: Extract<PlanNode, { kind: 'source' }>[] = [];
      for (const member of lineage(id)) {
        const candidate = node(member);
        if (candidate?.kind === 'source') found.push(candidate);
      }
      return found.sort((a, b) => a.id - b.id);
    },
    isStreaming: (id) => node(id)?.streaming === 'streaming',
    isBatch: (id) => node(id)?.streaming === 'batch',
    writersOf,
    outputMode(writer) {
      if (!writer.outputMode) return 'append';
      const mode = writer.outputMode.value.toLowerCase();
      return mode === 'append' || mode === 'update' || mode === 'complete' ? mode : null;
    },
    inForeachBatchHandler: (candidate) => candidate.scope !== null && handlers.has(candidate.scope),
    confs: (key) => model.confs.filter((conf) => conf.key === key),
    calls: (name) => expressions().calls.get(name) ?? [],
    methods: (name) => expressions().methods.get(name) ?? [],
    sqlExprs: () => expressions().sql,
    ops<K extends Operation['kind']>(kind: K): readonly OpNode<K>[] {
      return (opsByKind.get(kind) ?? []) as OpNode<K>[];
    },
    joins: () => joins,
  };
}

interface ExprIndex {
  readonly calls: Map<string, ExprUse<Extract<Expr, { kind: 'call' }>>[]>;
  readonly methods: Map<string, ExprUse<Extract<Expr, { kind: 'method' }>>[]>;
  readonly sql: ExprUse<Extract<Expr, { kind: 'sql' }>>[];
}

function indexExpressions(model: PipelineModel): ExprIndex {
  const index: ExprIndex = { calls: new Map(), methods: new Map(), sql: [] };
  for (const node of model.nodes) {
    if (node.kind !== 'op') continue;
    for (const top of operationExprs(node.op)) {
      walkExpr(top, (expr) => {
        if (expr.kind === 'call') push(index.calls, expr.name, { node, top, expr });
        else if (expr.kind === 'method') push(index.methods, expr.name, { node, top, expr });
        else if (expr.kind === 'sql') index.sql.push({ node, top, expr });
      });
    }
  }
  return index;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The text a value stands for when it is a string, or the constant prefix of an f-string; null otherwise. */
export function stringPrefix(value: Value): string | null {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'template') return value.prefix;
  return null;
}

/** A short rendering of a value for messages: strings quoted, others as written. */
export function displayValue(value: Value): string {
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
    case 'unknown':
      return value.text;
    default: {
      const unreachable: never = value;
      return unreachable;
    }
  }
}

/** Finds an option by key, case-insensitively as Spark's option maps do; the last one set wins. */
export function findOption<T extends { readonly key: string }>(options: readonly T[], key: string): T | undefined {
  const lower = key.toLowerCase();
  let found: T | undefined;
  for (const option of options) if (option.key.toLowerCase() === lower) found = option;
  return found;
}
