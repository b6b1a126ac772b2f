// A fix that removes a session conf setting: a `spark.conf.set(k, v)`
// statement (its line goes; `pass` takes its place when it was a block's only
// statement), or a `.config(k, v)` step of a `SparkSession.builder` chain.
// In Scala the statement's line goes too; an empty block is valid there.
// A `SET k=v` in SQL text, a conf passed in a SparkConf or a map, and a
// `conf.set` inside a larger expression are left alone: no fix.

import type { Fix, FixSafety, TextEdit } from '../analysis/types';
import type { SessionConf } from '../model/pipeline';
import { removeStep } from './chain-edit';
import type { Language } from '../rules/spelling';
import { indentAt, lineOf, scanPythonLines } from './python-lines';

export function removeConfFix(text: string, conf: SessionConf, title: string, safety: FixSafety, language: Language = 'python'): Fix | null {
  const call = text.slice(conf.span.start, conf.span.end);
  const key = conf.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (conf.via === 'builder.config') {
    if (!new RegExp(`^\\.\\s*config\\s*\\(\\s*(key\\s*=\\s*)?[rRuU]?(["'])${key}\\2\\s*,`).test(call)) return null;
    return { title, safety, edits: () => removeStep(text, conf.span) };
  }
  if (conf.via !== 'conf.set' || !/^\.\s*set\s*\(/.test(call)) return null;
  const edits = language === 'scala' ? removeScalaStatement(text, conf.span.start, conf.span.end) : removeStatement(text, conf.span.start, conf.span.end);
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

/**
 * The Scala statement `<name>.conf` + the call ending at `callEnd`, when it has
 * its lines to itself. Python's logical lines do not apply (every line inside
 * an `object { ... }` is bracketed), so the lines around it are read instead:
 * the code line before must end a statement (not `=`, `=>`, an operator, an
 * open bracket, a comma or a keyword that takes a body), and the next code
 * line must not continue it with `.`.
 */
function removeScalaStatement(text: string, callStart: number, callEnd: number): readonly TextEdit[] | null {
  const lineStart = text.lastIndexOf('\n', callStart - 1) + 1;
  if (!/^[ \t]*[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)*\s*$/.test(text.slice(lineStart, callStart))) return null;
  const newline = text.indexOf('\n', callEnd);
  const lineEnd = newline < 0 ? text.length : newline;
  if (!/^[ \t]*;?[ \t]*(\/\/.*)?\r?$/.test(text.slice(callEnd, lineEnd))) return null;
  const code = (lines: readonly string[]): string[] => lines.map((line) => line.replace(/\/\/.*$/, '').trim()).filter((line) => line !== '');
  const previous = code(text.slice(0, lineStart).split('\n')).pop() ?? '';
  if (/(?:[=>+\-*/%&|^!<(,.\[]|\b(?:then|else|do|yield|if|while|for|match|return|new|extends|with))$/.test(previous)) return null;
  const next = code(text.slice(lineEnd).split('\n'))[0] ?? '';
  if (next.startsWith('.')) return null;
  return [{ span: { start: lineStart, end: newline < 0 ? text.length : newline + 1 }, newText: '' }];
}
