// A template that replaces a streaming `.pivot(c).count()` by one
// conditional aggregate per pivot value, for values the author lists.
// Display-only: the linter cannot know the values.

import type { Fix } from '../analysis/types';
import type { Expr } from '../model/pipeline';
import type { OpNode } from '../rules/query';
import { pythonString } from './chain-edit';
import { functionsModule } from './functions-module';
import type { Spelling } from '../rules/spelling';
import { scalaColumn, scalaFunctionsQualifier } from './scala-functions';

const shortcuts = new Set(['count', 'sum', 'avg', 'mean', 'min', 'max']);

/**
 * Offered only for `.pivot(<column name>)` followed directly by a shortcut
 * aggregate (`.count()`, `.sum("x")`); in PySpark it writes the file's name
 * for `pyspark.sql.functions`, else `F.` with the import added, and is not
 * offered when the file binds `F` to something else (on Scala, only in a file
 * that reaches `org.apache.spark.sql.functions` by a wildcard import or the
 * object); `.agg(...)` and computed pivot columns get no template.
 */
export function pivotValuesTemplate(text: string, aggregation: OpNode<'aggregate'>, spelling: Spelling): Fix | null {
  const pivot = aggregation.op.pivot;
  const scala = spelling.language === 'scala';
  if (!pivot) return null;
  const module = scala ? null : functionsModule(text, pivot.column.span.start);
  const functions = scala ? scalaFunctionsQualifier(text) : module?.name ?? null;
  if (functions === null) return null;
  const column = columnName(pivot.column);
  if (column === null) return null;
  const opening = /\.[ \t]*pivot[ \t]*\([ \t]*$/.exec(text.slice(Math.max(0, pivot.column.span.start - 100), pivot.column.span.start));
  if (!opening) return null;
  const pivotStart = pivot.column.span.start - opening[0].length;
  const close = /^[ \t]*\)/.exec(text.slice(pivot.column.span.end));
  if (!close) return null;
  const between = text.slice(pivot.column.span.end + close[0].length, aggregation.callSpan.start);
  if (!/^[ \t]*\.?$/.test(between)) return null;
  const call = /^\.?[ \t]*([a-z]+)[ \t]*\([ \t]*(?:("|')(\w+)\2)?[ \t]*\)$/.exec(text.slice(aggregation.callSpan.start, aggregation.callSpan.end));
  const method = call?.[1];
  if (!call || method === undefined || !shortcuts.has(method)) return null;
  const measured = call[3];
  if (method === 'count' ? measured !== undefined : measured === undefined) return null;
  if (scala) {
    // Scala has no list comprehension to splat into agg(...): two placeholder values show the pattern.
    const value = measured === undefined ? '1' : scalaColumn(text, functions, measured, pivotStart);
    const aggregate = (placeholder: string): string =>
      `${functions}${method}(${functions}when(${scalaColumn(text, functions, column, pivotStart)} ${spelling.equals} ${JSON.stringify(placeholder)}, ${value})).as(${JSON.stringify(placeholder)})`;
    return {
      title: 'Aggregate each known pivot value: conditional aggregates template (list the values)',
      safety: 'display-only',
      edits: () => [{ span: { start: pivotStart, end: aggregation.callSpan.end }, newText: `.agg(${aggregate('<value 1>')}, ${aggregate('<value 2>')})` }],
    };
  }
  const value = measured === undefined ? '1' : `${functions}.col(${pythonString(measured)})`;
  const newText = `.agg(*[${functions}.${method}(${functions}.when(${functions}.col(${pythonString(column)}) == v, ${value})).alias(str(v)) for v in ["<value>", ...]])`;
  return {
    title: 'Aggregate each known pivot value: conditional aggregates template (list the values)',
    safety: 'display-only',
    edits: () => [...(module?.imports() ?? []), { span: { start: pivotStart, end: aggregation.callSpan.end }, newText }],
  };
}

function columnName(expression: Expr): string | null {
  if (expression.kind === 'column') return expression.name;
  if (expression.kind === 'literal' && typeof expression.value === 'string') return expression.value;
  return null;
}
