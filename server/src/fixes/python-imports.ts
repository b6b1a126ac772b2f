// Adding an import line to a Python file for a fix that writes a name the
// file does not bind yet.

import type { TextEdit } from '../analysis/types';

/**
 * Inserts `line` after the last top-level import above `offset` (an import
 * in parentheses or continued with `\` counts to its end); with none there,
 * at the top of the file below its leading comments (shebang, encoding, a
 * notebook header), its docstring and `from __future__` imports. Python runs
 * top-down: an import below the fix's code would come too late.
 */
export function pythonImportEdit(text: string, offset: number, line: string): TextEdit {
  const lines = text.split('\n');
  let position = 0;
  let afterImports: number | null = null;
  let top = 0;
  let header = true;
  for (let index = 0; index < lines.length && position <= offset; index++) {
    const current = lines[index] ?? '';
    const start = position;
    let end = start + current.length + 1;
    if (/^(?:import[ \t]|from[ \t]+[\w.]+[ \t]+import\b)/.test(current)) {
      // A parenthesised or continued import ends on a later line.
      let statement = current;
      while ((/\([^)]*$/.test(statement) || /\\[ \t]*$/.test(statement)) && index + 1 < lines.length) {
        index++;
        const next = lines[index] ?? '';
        statement = `${statement}\n${next}`;
        end += next.length + 1;
      }
      if (start < offset) afterImports = Math.min(end, text.length);
      if (header && /^from[ \t]+__future__[ \t]/.test(current)) top = Math.min(end, text.length);
      else header = false;
    } else if (header && (/^[ \t]*(?:#.*)?\r?$/.test(current) || /^[rRuU]?("""|''')/.test(current))) {
      const docstring = /^[rRuU]?("""|''')/.exec(current);
      if (docstring) {
        const quote = docstring[1] ?? '"""';
        const closes = current.indexOf(quote, current.indexOf(quote) + 3);
        while (closes < 0 && index + 1 < lines.length) {
          index++;
          const next = lines[index] ?? '';
          end += next.length + 1;
          if (next.includes(quote)) break;
        }
        top = Math.min(end, text.length);
      } else if (current.trim() !== '') {
        top = Math.min(end, text.length);
      }
    } else {
      header = false;
    }
    position = end;
  }
  const at = afterImports ?? top;
  const needsBreak = at === text.length && text.length > 0 && !text.endsWith('\n');
  return { span: { start: at, end: at }, newText: `${needsBreak ? '\n' : ''}${line}\n` };
}
