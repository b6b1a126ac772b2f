// A source with its own read limit: the limit the input binding chose (rows
// per batch for an event file, files for a directory) replaces the one the
// engine derives from the code's options, except that a request for everything
// (Trigger.Once ignores limits) still gets everything.

import type { ReadLimit, SimSource } from '../engine/source';

export function limitedSource(source: SimSource, limit: ReadLimit): SimSource {
  if (limit.kind === 'all') return source;
  return {
    name: source.name,
    schema: source.schema,
    latestOffset: (committed, requested) => source.latestOffset(committed, requested.kind === 'all' ? requested : limit),
    getBatch: (start, end) => source.getBatch(start, end),
    corruptRecords: (start, end) => source.corruptRecords(start, end),
  };
}
