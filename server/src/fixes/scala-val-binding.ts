// Which plan node a Scala name stands for, from the text: the model's
// bindings hold module-level names only, and a Scala job binds its
// DataFrames as `val`s inside `main` or an object's body.

import type { NodeId } from '../model/pipeline';
import type { ModelQuery } from '../rules/query';

/**
 * The node among `candidates` that the last `val name = ...` (or `var`)
 * before `offset` is bound to: the one whose expression starts where the
 * value does (a chain's nodes all start at its first name). Null when no such
 * definition precedes it or its value is none of the candidates.
 */
export function scalaValNode(query: ModelQuery, text: string, name: string, offset: number, candidates: Iterable<NodeId>): NodeId | null {
  const definition = new RegExp(`\\b(?:val|var)[ \\t]+${name}\\b[ \\t]*(?::[^=\\n]*)?=[ \\t\\r\\n]*`, 'g');
  let valueStart = -1;
  for (let match = definition.exec(text); match !== null && match.index < offset; match = definition.exec(text)) valueStart = match.index + match[0].length;
  if (valueStart < 0) return null;
  for (const id of candidates) if (query.node(id)?.span.start === valueStart) return id;
  return null;
}
