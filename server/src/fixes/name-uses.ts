// Where a variable is bound and read, from the text alone, for fixes that
// move or rewrite the DataFrame a name stands for: a rewrite is offered only
// when every read of the name is one the model saw (inside a plan node's
// span), so a use the front end could not follow (`helper(devices)`, a
// notebook cell printing it) is never silently changed.
//
// Deciding whether such a fix applies happens at lint time, once per finding,
// so the file is read once: the index of every name's offsets is kept for the
// last text, as `scanPythonLines` keeps its lines.

import type { PipelineModel } from '../model/pipeline';
import type { Span } from '../model/span';

type Language = PipelineModel['language'];

export interface CodeIndex {
  /** The text with plain string literals and comments blanked to spaces (offsets kept). */
  readonly code: string;
  /** Offsets of the whole-word uses of `name`, in order, not counting attributes of something else (`x.name`). */
  uses(name: string): readonly number[];
}

/**
 * Indexes `text`. Names inside `"/chk/devices"` or `# devices` are not uses;
 * interpolated strings (Python f-strings, Scala `s"..."`) are kept as code,
 * since `f"{devices}"` does read the name.
 */
export function codeIndex(text: string, language: Language): CodeIndex {
  if (last !== null && last.text === text && last.language === language) return last.index;
  const code = blankStringsAndComments(text, language);
  const names = new Map<string, number[]>();
  const pattern = /(?<![\w.$])[A-Za-z_]\w*/g;
  for (let match = pattern.exec(code); match !== null; match = pattern.exec(code)) {
    const offsets = names.get(match[0]);
    if (offsets) offsets.push(match.index);
    else names.set(match[0], [match.index]);
  }
  const index: CodeIndex = { code, uses: (name) => names.get(name) ?? [] };
  last = { text, language, index };
  return index;
}

let last: { readonly text: string; readonly language: Language; readonly index: CodeIndex } | null = null;

function blankStringsAndComments(text: string, language: Language): string {
  const comment = language === 'python' ? '#[^\\n]*' : '\\/\\/[^\\n]*|\\/\\*[\\s\\S]*?\\*\\/';
  // Python's string prefixes are letters among r, b, u, f (f interpolates); any identifier right before a Scala string is an interpolator.
  const interpolated = language === 'python' ? /[fF]/ : /^[A-Za-z_]/;
  const pattern = new RegExp(`"""[\\s\\S]*?"""|'''[\\s\\S]*?'''|"(?:\\\\.|[^"\\\\\\n])*"|'(?:\\\\.|[^'\\\\\\n])*'|${comment}`, 'g');
  return text.replace(pattern, (match: string, offset: number) => {
    const quoted = match.startsWith('"') || match.startsWith("'");
    const prefix = /\w*$/.exec(text.slice(Math.max(0, offset - 3), offset))?.[0] ?? '';
    if (quoted && prefix !== '' && interpolated.test(prefix)) return match;
    return match.replace(/[^\n]/g, ' ');
  });
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

/** How many uses of `name` lie in `span`. */
export function usesWithin(index: CodeIndex, name: string, span: Span): number {
  return index.uses(name).filter((at) => at >= span.start && at + name.length <= span.end).length;
}

/** Whether every use of `name` but its one binding at `binding` lies inside one of `spans`. */
export function onlyReadWithin(index: CodeIndex, name: string, binding: number, spans: readonly Span[]): boolean {
  return index.uses(name).every((at) => at === binding || spans.some((span) => span.start <= at && at + name.length <= span.end));
}
