// The top-level arguments of a method call written as text (`.load("/p")`,
// `.start("/out", format="delta")`), for fixes that must know a call takes
// nothing they would lose when they rewrite it.

import type { Span } from '../model/span';

/** The trimmed text of each argument of the call's last parenthesised list; null when `call` does not end in one. */
export function callArguments(call: string): readonly string[] | null {
  return callArgumentSpans(call)?.map((span) => call.slice(span.start, span.end)) ?? null;
}

/**
 * Where each top-level argument of `call` (`.name(...)`, optionally after a
 * dot) is, trimmed, as offsets into `call`; null when it does not end in its
 * parenthesised list. Commas inside brackets and strings do not split.
 */
export function callArgumentSpans(call: string): readonly Span[] | null {
  const open = /^\.?\s*[A-Za-z_]\w*\s*\(/.exec(call);
  const end = call.trimEnd().length - 1;
  if (!open || call.charAt(end) !== ')') return null;
  const found: Span[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = open[0].length;
  for (let at = start; at < end; at++) {
    const char = call.charAt(at);
    if (quote !== null) {
      if (char === '\\') at++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 0) {
      found.push(trimmed(call, start, at));
      start = at + 1;
    }
    if (depth < 0) return null;
  }
  const last = trimmed(call, start, end);
  if (last.end > last.start || found.length > 0) found.push(last);
  return found;
}

function trimmed(call: string, start: number, end: number): Span {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(call.charAt(from))) from++;
  while (to > from && /\s/.test(call.charAt(to - 1))) to--;
  return { start: from, end: to };
}

/** Whether an argument is a plain positional value: not a Python keyword argument, list, or unpacking. */
export function isPlainArgument(argument: string): boolean {
  return argument !== '' && !/^[A-Za-z_]\w*\s*=(?!=)/.test(argument) && !/^[[*]/.test(argument);
}
