// Where a variable is bound and read, from the text alone, for fixes that
// move or rewrite the DataFrame a name stands for: a rewrite is offered only
// when every read of the name is one the model saw (inside a plan node's
// span), so a use the front end could not follow (`helper(devices)`, a
// notebook cell printing it) is never silently changed.

import type { PipelineModel } from '../model/pipeline';
import type { Span } from '../model/span';

/**
 * The text with string literals and one-line comments blanked to spaces
 * (offsets kept), so a name inside `"/chk/devices"` or `# devices` is not
 * a read. Triple-quoted strings are blanked as well.
 */
export function codeOnly(text: string, language: PipelineModel['language']): string {
  const comment = language === 'python' ? '#[^\\n]*' : '\\/\\/[^\\n]*|\\/\\*[\\s\\S]*?\\*\\/';
  const pattern = new RegExp(`"""[\\s\\S]*?"""|'''[\\s\\S]*?'''|"(?:\\\\.|[^"\\\\\\n])*"|'(?:\\\\.|[^'\\\\\\n])*'|${comment}`, 'g');
  return text.replace(pattern, (match) => match.replace(/[^\n]/g, ' '));
}

export interface Binding {
  readonly name: string;
  /** The offset of the name in the assignment. */
  readonly at: number;
}

/** The name an assignment on the same line binds to the expression starting at `start` (`name = `, `val name = `, `name = (`), or null. */
export function boundName(text: string, start: number): Binding | null {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const match = /^([ \t]*(?:(?:val|var)[ \t]+)?)([A-Za-z_]\w*)[ \t]*(?::[ \t]*[\w.[\]]+[ \t]*)?=[ \t]*\(?[ \t]*$/.exec(text.slice(lineStart, start));
  const name = match?.[2];
  return name ? { name, at: lineStart + (match[1] ?? '').length } : null;
}

/** Offsets of the whole-word occurrences of `name` in `code` (from `codeOnly`), not counting attributes of something else (`x.name`). */
export function occurrences(code: string, name: string): readonly number[] {
  const found: number[] = [];
  const pattern = new RegExp(`(?<![\\w.$])${name}(?!\\w)`, 'g');
  for (let match = pattern.exec(code); match !== null; match = pattern.exec(code)) found.push(match.index);
  return found;
}

/** Whether every occurrence of `name` but its one binding at `binding` lies inside one of `spans`. */
export function onlyReadWithin(code: string, name: string, binding: number, spans: readonly Span[]): boolean {
  return occurrences(code, name).every((at) => at === binding || spans.some((span) => span.start <= at && at + name.length <= span.end));
}
