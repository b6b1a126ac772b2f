// Lowers a Scala Spark file to the pipeline model.
//
// `readScala` turns tree-sitter-scala's tree into the front-end syntax tree,
// desugaring the Scala-only forms; the PySpark front end's interpreter runs it
// and builds the model, so every DataFrame method means the same in both
// languages. Nothing here throws on user code: an internal failure yields the
// partial model plus an `unsupported` problem.

import type { Loop, LoweringProblem, PipelineModel } from '../model/pipeline';
import type { SyntaxNode } from '../syntax/tree-sitter';
import type { PyStmt } from '../python/ast';
import { Lowerer } from '../python/interpreter';
import { buildModel, loopsOf } from '../python/lower';
import { columnFunctionsName, readScala } from './read-tree';

/** Statements one file may execute, inlined function bodies included, per statement of the file (and at least this many). */
const budgetPerStatement = 50;
const minimumBudget = 20_000;

export function lowerScala(root: SyntaxNode, text: string): PipelineModel {
  const problems: LoweringProblem[] = [];
  let lowerer: Lowerer | null = null;
  let loops: readonly Loop[] = [];
  try {
    const file = readScala(root, text);
    loops = loopsOf(file.statements);
    problems.push(...file.problems);
    lowerer = new Lowerer(text, Math.max(minimumBudget, countStatements(file.statements) * budgetPerStatement));
    lowerer.runModule(file.statements);
    problems.push(...lowerer.problems);
    return withoutSyntheticNames(buildModel(lowerer, problems, loops, 'scala'));
  } catch (error) {
    problems.push({ kind: 'unsupported', message: `internal error while lowering: ${String(error)}`, span: { start: 0, end: 0 } });
    if (lowerer) {
      try {
        return buildModel(lowerer, [...problems, ...lowerer.problems], loops, 'scala');
      } catch {
        // fall through to the empty model
      }
    }
    return { language: 'scala', nodes: [], writers: [], batchWriters: [], actions: [], confs: [], functions: [], loops: [], bindings: {}, problems };
  }
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

/** The name `$"c"` resolves through is the reader's, not the user's: it is not a name a function uses. */
function withoutSyntheticNames(model: PipelineModel): PipelineModel {
  return { ...model, functions: model.functions.map((fn) => ({ ...fn, namesUsed: fn.namesUsed.filter((name) => name !== columnFunctionsName) })) };
}
