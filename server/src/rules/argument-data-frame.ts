// Whether a DataFrame passed as an argument (`a.intersect(b)`, `a.subtract(b)`,
// `g.cogroup(h)`) is streaming. The front end keeps such an argument as a
// `dfColumn` named `*` that points at the argument's plan node.

import type { Expr } from '../model/pipeline';
import type { ModelQuery } from './query';

export function argumentIsStreaming(query: ModelQuery, argument: Expr | undefined): boolean {
  return argument?.kind === 'dfColumn' && argument.name === '*' && argument.node !== null && query.isStreaming(argument.node);
}
