// Give a query that shares its checkpoint a directory of its own: append a
// per-query segment to the path as written. In a loop the segment is the
// loop's variable (`f"/chk/agg/{m}"`); elsewhere it is the query's name, its
// sink path's last segment or its format (`"/chk/shared/a"`).

import type { Fix } from '../analysis/types';
import type { Loop, Located, StreamWriter, Value } from '../model/pipeline';
import { checkpointOf } from '../rules/checkpoint';
import { checkpointName } from './checkpoint-fixes';

/**
 * Null when the path is not one string literal in the query's own code, or
 * when one written path serves several queries (a helper called twice: one
 * edit cannot tell them apart).
 */
export function checkpointSuffixFix(text: string, writer: StreamWriter, location: Located<Value>, writers: readonly StreamWriter[], loops: readonly Loop[]): Fix | null {
  const written = text.slice(location.span.start, location.span.end);
  const literal = /^([rRuUfF]{0,2})("|')([^"'\n]*)\2$/.exec(written);
  if (!literal) return null;
  const sameSpan = writers.filter((other) => {
    const span = checkpointOf(other)?.span;
    return span?.start === location.span.start && span.end === location.span.end;
  });
  if (sameSpan.length > 1) return null;
  const prefix = literal[1] ?? '';
  const quote = literal[2] ?? '"';
  const body = (literal[3] ?? '').replace(/\/+$/, '');
  const loop = loops.find((candidate) => candidate.span.start <= writer.span.start && writer.span.end <= candidate.span.end);
  let replacement: string;
  let path: string;
  if (loop) {
    const variable = loop.variables[0];
    if (!variable || (!/[fF]/.test(prefix) && /[{}]/.test(body))) return null;
    path = `${body}/{${variable}}`;
    replacement = `${/[fF]/.test(prefix) ? prefix : `f${prefix}`}${quote}${path}${quote}`;
  } else {
    if (/[fF]/.test(prefix)) return null;
    const taken = new Set(writers.map((other) => checkpointOf(other)?.value).flatMap((value) => (value?.kind === 'string' ? [value.value.replace(/\/+$/, '')] : [])));
    const base = `${body}/${checkpointName(writer)}`;
    path = base;
    for (let suffix = 2; taken.has(path); suffix++) path = `${base}_${suffix}`;
    replacement = `${prefix}${quote}${path}${quote}`;
  }
  return {
    title: `Give the query a checkpoint of its own: ${replacement}`,
    safety: 'unsafe',
    edits: () => [{ span: location.span, newText: replacement }],
  };
}
