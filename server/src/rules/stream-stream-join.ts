// Stream-stream joins and what their condition bounds: shared by the join
// rules (output mode, outer joins without watermark, unbounded inner state).
//
// Spark keeps both sides of a stream-stream join in state and can drop a row
// only when the watermark proves no future row of the other side can match
// it: a join key that is a watermarked column, or a range condition between
// the two sides' event times with a watermark on the side being dropped.

import type { JoinType, NodeId, PlanNode } from '../model/pipeline';
import { walkExpr } from '../model/walk';
import { referencedColumns } from './expr';
import type { ModelQuery } from './query';

type JoinNode = Extract<PlanNode, { kind: 'join' }>;

/** Joins with both sides streaming, outside foreachBatch handlers. */
export function streamStreamJoins(query: ModelQuery): readonly JoinNode[] {
  return query.joins().filter((join) => !query.inForeachBatchHandler(join) && query.isStreaming(join.left) && query.isStreaming(join.right));
}

/** The join type, `inner` when `how` is not given. */
export function joinType(join: JoinNode): JoinType {
  return join.how?.value ?? 'inner';
}

/** Spark's name for a join type in its messages: `LeftOuter`, `FullOuter`, ... */
export function sparkJoinName(type: JoinType): string {
  switch (type) {
    case 'inner':
      return 'Inner';
    case 'left_outer':
      return 'LeftOuter';
    case 'right_outer':
      return 'RightOuter';
    case 'full_outer':
      return 'FullOuter';
    case 'left_semi':
      return 'LeftSemi';
    case 'left_anti':
      return 'LeftAnti';
    case 'cross':
      return 'Cross';
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** The columns a side has a watermark on (by name, unqualified). */
export function watermarkedColumns(query: ModelQuery, side: NodeId): ReadonlySet<string> {
  const names = new Set<string>();
  const sideNode = query.node(side);
  const marks = query.upstreamOps(side, 'watermark');
  for (const mark of marks) names.add(unqualified(mark.op.column.value));
  if (sideNode?.kind === 'op' && sideNode.op.kind === 'watermark') names.add(unqualified(sideNode.op.column.value));
  return names;
}

export interface ConditionFacts {
  /** Column groups compared with `=`/`==` (each entry: the columns of one equality). */
  readonly equalities: readonly (readonly string[])[];
  /** Column groups compared with `<`, `<=`, `>`, `>=` or `BETWEEN`. */
  readonly ranges: readonly (readonly string[])[];
  /** True when part of the condition could not be read (a variable, a UDF), so rules stay quiet. */
  readonly unknown: boolean;
}

/** What a join's condition compares: equalities and ranges, by column name. `using` columns are equalities. */
export function conditionFacts(join: JoinNode): ConditionFacts {
  const equalities: string[][] = [];
  const ranges: string[][] = [];
  let unknown = false;
  if (join.usingColumns) for (const column of join.usingColumns) equalities.push([column]);
  const condition = join.condition;
  if (condition) {
    walkExpr(condition, (expr) => {
      if (expr.kind === 'opaque') unknown = true;
      else if (expr.kind === 'sql') readSql(expr.text, equalities, ranges);
      else if (expr.kind === 'binary') {
        const columns = [...referencedColumns(expr.left), ...referencedColumns(expr.right)].map(unqualified);
        if (expr.op === '==') equalities.push(columns);
        else if (expr.op === '<' || expr.op === '<=' || expr.op === '>' || expr.op === '>=') ranges.push(columns);
      } else if (expr.kind === 'method' && expr.name === 'between') {
        ranges.push([...referencedColumns(expr.receiver), ...expr.args.flatMap((arg) => referencedColumns(arg))].map(unqualified));
      }
    });
  }
  return { equalities, ranges, unknown };
}

/** Splits SQL condition text on AND and reads each comparison's identifiers. */
function readSql(text: string, equalities: string[][], ranges: string[][]): void {
  for (const part of text.split(/\band\b/i)) {
    const identifiers = [...part.replace(/'[^']*'/g, ' ').matchAll(/[A-Za-z_][\w.]*/g)].map((match) => unqualified(match[0]));
    if (/\bbetween\b/i.test(part) || /<=|>=|<(?!>)|(?<!<)>/.test(part)) ranges.push(identifiers);
    else if (/(?<![<>!])==?(?!=)/.test(part)) equalities.push(identifiers);
  }
}

/** `l.ts` and `ts` name the same column for these checks. */
export function unqualified(name: string): string {
  const parts = name.split('.');
  return parts[parts.length - 1] ?? name;
}

/** Whether a group of compared columns involves a watermarked column. */
export function touches(columns: readonly string[], watermarked: ReadonlySet<string>): boolean {
  return columns.some((column) => watermarked.has(column));
}
