// Edits that silence a finding with a comment: for one statement (a comment
// on its own line above it, which covers the whole statement however many
// lines its chain spans) or for the file (after the shebang, the encoding
// line and the module docstring). And the edit that removes a suppression
// comment that silences nothing.

import type { TextEdit } from '../analysis/types';
import type { Span } from '../model/span';
import type { SyntaxNode } from '../syntax/tree-sitter';
import { scalaStatementAt } from '../scala/statements';
import { newlineOf } from './line-endings';
import { scanPythonLines, statementLineStart, type PythonLines } from './python-lines';

/**
 * Where suppression comments go in one file: the comment marker, the start
 * of the line that begins the statement holding an offset (null when no
 * comment above can cover it), and where a file-level comment goes.
 */
export interface SuppressionPlacement {
  readonly marker: '#' | '//';
  statementLineStart(offset: number): number | null;
  /** Where a comment at the end of the line holding `offset` goes, for a statement no comment above covers; null when it cannot. */
  lineEndComment(offset: number): number | null;
  fileHeaderEnd(): number;
}

/** Python: statements are logical lines; the file comment goes after a shebang, an encoding line, a Databricks header and the module docstring. */
export function pythonPlacement(text: string, lines: PythonLines = scanPythonLines(text)): SuppressionPlacement {
  return { marker: '#', statementLineStart: (offset) => statementLineStart(lines, offset), lineEndComment: () => null, fileHeaderEnd: () => pythonFileHeaderEnd(text, lines) };
}

/** Scala: statements from tree-sitter-scala's tree of `text` (none without one); the file comment goes after a Databricks header, else first. */
export function scalaPlacement(text: string, root: SyntaxNode | null): SuppressionPlacement {
  return {
    marker: '//',
    statementLineStart: (offset) => {
      const statement = root === null ? null : scalaStatementAt(root, offset);
      return statement === null ? null : text.lastIndexOf('\n', statement.startIndex - 1) + 1;
    },
    // `def f(b: DataFrame): Unit = b.write...`: the comment goes after the code, when the line ends in code (not in a string or a comment).
    lineEndComment: (offset) => {
      if (root === null) return null;
      const newline = text.indexOf('\n', offset);
      let end = newline < 0 ? text.length : newline;
      if (text.charAt(end - 1) === '\r') end--;
      const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
      if (/\/\/|\/\*/.test(text.slice(lineStart, end))) return null;
      const last = root.descendantForIndex(Math.max(lineStart, end - 1), end);
      return last === null || /string|comment/.test(last.type) ? null : end;
    },
    fileHeaderEnd: () => (/^\/\/ Databricks notebook source[ \t]*\r?\n/.exec(text)?.[0].length ?? 0),
  };
}

/** `# whirlpool: ignore[rule]` (`//` in Scala) above the statement holding `offset`, merged into such a comment already there; at the end of its line when no comment above covers it; null when neither can. */
export function disableForStatement(text: string, offset: number, rule: string, placement: SuppressionPlacement = pythonPlacement(text)): TextEdit | null {
  const lineStart = placement.statementLineStart(offset);
  if (lineStart === null) {
    const end = placement.lineEndComment(offset);
    return end === null ? null : { span: { start: end, end }, newText: ` ${placement.marker} whirlpool: ignore[${rule}]` };
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  if (lineStart > 0) {
    const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const previous = text.slice(previousStart, lineStart).replace(/\r?\n$/, '');
    const marker = placement.marker === '#' ? '#' : '\\/\\/';
    const existing = new RegExp(`^([ \\t]*${marker}\\s*whirlpool\\s*:\\s*ignore\\s*\\[)([^\\]]*)\\]`).exec(previous);
    if (existing) {
      const names = (existing[2] ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
      const end = previousStart + existing[0].length - 1;
      return { span: { start: end, end }, newText: names.length > 0 ? `, ${rule}` : rule };
    }
  }
  return { span: { start: lineStart, end: lineStart }, newText: `${indent}${placement.marker} whirlpool: ignore[${rule}]${newlineOf(text)}` };
}

/** `# whirlpool: ignore-file[rule]` (`//` in Scala) at the top of the file, after its header. */
export function disableForFile(text: string, rule: string, placement: SuppressionPlacement = pythonPlacement(text)): TextEdit {
  const offset = placement.fileHeaderEnd();
  const newline = newlineOf(text);
  const needsBreak = offset === text.length && text !== '' && !text.endsWith('\n');
  return { span: { start: offset, end: offset }, newText: `${needsBreak ? newline : ''}${placement.marker} whirlpool: ignore-file[${rule}]${newline}` };
}

/**
 * Removes a suppression comment: its whole line when the comment is alone on
 * it, else the comment and the spaces before it. `comment` spans the `#`
 * to the end of the comment.
 */
export function removeComment(text: string, comment: Span): TextEdit {
  const lineStart = text.lastIndexOf('\n', comment.start - 1) + 1;
  const newline = text.indexOf('\n', comment.end);
  const lineEnd = newline < 0 ? text.length : newline;
  if (text.slice(lineStart, comment.start).trim() === '' && text.slice(comment.end, lineEnd).trim() === '') {
    return { span: { start: lineStart, end: newline < 0 ? lineEnd : newline + 1 }, newText: '' };
  }
  let start = comment.start;
  while (start > lineStart && /[ \t]/.test(text.charAt(start - 1))) start--;
  return { span: { start, end: comment.end }, newText: '' };
}

/** Where a file-level comment goes in Python: after a shebang, an encoding line, a Databricks header and the module docstring. */
function pythonFileHeaderEnd(text: string, lines: PythonLines): number {
  let line = 0;
  const lineText = (row: number): string => {
    const start = lines.lineStarts[row] ?? text.length;
    const end = lines.lineStarts[row + 1] ?? text.length;
    return text.slice(start, end).replace(/\r?\n$/, '');
  };
  if (lineText(0).startsWith('#!')) line = 1;
  if (line < lines.lineStarts.length && /^[ \t\f]*#.*coding[:=]/.test(lineText(line))) line++;
  // A Databricks source notebook's header must stay its first line.
  if (line === 0 && /^# Databricks notebook source\s*$/.test(lineText(0))) line = 1;
  // Skip blank lines and comments, then a docstring statement if the module starts with one.
  let row = line;
  while (row < lines.lineStarts.length && /^\s*(#.*)?$/.test(lineText(row)) && (lines.lineStarts[row] ?? text.length) < text.length) row++;
  if (row < lines.lineStarts.length && /^[rRuUbB]{0,2}("""|'''|"|')/.test(lineText(row))) {
    // The docstring runs until the next line that starts a statement.
    let next = row + 1;
    while (next < lines.lineStarts.length && !lines.startsStatement[next]) next++;
    return lines.lineStarts[next] ?? text.length;
  }
  return lines.lineStarts[line] ?? text.length;
}
