// Give a query that shares its checkpoint a directory of its own: append a
// per-query segment to the path as written. In a loop the segment is the
// loop's variable (`f"/chk/agg/{m}"`); elsewhere it is the query's name, its
// sink path's last segment or its format (`"/chk/shared/a"`). Scala
// interpolates the loop variable its own way (`s"/chk/agg/$m"`).

import type { Fix } from '../analysis/types';
import type { Loop, Located, StreamWriter, Value } from '../model/pipeline';
import { checkpointOf, loopAround } from '../rules/checkpoint';
import type { Language } from '../rules/spelling';
import { checkpointName } from './checkpoint-fixes';

/**
 * Null when the path is not one string literal in the query's own code, or
 * when one written path serves several queries (a helper called twice: one
 * edit cannot tell them apart).
 */
export function checkpointSuffixFix(
  text: string,
  writer: StreamWriter,
  location: Located<Value>,
  writers: readonly StreamWriter[],
  loops: readonly Loop[],
  language: Language = 'python',
): Fix | null {
  const written = text.slice(location.span.start, location.span.end);
  if (language === 'scala') return scalaSuffixFix(written, writer, location, writers, loops);
  const literal = /^([rRuUfF]{0,2})("|')([^"'\n]*)\2$/.exec(written);
  if (!literal) return null;
  if (servesSeveral(location, writers)) return null;
  const prefix = literal[1] ?? '';
  const quote = literal[2] ?? '"';
  const body = (literal[3] ?? '').replace(/\/+$/, '');
  const loop = loopAround(writer, loops);
  let replacement: string;
  if (loop) {
    const variable = loop.variables[0];
    if (!variable || (!/[fF]/.test(prefix) && /[{}]/.test(body))) return null;
    replacement = `${/[fF]/.test(prefix) ? prefix : `f${prefix}`}${quote}${body}/{${variable}}${quote}`;
  } else {
    if (/[fF]/.test(prefix)) return null;
    replacement = `${prefix}${quote}${freePath(body, writer, writers)}${quote}`;
  }
  return {
    title: `Give the query a checkpoint of its own: ${replacement}`,
    safety: 'unsafe',
    edits: () => [{ span: location.span, newText: replacement }],
  };
}

/**
 * The Scala form: a loop's variable is interpolated with `s"..."` (an `s`,
 * `f` or `raw` literal keeps its interpolator; a plain one becomes `s"..."`
 * when it holds no `$`), outside a loop the segment is added to a plain
 * literal only, as in Python.
 */
function scalaSuffixFix(written: string, writer: StreamWriter, location: Located<Value>, writers: readonly StreamWriter[], loops: readonly Loop[]): Fix | null {
  const literal = /^(s|f|raw)?"([^"\n]*)"$/.exec(written);
  if (!literal || servesSeveral(location, writers)) return null;
  const interpolator = literal[1] ?? '';
  const body = (literal[2] ?? '').replace(/\/+$/, '');
  const loop = loopAround(writer, loops);
  let replacement: string;
  if (loop) {
    const variable = loop.variables[0];
    if (!variable || !/^[A-Za-z_]\w*$/.test(variable) || (interpolator === '' && body.includes('$'))) return null;
    replacement = `${interpolator === '' ? 's' : interpolator}"${body}/$${variable}"`;
  } else {
    if (interpolator !== '') return null;
    replacement = `"${freePath(body, writer, writers)}"`;
  }
  return {
    title: `Give the query a checkpoint of its own: ${replacement}`,
    safety: 'unsafe',
    edits: () => [{ span: location.span, newText: replacement }],
  };
}

/** One written path serving several queries (a helper called twice): one edit cannot tell them apart. */
function servesSeveral(location: Located<Value>, writers: readonly StreamWriter[]): boolean {
  const sameSpan = writers.filter((other) => {
    const span = checkpointOf(other)?.span;
    return span?.start === location.span.start && span.end === location.span.end;
  });
  return sameSpan.length > 1;
}

/**
 * `<body>/<the query's name>`, with a numeric suffix when another query's
 * checkpoint already is that path, or when an earlier query on the same path
 * has the same name: fixing them all at once must leave them apart.
 */
function freePath(body: string, writer: StreamWriter, writers: readonly StreamWriter[]): string {
  const taken = new Set(writers.flatMap((other) => stringCheckpoint(other) ?? []));
  const name = checkpointName(writer);
  const shared = stringCheckpoint(writer);
  let earlier = writers.filter((other) => other.span.start < writer.span.start && shared !== null && stringCheckpoint(other) === shared && checkpointName(other) === name).length;
  const base = `${body}/${name}`;
  let path = base;
  for (let suffix = 2; ; suffix++) {
    if (!taken.has(path)) {
      if (earlier === 0) return path;
      earlier--;
    }
    path = `${base}_${suffix}`;
  }
}

/** The checkpoint path a writer names as a plain string, without trailing slashes. */
function stringCheckpoint(writer: StreamWriter): string | null {
  const value = checkpointOf(writer)?.value;
  return value?.kind === 'string' ? value.value.replace(/\/+$/, '') : null;
}
