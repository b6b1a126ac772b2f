// Lowers a PySpark file to the pipeline model.
//
// `readModule` turns tree-sitter's tree into the small `ast.ts` tree (and the
// syntax problems), the `Lowerer` runs it, and the writers it collected become
// the model's lists. Nothing here throws on user code: an internal failure
// yields the partial model plus an `unsupported` problem.

import type { BatchWriter, FunctionDef, Loop, LoweringProblem, PipelineModel, StreamWriter } from '../model/pipeline';
import type { SyntaxNode } from '../syntax/tree-sitter';
import type { PyExpr, PyStmt } from './ast';
import { Lowerer } from './interpreter';
import { namesUsed } from './names-used';
import { readModule } from './read-tree';
import type { StatementCache } from './statement-cache';

/** Statements one file may execute, inlined function bodies included, per statement of the file (and at least this many). */
const budgetPerStatement = 50;
const minimumBudget = 20_000;

/** `cache`: what the previous lowering of the same document read, for the language server's re-lint. */
export function lowerPython(root: SyntaxNode, text: string, cache: StatementCache | null = null): PipelineModel {
  const problems: LoweringProblem[] = [];
  let lowerer: Lowerer | null = null;
  let loops: readonly Loop[] = [];
  try {
    const module = readModule(root, text, cache);
    loops = loopsOf(module.statements);
    problems.push(...module.problems);
    lowerer = new Lowerer(text, Math.max(minimumBudget, countStatements(module.statements) * budgetPerStatement));
    lowerer.runModule(module.statements);
    problems.push(...lowerer.problems);
    return buildModel(lowerer, problems, loops, 'python');
  } catch (error) {
    problems.push({ kind: 'unsupported', message: `internal error while lowering: ${String(error)}`, span: { start: 0, end: 0 } });
    if (lowerer) {
      try {
        return buildModel(lowerer, [...problems, ...lowerer.problems], loops, 'python');
      } catch {
        // fall through to the empty model
      }
    }
    return {
      language: 'python',
      nodes: [],
      writers: [],
      batchWriters: [],
      actions: [],
      confs: [],
      functions: [],
      loops: [],
      bindings: {},
      problems,
    };
  }
}

/** The model of a lowering run; shared with the Scala front end, which runs the same interpreter. */
export function buildModel(lowerer: Lowerer, problems: readonly LoweringProblem[], loops: readonly Loop[], language: PipelineModel['language']): PipelineModel {
  const writers: StreamWriter[] = lowerer.streamWriters.map((state, id) => ({
    id,
    input: state.input,
    span: { start: state.chainStart, end: state.end },
    writeStreamSpan: state.writeStreamSpan,
    format: state.format,
    outputMode: state.outputMode,
    options: state.options,
    trigger: state.trigger,
    queryName: state.queryName,
    partitionBy: state.partitionBy,
    foreachBatch: state.foreachBatch,
    foreach: state.foreach,
    start: state.start,
    scope: state.scope,
  }));
  const batchWriters: BatchWriter[] = lowerer.batchWriters.map((state) => ({
    input: state.input,
    span: { start: state.chainStart, end: state.end },
    writeSpan: state.writeSpan,
    method: state.method,
    format: state.format,
    options: state.options,
    terminal: state.terminal,
    scope: state.scope,
  }));
  const functions: FunctionDef[] = [];
  for (const record of lowerer.functionRecords.values()) {
    const stmt = record.stmt;
    if (!stmt) continue;
    functions.push({
      name: stmt.name,
      params: stmt.params.map((param) => ({ value: param.name, span: { start: param.start, end: param.end } })),
      span: { start: stmt.start, end: stmt.end },
      nameSpan: { start: stmt.nameStart, end: stmt.nameStart + stmt.name.length },
      isForeachBatchHandler: record.handler,
      namesUsed: namesUsed(stmt.body),
    });
  }
  functions.sort((a, b) => a.span.start - b.span.start);
  return {
    language,
    nodes: lowerer.nodes,
    writers,
    batchWriters,
    actions: lowerer.actions,
    confs: lowerer.confs,
    functions,
    loops,
    bindings: { ...lowerer.bindings },
    problems,
  };
}

function countStatements(statements: readonly PyStmt[]): number {
  let count = 0;
  const stack: (readonly PyStmt[])[] = [statements];
  while (stack.length > 0) {
    for (const stmt of stack.pop()!) {
      count++;
      if (stmt.kind === 'def' || stmt.kind === 'class') stack.push(stmt.body);
      else if (stmt.kind === 'compound') stack.push(...stmt.bodies);
    }
  }
  return count;
}

/** The `for`/`while` statements of a file, read off the tree (the interpreter runs a loop body once and keeps no trace of it), in source order. */
export function loopsOf(statements: readonly PyStmt[]): Loop[] {
  const loops: Loop[] = [];
  const stack: (readonly PyStmt[])[] = [statements];
  while (stack.length > 0) {
    for (const stmt of stack.pop()!) {
      if (stmt.kind === 'def' || stmt.kind === 'class') stack.push(stmt.body);
      else if (stmt.kind === 'compound') {
        if (stmt.keyword === 'for' || stmt.keyword === 'while') {
          const variables: string[] = [];
          for (const binding of stmt.bindings) boundNames(binding.target, variables);
          loops.push({ keyword: stmt.keyword, variables, span: { start: stmt.start, end: stmt.end } });
        }
        stack.push(...stmt.bodies);
      }
    }
  }
  return loops.sort((a, b) => a.span.start - b.span.start);
}

function boundNames(target: PyExpr, names: string[]): void {
  if (target.kind === 'name') names.push(target.name);
  else if (target.kind === 'paren') boundNames(target.inner, names);
  else if (target.kind === 'sequence') for (const item of target.items) boundNames(item, names);
  else if (target.kind === 'starred') boundNames(target.value, names);
}
