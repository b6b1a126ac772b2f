// A fix that sets a session conf on its own line above the statement a
// finding is in: `spark.conf.set("<key>", "<value>")`, with the name the file
// gives its session.

import type { Fix, FixSafety } from '../analysis/types';
import { pythonString } from './chain-edit';
import { sessionName } from './checkpoint-fixes';
import { indentAt, scanPythonLines, statementLineStart } from './python-lines';

/** Null when the file binds no session name the new line could use. */
export function setSessionConfFix(text: string, offset: number, key: string, value: string, title: string, safety: FixSafety): Fix | null {
  const session = sessionName(text);
  if (!session) return null;
  return {
    title,
    safety,
    edits: () => {
      const lineStart = statementLineStart(scanPythonLines(text), offset);
      return [{ span: { start: lineStart, end: lineStart }, newText: `${indentAt(text, lineStart)}${session}.conf.set(${pythonString(key)}, ${pythonString(value)})\n` }];
    },
  };
}
