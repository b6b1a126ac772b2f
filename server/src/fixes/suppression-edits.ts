// Edits that silence a finding with a comment: for one statement (a comment
// on its own line above it, which covers the whole statement however many
// lines its chain spans) or for the file (after the shebang, the encoding
// line and the module docstring). And the edit that removes a suppression
// comment that silences nothing.

import type { TextEdit } from '../analysis/types';
import type { Span } from '../model/span';
import { indentAt, lineOf, scanPythonLines, statementLineStart, type PythonLines } from './python-lines';

/** `# whirlpool: ignore[rule]` above the statement holding `offset`; merged into such a comment already there. */
export function disableForStatement(text: string, offset: number, rule: string, lines: PythonLines = scanPythonLines(text)): TextEdit {
  const lineStart = statementLineStart(lines, offset);
  const indent = indentAt(text, lineStart);
  const line = lineOf(lines, lineStart);
  if (line > 0) {
    const previousStart = lines.lineStarts[line - 1] ?? 0;
    const previous = text.slice(previousStart, lineStart).replace(/\r?\n$/, '');
    const existing = /^([ \t]*#\s*whirlpool\s*:\s*ignore\s*\[)([^\]]*)\]/.exec(previous);
    if (existing) {
      const names = (existing[2] ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
      const end = previousStart + existing[0].length - 1;
      return { span: { start: end, end }, newText: names.length > 0 ? `, ${rule}` : rule };
    }
  }
  return { span: { start: lineStart, end: lineStart }, newText: `${indent}# whirlpool: ignore[${rule}]\n` };
}

/** `# whirlpool: ignore-file[rule]` at the top of the module, after a shebang, an encoding line and the module docstring. */
export function disableForFile(text: string, rule: string, lines: PythonLines = scanPythonLines(text)): TextEdit {
  const offset = fileHeaderEnd(text, lines);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const needsBreak = offset === text.length && text !== '' && !text.endsWith('\n');
  return { span: { start: offset, end: offset }, newText: `${needsBreak ? newline : ''}# whirlpool: ignore-file[${rule}]${newline}` };
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

/** Where a file-level comment goes: after a shebang, an encoding line and the module docstring. */
function fileHeaderEnd(text: string, lines: PythonLines): number {
  let line = 0;
  const lineText = (row: number): string => {
    const start = lines.lineStarts[row] ?? text.length;
    const end = lines.lineStarts[row + 1] ?? text.length;
    return text.slice(start, end).replace(/\r?\n$/, '');
  };
  if (lineText(0).startsWith('#!')) line = 1;
  if (line < lines.lineStarts.length && /^[ \t\f]*#.*coding[:=]/.test(lineText(line))) line++;
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
