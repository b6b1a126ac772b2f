// Fixes write `\n`; a file whose lines end in CRLF gets CRLF in every line a
// fix adds, so a Windows user's file does not end up with mixed line endings.

import type { Finding, TextEdit } from '../analysis/types';

/** The file's line break: CRLF when its first line ends so. */
export function newlineOf(text: string): '\r\n' | '\n' {
  const first = text.indexOf('\n');
  return first > 0 && text.charAt(first - 1) === '\r' ? '\r\n' : '\n';
}

/**
 * The findings with each fix's new text written with the file's line breaks,
 * and no edit splitting a CRLF pair (fixes that find a line's end by its `\n`
 * would leave a `\r` or a bare `\n`); the same findings when the file's
 * breaks are `\n`.
 */
export function withFileLineEndings(findings: readonly Finding[], text: string): readonly Finding[] {
  if (newlineOf(text) === '\n') return findings;
  const splitsPair = (offset: number): boolean => text.charAt(offset - 1) === '\r' && text.charAt(offset) === '\n';
  const crlfEdit = (edit: TextEdit): TextEdit => {
    // An edit ending between `\r` and `\n` keeps the `\r`; one starting there takes it.
    const start = splitsPair(edit.span.start) ? edit.span.start - 1 : edit.span.start;
    const end = splitsPair(edit.span.end) && edit.span.end - 1 >= start ? edit.span.end - 1 : edit.span.end;
    const newText = edit.newText.replace(/\r?\n/g, '\r\n');
    return start === edit.span.start && end === edit.span.end && newText === edit.newText ? edit : { span: { start, end }, newText };
  };
  return findings.map((finding) =>
    finding.fixes.length === 0 ? finding : { ...finding, fixes: finding.fixes.map((fix) => ({ ...fix, edits: () => fix.edits().map(crlfEdit) })) },
  );
}
