// Remembers what the text reader made of each top-level statement, so that
// re-lowering an edited document reads again only the statements whose text
// changed. The language server keeps one cache per open document; the CLI,
// which lowers each file once, keeps none.
//
// A statement is looked up by its text (and the column it starts at, which
// the tolerant reader looks at). One typed character moves every statement
// after it, so a statement found at another offset comes back as a copy with
// every offset moved by the difference; offsets are the only thing in the
// read tree that depends on where the statement is.
//
// Entries live for one run and the next: what a run did not use is dropped
// at its end, so the cache never holds more than two versions of a document.

import type { LoweringProblem } from '../model/pipeline';
import type { PyStmt } from './ast';

export interface CachedStatement {
  readonly statements: readonly PyStmt[];
  /** Problems the reader reported while reading the statement (nesting too deep). */
  readonly problems: readonly LoweringProblem[];
}

interface Entry extends CachedStatement {
  readonly start: number;
}

export class StatementCache {
  private current = new Map<string, Entry>();
  private previous = new Map<string, Entry>();

  /** What the statement with this key read to, with its offsets moved to `start`; undefined when not known. */
  take(key: string, start: number): CachedStatement | undefined {
    const entry = this.current.get(key) ?? this.previous.get(key);
    if (!entry) return undefined;
    if (entry.start === start) {
      this.current.set(key, entry);
      return entry;
    }
    const delta = start - entry.start;
    const moved: Entry = { start, statements: entry.statements.map((statement) => shifted(statement, delta)), problems: entry.problems.map((problem) => shifted(problem, delta)) };
    this.current.set(key, moved);
    return moved;
  }

  store(key: string, start: number, read: CachedStatement): void {
    this.current.set(key, { start, statements: read.statements, problems: read.problems });
  }

  /** Ends a run: entries this run neither read nor stored are dropped. */
  endRun(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

/** A deep copy of plain data with every offset field (`start`, `end`, `dot`, `nameStart`) moved by `delta`. */
function shifted<T>(value: T, delta: number): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index++) items[index] = shifted(value[index], delta);
    return items as T;
  }
  // Object.keys and plain comparisons: this copy is most of the cost of a cache hit.
  const copy: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (typeof field === 'number') copy[key] = key === 'start' || key === 'end' || key === 'dot' || key === 'nameStart' ? field + delta : field;
    else copy[key] = typeof field === 'object' && field !== null ? shifted(field, delta) : field;
  }
  return copy as T;
}
