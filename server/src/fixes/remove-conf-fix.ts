// A fix that removes a session conf setting: a `spark.conf.set(k, v)`
// statement (its line goes; `pass` takes its place when it was a block's only
// statement), or a `.config(k, v)` step of a `SparkSession.builder` chain.
// A `SET k=v` in SQL text, a conf passed in a SparkConf or a map, and a
// `conf.set` inside a larger expression are left alone: no fix.

import type { Fix, FixSafety, TextEdit } from '../analysis/types';
import type { SessionConf } from '../model/pipeline';
import { removeStep } from './chain-edit';
import { indentAt, lineOf, scanPythonLines } from './python-lines';

export function removeConfFix(text: string, conf: SessionConf, title: string, safety: FixSafety): Fix | null {
  const call = text.slice(conf.span.start, conf.span.end);
  const key = conf.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (conf.via === 'builder.config') {
    if (!new RegExp(`^\\.\\s*config\\s*\\(\\s*(key\\s*=\\s*)?[rRuU]?(["'])${key}\\2\\s*,`).test(call)) return null;
    return { title, safety, edits: () => removeStep(text, conf.span) };
  }
  if (conf.via !== 'conf.set' || !/^\.\s*set\s*\(/.test(call)) return null;
  const edits = removeStatement(text, conf.span.start, conf.span.end);
  return edits ? { title, safety, edits: () => edits } : null;
}

/** Removes the statement `<name>.conf` + the call ending at `callEnd`, when it is a statement of its own on its own lines. */
function removeStatement(text: string, callStart: number, callEnd: number): readonly TextEdit[] | null {
  const lines = scanPythonLines(text);
  const line = lineOf(lines, callStart);
  if (!lines.startsStatement[line]) return null;
  const lineStart = lines.lineStarts[line] ?? 0;
  if (!/^[ \t]*[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)*\s*$/.test(text.slice(lineStart, callStart))) return null;
  const newline = text.indexOf('\n', callEnd);
  const lineEnd = newline < 0 ? text.length : newline;
  if (!/^[ \t]*(#.*)?\r?$/.test(text.slice(callEnd, lineEnd))) return null;
  const end = newline < 0 ? text.length : newline + 1;
  const indent = indentAt(text, lineStart);
  if (indent !== '' && onlyStatementOfBlock(text, lineStart, end, indent)) {
    return [{ span: { start: lineStart + indent.length, end: lineEnd }, newText: 'pass' }];
  }
  return [{ span: { start: lineStart, end }, newText: '' }];
}

/** Whether the line before is a block header (`...:`) and the next code line is indented less. */
function onlyStatementOfBlock(text: string, start: number, end: number, indent: string): boolean {
  const code = (from: number, to: number): string[] =>
    text
      .slice(from, to)
      .split('\n')
      .filter((candidate) => candidate.trim() !== '' && !candidate.trim().startsWith('#'));
  const before = code(0, start);
  const previous = before[before.length - 1] ?? '';
  if (!/:\s*(#.*)?\r?$/.test(previous)) return false;
  const next = code(end, text.length)[0];
  return next === undefined || indentAt(next, 0).length < indent.length;
}
