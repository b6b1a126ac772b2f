// Wrap the static side of a stream-static join in `F.broadcast(...)` (Scala:
// `broadcast(...)`), for real-time mode, which runs only broadcast
// stream-static joins.

import type { Fix, FixSafety, TextEdit } from '../analysis/types';
import type { PlanNode } from '../model/pipeline';
import type { Language } from '../rules/spelling';
import { functionsModule } from './functions-module';
import { scalaFunctionsQualifier } from './scala-functions';

type JoinNode = Extract<PlanNode, { kind: 'join' }>;

/**
 * The static side must be written as a plain name: the argument of
 * `.join(dim, ...)` or the receiver of `dim.join(events, ...)`; an inline
 * chain is left alone. The new call goes through the functions module: a
 * Python file's name for `pyspark.sql.functions` (`F` and its import added
 * when it has none), a Scala file's `org.apache.spark.sql.functions._` or the
 * object itself (none, no fix).
 */
export function broadcastStaticSideFix(text: string, join: JoinNode, staticIs: 'left' | 'right', safety: FixSafety, language: Language): Fix | null {
  const reference = functionsPrefix(text, language, join.span.start);
  if (reference === null) return null;
  const functions = reference.prefix;
  const name = staticIs === 'right' ? joinArgument(text, join) : joinReceiver(text, join);
  if (!name) return null;
  const { start, end } = name;
  const written = text.slice(start, end);
  return {
    title: `Broadcast the static side: ${functions}broadcast(${written})`,
    safety,
    edits: () => [...reference.imports(), { span: { start, end }, newText: `${functions}broadcast(${written})` }],
  };
}

/**
 * What a `broadcast` call is prefixed with: `F.` (the Python module's name,
 * with its import added when the file has none), `functions.` or nothing in
 * Scala; null when a Scala file does not reach the functions.
 */
function functionsPrefix(text: string, language: Language, offset: number): { readonly prefix: string; readonly imports: () => readonly TextEdit[] } | null {
  switch (language) {
    case 'python': {
      const module = functionsModule(text, offset);
      return module === null ? null : { prefix: `${module.name}.`, imports: module.imports };
    }
    case 'scala': {
      const qualifier = scalaFunctionsQualifier(text);
      return qualifier === null ? null : { prefix: qualifier, imports: () => [] };
    }
    default: {
      const unknown: never = language;
      return unknown;
    }
  }
}

/** The span of the first argument of `.join(name, ...)` when it is a plain name. */
function joinArgument(text: string, join: JoinNode): { readonly start: number; readonly end: number } | null {
  const call = text.slice(join.callSpan.start, join.callSpan.end);
  const match = /^\.?\s*join\s*\(\s*([A-Za-z_]\w*)\s*[,)]/.exec(call);
  if (!match?.[1]) return null;
  const start = join.callSpan.start + match[0].indexOf(match[1], match[0].indexOf('('));
  return { start, end: start + match[1].length };
}

/** The span of the receiver of `name.join(...)` when the chain is just that name. */
function joinReceiver(text: string, join: JoinNode): { readonly start: number; readonly end: number } | null {
  const receiver = text.slice(join.span.start, join.callSpan.start);
  const match = /^([A-Za-z_]\w*)\s*\.?\s*$/.exec(receiver);
  if (!match?.[1]) return null;
  return { start: join.span.start, end: join.span.start + match[1].length };
}
