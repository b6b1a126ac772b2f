// Insert `.withWatermark("<time column>", "<delay>")` before a streaming
// aggregation that groups by a time window, at the right place in its chain.

import type { Fix, FixSettings } from '../analysis/types';
import type { Expr } from '../model/pipeline';
import type { OpNode } from '../rules/query';
import { insertBeforeStep, pythonString } from './chain-edit';

/**
 * The fix needs the event-time column, which only a `window(...)` or
 * `session_window(...)` grouping key names; without one there is none.
 */
export function insertWatermarkFix(aggregation: OpNode<'aggregate'>, settings: FixSettings, text: string): Fix | null {
  const column = aggregation.op.keys.map(windowTimeColumn).find((name) => name !== null);
  if (!column) return null;
  const call = `.withWatermark(${pythonString(column)}, ${pythonString(settings.watermarkDelay)})`;
  return {
    title: `Add .withWatermark("${column}", "${settings.watermarkDelay}") before the aggregation`,
    safety: 'unsafe',
    edits: () => [insertBeforeStep(text, aggregation.op.groupSpan.start, call)],
  };
}

/** The time column of `F.window("ts", ...)` / `F.session_window(F.col("ts"), ...)`. */
function windowTimeColumn(key: Expr): string | null {
  if (key.kind !== 'call' || key.namespace !== 'functions' || (key.name !== 'window' && key.name !== 'session_window')) return null;
  const first = key.args[0] ?? key.kwargs['timeColumn'];
  if (!first) return null;
  if (first.kind === 'column') return first.name;
  if (first.kind === 'literal' && typeof first.value === 'string') return first.value;
  if (first.kind === 'call' && first.namespace === 'functions' && first.name === 'col') {
    const name = first.args[0];
    if (name?.kind === 'literal' && typeof name.value === 'string') return name.value;
    if (name?.kind === 'column') return name.name;
  }
  return null;
}
