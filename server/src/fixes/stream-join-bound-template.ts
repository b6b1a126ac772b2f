// A template that bounds the state of a stream-stream join: a watermark on
// each input that has none, and a time-range condition between the two
// event times. Display-only: the event-time columns, the delays and the
// bound are the author's to fill in.

import type { Fix, FixSettings, TextEdit } from '../analysis/types';
import type { PlanNode } from '../model/pipeline';
import type { Span } from '../model/span';
import { callArgumentSpans } from './call-arguments';
import { pythonString } from './chain-edit';
import type { Language } from '../rules/spelling';
import { scalaFunctionsQualifier } from './scala-functions';

type JoinNode = Extract<PlanNode, { kind: 'join' }>;

/** What the template needs to know about the join's inputs. */
export interface JoinSides {
  /** Watermarked event-time columns of each side; empty when it has none. */
  readonly left: ReadonlySet<string>;
  readonly right: ReadonlySet<string>;
  /** Whether the condition already compares times with a range. */
  readonly hasRange: boolean;
}

/**
 * Offered only when every edit it needs can be written safely: an input
 * without a watermark must be a plain name (`views.join(clicks, ...)`), and a
 * range goes only into a condition written as `F.expr("...")` (or
 * `expr("...")`) with one plain string literal, where ` AND ...` extends the
 * SQL text without changing its precedence, or on Scala into a Column
 * condition compared with `===`, as `&& expr("...")` (the condition in
 * parentheses when it has an `||`; `functions.expr` when the file imports the
 * object, no fix when it reaches `expr` neither way). Anything else, no fix.
 */
export function streamJoinBoundTemplate(text: string, join: JoinNode, sides: JoinSides, settings: FixSettings, language: Language): Fix | null {
  const args = joinArguments(text, join.callSpan);
  const other = args[0];
  if (!other || !keywordIs(other, 'other') || (args[1] && !keywordIs(args[1], 'on'))) return null;
  const edits: TextEdit[] = [];
  const delay = pythonString(settings.watermarkDelay);
  if (sides.left.size === 0) {
    const receiver = text.slice(join.span.start, join.callSpan.start);
    const name = /^([A-Za-z_]\w*)\s*$/.exec(receiver)?.[1];
    if (!name) return null;
    const at = join.span.start + name.length;
    edits.push({ span: { start: at, end: at }, newText: `.withWatermark("<left time>", ${delay})` });
  }
  if (sides.right.size === 0) {
    if (!/^[A-Za-z_]\w*$/.test(text.slice(other.start, other.end))) return null;
    edits.push({ span: { start: other.end, end: other.end }, newText: `.withWatermark("<right time>", ${delay})` });
  }
  if (!sides.hasRange) {
    const condition = args[1];
    if (!condition) return null;
    const written = text.slice(condition.start, condition.end);
    const literal = /^(?:[A-Za-z_]\w*\.)?expr\s*\(\s*[rR]?("|')([^"'\\\n]*)\1\s*\)$/.exec(written);
    const leftTime = only(sides.left) ?? '<left time>';
    const rightTime = only(sides.right) ?? '<right time>';
    const range = `${rightTime} BETWEEN ${leftTime} AND ${leftTime} + interval <bound>`;
    if (!literal?.[2]) {
      // A Scala Column condition (`a("id") === b("id")`): the range joins it as an SQL expression with `&&`.
      const functions = language === 'scala' ? scalaFunctionsQualifier(text) : null;
      if (functions === null || !written.includes('===') || /^(?:Seq|List|Array)\s*\(|^"/.test(written)) return null;
      const operand = written.includes('||') ? `(${written})` : written;
      edits.push({ span: { start: condition.start, end: condition.end }, newText: `${operand} && ${functions}expr(${JSON.stringify(range)})` });
    } else {
      const closing = condition.start + written.lastIndexOf(literal[1] ?? '"');
      edits.push({ span: { start: closing, end: closing }, newText: ` AND ${range}` });
    }
  }
  if (edits.length === 0) return null;
  return {
    title: 'Bound the join state: add watermarks and a time-range condition template',
    safety: 'display-only',
    edits: () => edits,
  };
}

function keywordIs(argument: Argument, expected: string): boolean {
  return argument.keyword === null || argument.keyword === expected;
}

function only(columns: ReadonlySet<string>): string | null {
  return columns.size === 1 ? ([...columns][0] ?? null) : null;
}

interface Argument extends Span {
  /** The keyword it is passed under (`on=`), null for a positional argument. */
  readonly keyword: string | null;
}

/** The spans of the top-level arguments of a `.join(...)` call (for a keyword argument, its value), trimmed. */
function joinArguments(text: string, callSpan: Span): readonly Argument[] {
  const call = text.slice(callSpan.start, callSpan.end);
  if (!/^\.?\s*join\s*\(/.test(call)) return [];
  const spans = (callArgumentSpans(call) ?? []).map((span) => ({ start: callSpan.start + span.start, end: callSpan.start + span.end }));
  // `on=` / `other=` keywords: the value is what the edits need.
  return spans.map((span) => {
    const keyword = /^([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(text.slice(span.start, span.end));
    return keyword ? { start: span.start + keyword[0].length, end: span.end, keyword: keyword[1] ?? null } : { ...span, keyword: null };
  });
}
