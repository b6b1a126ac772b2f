// One evaluated method or function call: its name, spans and argument values.

import type { Span } from '../model/span';
import type { Arg } from './values';

export interface CallSite {
  readonly name: string;
  /** From the start of the chain (the receiver's start) to the closing parenthesis. */
  readonly span: Span;
  /** Just `.name(...)`: from the dot (or the name for plain calls) to the closing parenthesis. */
  readonly callSpan: Span;
  /** Positional arguments, `*list` expanded when the list is known. */
  readonly args: readonly Arg[];
  /** Keyword arguments, `**dict` expanded when the dict is known. */
  readonly kwargs: ReadonlyMap<string, Arg>;
  /** A `*args`/`**kwargs` argument whose contents are unknown was passed. */
  readonly hasUnknownSpread: boolean;
}

/** The argument at `index`, or the keyword argument `keyword`. */
export function argument(site: CallSite, index: number, keyword: string | null): Arg | undefined {
  if (keyword !== null) {
    const byName = site.kwargs.get(keyword);
    if (byName) return byName;
  }
  return index >= 0 ? site.args[index] : undefined;
}
