// Move a `.withWatermark(...)` applied to an aggregation's result to just
// before its `groupBy`, in the same chain, when the watermarked column is a
// grouping key (so it exists before the aggregation too).

import type { Fix } from '../analysis/types';
import type { Expr } from '../model/pipeline';
import type { OpNode } from '../rules/query';
import { insertBeforeStep, removeStep } from './chain-edit';

/**
 * Offered only when the watermark is the step right after the aggregation
 * (`events.groupBy("ts").count().withWatermark("ts", ...)`) and one grouping
 * key is that column itself; a column made by the aggregation (`window`)
 * does not exist before it: no fix.
 */
export function moveWatermarkFix(text: string, aggregation: OpNode<'aggregate'>, watermark: OpNode<'watermark'>): Fix | null {
  if (watermark.input !== aggregation.id) return null;
  const column = watermark.op.column.value;
  if (!aggregation.op.keys.some((key) => plainColumn(key) === column)) return null;
  const call = text.slice(watermark.callSpan.start, watermark.callSpan.end);
  const step = /^\.?\s*(withWatermark\s*\([\s\S]*\))$/.exec(call)?.[1];
  if (!step) return null;
  // Both ends must be real chain steps: a `.` before the groupBy and before the withWatermark.
  if (!/\.\s*$/.test(text.slice(Math.max(0, aggregation.op.groupSpan.start - 200), aggregation.op.groupSpan.start + 1))) return null;
  if (!/\.\s*$/.test(text.slice(Math.max(0, watermark.callSpan.start - 200), watermark.callSpan.start + (call.startsWith('.') ? 1 : 0)))) return null;
  if (aggregation.op.groupSpan.start >= watermark.callSpan.start) return null;
  return {
    title: `Move .withWatermark("${column}", ...) before the groupBy`,
    safety: 'unsafe',
    edits: () => {
      const target = aggregation.op.groupSpan.start;
      // A step written over several lines keeps its shape: its later lines move by as many columns as its first.
      const landing = insertBeforeStep(text, target, '.');
      const column = landing.newText === '.' ? landing.span.start - lineStartOf(text, landing.span.start) : landing.newText.length - landing.newText.trimStart().length;
      const dot = call.startsWith('.') ? watermark.callSpan.start : text.lastIndexOf('.', watermark.callSpan.start);
      const moved = shiftLaterLines(`.${step}`, column - (dot - lineStartOf(text, dot)));
      return [insertBeforeStep(text, target, moved), ...removeStep(text, watermark.callSpan)];
    },
  };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Indents every line of `code` but the first by `columns` more (fewer when negative, down to none). */
function shiftLaterLines(code: string, columns: number): string {
  if (columns === 0) return code;
  return code.replace(/\n([ \t]*)/g, (_, indent: string) => `\n${columns > 0 ? `${indent}${' '.repeat(columns)}` : indent.slice(Math.min(indent.length, -columns))}`);
}

/** The column a grouping key names when it is just a column: `"ts"`, `F.col("ts")`, `events.ts`. */
function plainColumn(key: Expr): string | null {
  if (key.kind === 'column') return key.name;
  if (key.kind === 'literal' && typeof key.value === 'string') return key.value;
  if (key.kind === 'call' && key.namespace === 'functions' && (key.name === 'col' || key.name === 'column') && key.args.length === 1) {
    const name = key.args[0];
    if (name?.kind === 'literal' && typeof name.value === 'string') return name.value;
  }
  return null;
}
