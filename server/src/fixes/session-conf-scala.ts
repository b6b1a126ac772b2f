// Session confs set from a Scala fix: a `spark.conf.set(...)` call as in
// Python, but placed by Scala's statement lines (a chain continued on lines
// that start with `.`, a `val q =` whose right side starts on the next line)
// and bound to the session in scope there (a `val` or a parameter; none, no
// fix). The line goes above the statement the finding is in, inside its
// method, never above the object that holds it: Scala has no statements
// outside a definition.

import type { Fix, FixSafety } from '../analysis/types';
import { endOfLine } from './chain-edit';
import { abortableManager } from './checkpoint-fixes';
import { indentAt } from './python-lines';
import { blockStaysOpen } from './scala-functions';

/**
 * `<session>.conf.set("<key>", "<value>")` on its own line above the Scala
 * statement at `offset`, with its indentation. Needs the name the file gives
 * its session; none found, no fix.
 */
export function scalaSessionConfFix(text: string, offset: number, key: string, value: string, title: string, safety: FixSafety): Fix | null {
  const session = scalaSessionName(text, offset);
  if (!session) return null;
  return {
    title,
    safety,
    edits: () => {
      const lineStart = scalaStatementLineStart(text, offset);
      return [{ span: { start: lineStart, end: lineStart }, newText: `${indentAt(text, lineStart)}${session}.conf.set(${JSON.stringify(key)}, ${JSON.stringify(value)})\n` }];
    },
  };
}

/** The abortable checkpoint file manager, set above the Scala statement at `offset`. */
export function scalaAbortableManagerFix(offset: number, text: string): Fix | null {
  return scalaSessionConfFix(
    text,
    offset,
    'spark.sql.streaming.checkpointFileManagerClass',
    abortableManager,
    'Use the abortable checkpoint file manager (Spark 3.4+, needs spark-hadoop-cloud)',
    'unsafe',
  );
}

/**
 * The session name in scope at `offset`: the last `val`/`var` bound to
 * `SparkSession.builder...` or parameter typed `SparkSession` before it whose
 * block is still open there (a session built in `main` is not seen by a
 * helper method). A file that binds none but uses `spark` (a notebook, the
 * shell) gets `spark`; a file whose sessions are all out of scope, none.
 */
function scalaSessionName(text: string, offset: number): string | null {
  const bindings = /(?:^[ \t]*(?:(?:lazy\s+)?val|var)\s+([A-Za-z_]\w*)\s*(?::\s*SparkSession\s*)?=\s*SparkSession\b|[(,]\s*([A-Za-z_]\w*)\s*:\s*SparkSession\b)/gm;
  let bound = false;
  let name: string | null = null;
  for (let match = bindings.exec(text); match; match = bindings.exec(text)) {
    bound = true;
    if (match.index < offset && blockStaysOpen(text, match.index, offset)) name = match[1] ?? match[2] ?? null;
  }
  if (bound) return name;
  return /\bspark\s*\.\s*(readStream|read|conf|sql)\b/.test(text) ? 'spark' : null;
}

/**
 * The start of the line the statement holding `offset` begins on: lines are
 * walked back while the line starts with `.` (a chain continued) or the line
 * before ends with a token that cannot end a statement (`=`, `(`, `,`, `.`, `+`,
 * `-`, `&`, `|`; not `=>` or `{`, after which a block's statements start). Line comments are ignored; the rule layer has no syntax tree.
 */
function scalaStatementLineStart(text: string, offset: number): number {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  for (;;) {
    if (lineStart === 0) return 0;
    const line = text.slice(lineStart, endOfLine(text, lineStart));
    let previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    let previous = codeOf(text.slice(previousStart, lineStart - 1));
    // Blank and comment-only lines between a statement's lines are skipped over.
    while (previous.trim() === '' && previousStart > 0) {
      previousStart = text.lastIndexOf('\n', previousStart - 2) + 1;
      previous = codeOf(text.slice(previousStart, endOfLine(text, previousStart)));
    }
    const continued = /^\s*\./.test(line) || /[=(,.+\-&|]\s*$/.test(previous);
    if (!continued || previous.trim() === '') return lineStart;
    lineStart = previousStart;
  }
}

/** A line without its `//` comment (a `//` inside a string such as a URL is kept). */
function codeOf(line: string): string {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line.charAt(index);
    if (character === '"' && line.charAt(index - 1) !== '\\') quoted = !quoted;
    else if (!quoted && character === '/' && line.charAt(index + 1) === '/') return line.slice(0, index);
  }
  return line;
}
