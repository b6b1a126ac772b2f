// What the name-planning tests share (checkpoint paths for WP701, query
// names for WP702): a case's shape, its fixture, every order of applying the
// per-query quick fixes one by one.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../server/src/analysis/types';
import { applyEdits } from '../../server/src/fixes/apply-edits';
import { LineIndex } from '../../server/src/model/span';
import type { Language } from '../../server/src/rules/spelling';
import { fixtureLanguages } from './fix-harness';

export interface NamingCase {
  readonly name: string;
  readonly language: Language;
  readonly text: string;
  /** The planned expressions of the fixed file (checkpoint paths or query names), in source order. */
  readonly expected: readonly string[];
  /** Queries left without a fix. */
  readonly unfixable: number;
}

/** A rule's `invalid-colliding-names` fixture in `language`. */
export function collidingNamesFixture(rule: string, language: Language): string {
  const { directory, extension } = fixtureLanguages[language];
  return readFileSync(path.join(directory, rule, `invalid-colliding-names${extension}`), 'utf8');
}

/** All permutations of `items`. */
export function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => orders([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

/**
 * Applies, in `order` (0-based lines of the original text), the first fix of
 * the finding `pick` returns on that query's line, re-analysing between
 * steps; `step` sees the findings before each fix. Throws when a query has
 * lost its fix.
 */
export async function fixOneByOne(
  source: string,
  order: readonly number[],
  analyze: (text: string) => Promise<readonly Finding[]>,
  pick: (findings: readonly Finding[]) => readonly Finding[],
  step: (findings: readonly Finding[]) => void = () => {},
): Promise<string> {
  let text = source;
  for (const line of order) {
    const current = new LineIndex(text);
    const findings = await analyze(text);
    step(findings);
    const fix = pick(findings).find((candidate) => current.position(candidate.span.start).line === line)?.fixes[0];
    if (!fix) throw new Error(`order ${order.join(',')}: the query on line ${line + 1} lost its fix`);
    text = applyEdits(text, fix.edits());
  }
  return text;
}
