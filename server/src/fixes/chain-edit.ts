// Edits to method chains that keep the user's formatting.
//
// A chain is written one of three ways: on one line
// (`events.groupBy("k").count()`), one step per line inside parentheses, or
// one step per line with backslash continuations; any line may end with a
// comment. A step inserted into a one-step-per-line chain gets its own line
// with the indentation of the step it precedes (and a backslash when the chain
// uses them); a step inserted into a one-line chain stays on that line. A
// removed step takes its line with it when it had one to itself.

import type { TextEdit } from '../analysis/types';
import type { Span } from '../model/span';
import { indentAt, lineOf, scanPythonLines, type PythonLines } from './python-lines';

/**
 * Inserts `call` (`.withWatermark("ts", "10 minutes")`) before the chain step
 * that starts at `stepStart` (the offset of its `.`, as a node's `callSpan`
 * starts).
 */
export function insertBeforeStep(text: string, stepStart: number, call: string, lines: PythonLines = scanPythonLines(text)): TextEdit {
  const dot = stepDot(text, stepStart);
  const line = lineOf(lines, dot);
  const lineStart = lines.lineStarts[line] ?? 0;
  const indent = indentAt(text, lineStart);
  if (lineStart + indent.length === dot && line > 0) {
    // The step has its own line: the new step gets one too, continued the way the line above is.
    const backslash = lines.continued[line - 1] === true ? ' \\' : '';
    return { span: { start: lineStart, end: lineStart }, newText: `${indent}${call}${backslash}\n` };
  }
  return { span: { start: dot, end: dot }, newText: call };
}

/**
 * Inserts `call` after the chain step that ends at `stepEnd`: before the next
 * step when the chain goes on (so a comment after the step stays with it),
 * else right after the step.
 */
export function insertAfterStep(text: string, stepEnd: number, call: string, lines: PythonLines = scanPythonLines(text)): TextEdit {
  const next = nextStepStart(text, stepEnd);
  if (next !== null) return insertBeforeStep(text, next, call, lines);
  return { span: { start: stepEnd, end: stepEnd }, newText: call };
}

/**
 * Removes one chain step (`.cache()`), given its span from its `.` to its
 * closing parenthesis. A step alone on its line takes the line along (with
 * its `#` or `//` comment); when it was the last line of a backslash-continued
 * chain, the backslash before it goes too, so the statement still ends where
 * it should. A step whose line holds only the brackets that close the chain
 * after it (`    .cache())`) leaves them at the end of the nearest line above
 * with code, before that line's comment, as if the step had never been written
 * (blank lines that set the step apart go with it).
 */
export function removeStep(text: string, step: Span, lines: PythonLines = scanPythonLines(text)): readonly TextEdit[] {
  const dot = stepDot(text, step.start);
  const line = lineOf(lines, dot);
  const lineStart = lines.lineStarts[line] ?? 0;
  const lineEnd = endOfLine(text, step.end);
  const before = text.slice(lineStart, dot);
  const after = text.slice(step.end, lineEnd);
  const rest = after.replace(/\r$/, '');
  const aloneOnLine = before.trim() === '' && /^[ \t]*(\\)?[ \t]*(#.*|\/\/.*)?$/.test(rest);
  const closers = before.trim() === '' && line > 0 ? /^[ \t]*([)\]}]+)[ \t]*(#.*|\/\/.*)?$/.exec(rest)?.[1] : undefined;
  if (closers !== undefined) {
    // The nearest line above with code: comment-only lines in between stay where they are, blank ones go (they set the removed step apart).
    for (let above = line - 1; above >= 0; above--) {
      const joined = closeOnLineAbove(text, lines.lineStarts[above] ?? 0, lines.lineStarts[above + 1] ?? lineStart, closers);
      if (!joined) continue;
      const blanks: TextEdit[] = [];
      for (let between = above + 1; between < line; between++) {
        const start = lines.lineStarts[between] ?? 0;
        const end = lines.lineStarts[between + 1] ?? lineStart;
        if (text.slice(start, end).trim() === '') blanks.push({ span: { start, end }, newText: '' });
      }
      return [...joined, ...blanks, { span: { start: lineStart, end: Math.min(text.length, lineEnd + 1) }, newText: '' }];
    }
  }
  if (!aloneOnLine || line === 0) return [{ span: { start: dot, end: step.end }, newText: '' }];
  const wholeLine = { start: lineStart, end: Math.min(text.length, lineEnd + 1) };
  const endsContinued = lines.continued[line] === true;
  const previousContinued = lines.continued[line - 1] === true;
  if (previousContinued && !endsContinued) {
    // `x = a \` + `    .cache()`: the line above must stop continuing.
    const previousStart = lines.lineStarts[line - 1] ?? 0;
    const previousLine = text.slice(previousStart, lineStart);
    const slash = previousLine.search(/[ \t]*\\\r?\n$/);
    if (slash >= 0) return [{ span: { start: previousStart + slash, end: wholeLine.end - 1 }, newText: '' }];
  }
  return [{ span: wholeLine, newText: '' }];
}

/**
 * The edit that appends `closers` to the code of the line from `start` to
 * `end` (its line break included), before its comment; null when that line
 * holds no code to close (blank, or only a comment).
 */
function closeOnLineAbove(text: string, start: number, end: number, closers: string): readonly TextEdit[] | null {
  const line = text.slice(start, end).replace(/\r?\n$/, '');
  const comment = commentStart(line);
  const code = line.slice(0, comment).replace(/[ \t]*\\?[ \t]*$/, '');
  if (code.trim() === '') return null;
  const at = start + code.length;
  // A comment stays after the closers; without one, the line's tail (spaces, a backslash continuing into the removed line) goes.
  return [{ span: { start: at, end: comment < line.length ? at : start + line.length }, newText: closers }];
}

/**
 * Where a one-line comment starts in a line of code (its length when none):
 * `#`, or `//` after a closing bracket or at the start (so Python's `n // 2`
 * is not taken for a Scala comment). Quotes are followed on the line only.
 */
function commentStart(line: string): number {
  let quote: string | null = null;
  for (let at = 0; at < line.length; at++) {
    const char = line.charAt(at);
    if (quote !== null) {
      if (char === '\\') at++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#') return at;
    else if (char === '/' && line.charAt(at + 1) === '/' && /(^|[)\]}])[ \t]*$/.test(line.slice(0, at))) return at;
  }
  return line.length;
}

/** Replaces the text of a string literal at `span` with `value`, keeping its quote character and prefix. */
export function replaceStringLiteral(text: string, span: Span, value: string): TextEdit {
  const literal = text.slice(span.start, span.end);
  const match = /^([a-zA-Z]*)("""|'''|"|')/.exec(literal);
  if (!match) return { span, newText: JSON.stringify(value) };
  const prefix = (match[1] ?? '').replace(/[fF]/g, '');
  const quote = match[2] ?? '"';
  return { span, newText: `${prefix}${quote}${value}${quote}` };
}

/** A Python string literal for `value`, double-quoted. */
export function pythonString(value: string): string {
  return JSON.stringify(value);
}

/** The `.` of a step whose span may start at the dot or at the method name. */
function stepDot(text: string, start: number): number {
  if (text.charAt(start) === '.') return start;
  let at = start - 1;
  while (at >= 0 && /\s|\\/.test(text.charAt(at))) at--;
  return text.charAt(at) === '.' ? at : start;
}

/** The `.` of the next step after `offset`, skipping spaces, comments, line breaks and backslashes; null when the chain ends there. */
function nextStepStart(text: string, offset: number): number | null {
  let at = offset;
  while (at < text.length) {
    const char = text.charAt(at);
    if (char === '#') {
      while (at < text.length && text.charAt(at) !== '\n') at++;
      continue;
    }
    if (/\s|\\/.test(char)) {
      at++;
      continue;
    }
    return char === '.' && /[A-Za-z_]/.test(text.charAt(at + 1)) ? at : null;
  }
  return null;
}

/** The offset of the line break that ends the line holding `offset` (the text's length on the last line). */
export function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}
