// Where Python's logical lines start, from the text alone: fixes run in the
// rule layer, which has the model's spans but no syntax tree.
//
// One pass over the file tracks strings (all prefixes, triple quotes),
// comments, bracket depth and backslash continuations. A physical line
// starts a logical line when it begins outside brackets, outside a string,
// and the line before it did not end in a backslash. Fixes use this to put a
// new statement (a function, a comment) above the statement a finding is in,
// never inside a string or a bracketed chain.

export interface PythonLines {
  /** Offset of each physical line's first character. */
  readonly lineStarts: readonly number[];
  /** Whether each physical line starts a logical line (a statement or a clause header). */
  readonly startsStatement: readonly boolean[];
  /** Whether each physical line ends with a backslash continuation. */
  readonly continued: readonly boolean[];
  /** The file's indentation unit: the smallest step between nested blocks (4 spaces when nothing is nested). */
  readonly indentUnit: string;
}

/**
 * Scans `text` once. Never throws: unterminated strings run to the end of the file.
 * The last scan is kept: a rule that decides whether a fix applies may ask for
 * every finding of a file, and each scan reads the whole text.
 */
export function scanPythonLines(text: string): PythonLines {
  if (lastScan !== null && lastScan.text === text) return lastScan.lines;
  const lines = scan(text);
  lastScan = { text, lines };
  return lines;
}

let lastScan: { readonly text: string; readonly lines: PythonLines } | null = null;

function scan(text: string): PythonLines {
  const lineStarts: number[] = [0];
  const startsStatement: boolean[] = [true];
  const continued: boolean[] = [];
  const length = text.length;
  let depth = 0;
  // Char codes, not one-character strings: this reads every character of the file.
  // The open string's quote (34 or 39, 0 outside strings) and whether it is tripled.
  let quote = 0;
  let triple = false;
  let backslash = false;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (quote !== 0) {
      if (code === 92) {
        i += 2;
        continue;
      }
      if (code === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote))) {
        i += triple ? 3 : 1;
        quote = 0;
        continue;
      }
      if (code === 10) {
        if (!triple) quote = 0; // an unterminated short string ends at the line break
        else {
          continued.push(false);
          lineStarts.push(i + 1);
          startsStatement.push(false);
          i++;
          continue;
        }
      } else {
        i++;
        continue;
      }
    }
    if (code === 35) {
      while (i < length && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (code === 92 && (text.charCodeAt(i + 1) === 10 || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10))) {
      backslash = true;
      i += text.charCodeAt(i + 1) === 13 ? 2 : 1;
      continue;
    }
    if (code === 10) {
      continued.push(backslash);
      lineStarts.push(i + 1);
      startsStatement.push(depth === 0 && !backslash);
      backslash = false;
      i++;
      continue;
    }
    if (code === 34 || code === 39) {
      triple = text.charCodeAt(i + 1) === code && text.charCodeAt(i + 2) === code;
      quote = code;
      i += triple ? 3 : 1;
      continue;
    }
    if (code === 40 || code === 91 || code === 123) depth++;
    else if ((code === 41 || code === 93 || code === 125) && depth > 0) depth--;
    if (code !== 32 && code !== 9 && code !== 13) backslash = false;
    i++;
  }
  continued.push(backslash);
  return { lineStarts, startsStatement, continued, indentUnit: detectIndentUnit(text, lineStarts, startsStatement) };
}

/** The physical line (0-based) that holds `offset`. */
export function lineOf(lines: PythonLines, offset: number): number {
  let low = 0;
  let high = lines.lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lines.lineStarts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The offset where the logical line holding `offset` starts (the start of its first physical line). */
export function statementLineStart(lines: PythonLines, offset: number): number {
  let line = lineOf(lines, offset);
  while (line > 0 && !lines.startsStatement[line]) line--;
  return lines.lineStarts[line] ?? 0;
}

/** The leading whitespace of the physical line that starts at `lineStart`. */
export function indentAt(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))?.[0] ?? '';
}

function detectIndentUnit(text: string, lineStarts: readonly number[], startsStatement: readonly boolean[]): string {
  let smallest: string | null = null;
  let previous = '';
  for (let line = 0; line < lineStarts.length; line++) {
    if (!startsStatement[line]) continue;
    const start = lineStarts[line] ?? 0;
    const indent = indentAt(text, start);
    const rest = text.charAt(start + indent.length);
    if (rest === '\n' || rest === '\r' || rest === '#' || rest === '') continue;
    if (indent.length > previous.length && indent.startsWith(previous)) {
      const step = indent.slice(previous.length);
      if (smallest === null || step.length < smallest.length) smallest = step;
    }
    previous = indent;
  }
  return smallest ?? '    ';
}
