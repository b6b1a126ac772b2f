// The name a Python file gives `pyspark.sql.functions`, for fixes that
// write a new column function call (`F.rand()`): the file's own name when it
// has one, else `F` with `from pyspark.sql import functions as F` added
// below the file's imports (a file that imports only `col` by name, or
// nothing, still gets the fix).

import type { TextEdit } from '../analysis/types';
import { pythonImportEdit } from './python-imports';

export interface FunctionsModule {
  /** What to write before a function's name, without the dot: `F`, `fn`, `functions`. */
  readonly name: string;
  /** The import line to add with the fix, none when the file already names the module: a thunk, since placing it reads the whole file. */
  readonly imports: () => readonly TextEdit[];
}

/**
 * The file's name for the functions module, else `F` and the import that
 * binds it, placed above `offset` (where the fix writes). Null when the file
 * binds `F` to something else: writing `F.` there would call the wrong thing.
 */
export function functionsModule(text: string, offset: number): FunctionsModule | null {
  const name = functionsModuleName(text);
  if (name !== null) return { name, imports: () => [] };
  if (bindsName(text, 'F')) return null;
  return { name: 'F', imports: () => [pythonImportEdit(text, offset, 'from pyspark.sql import functions as F')] };
}

/** `F` for `from pyspark.sql import functions as F` or `import pyspark.sql.functions as F`, `functions` for a plain import; null when the file imports it under no name. */
export function functionsModuleName(text: string): string | null {
  const aliased = /^[ \t]*(?:from[ \t]+pyspark\.sql[ \t]+import[ \t]+(?:\(?[^\n#]*?,[ \t]*)?functions[ \t]+as[ \t]+([A-Za-z_]\w*)|import[ \t]+pyspark\.sql\.functions[ \t]+as[ \t]+([A-Za-z_]\w*))/m.exec(text);
  if (aliased) return aliased[1] ?? aliased[2] ?? null;
  return /^[ \t]*from[ \t]+pyspark\.sql[ \t]+import[ \t]+(?:[^\n#]*?,[ \t]*)?functions\b(?![ \t]+as)/m.test(text) ? 'functions' : null;
}

/** Whether the file binds `name` itself: an import (`as F`, `import F`, `from m import F`), an assignment, a def, a class or a loop variable. */
function bindsName(text: string, name: string): boolean {
  const word = name.replace(/[^\w]/g, '');
  return new RegExp(`(?:\\bas[ \\t]+${word}\\b|^[ \\t]*(?:import|def|class)[ \\t]+${word}\\b|^[ \\t]*from[ \\t]+[\\w.]+[ \\t]+import[ \\t][^\\n]*\\b${word}\\b|^[ \\t]*${word}[ \\t]*(?::[^=\\n]*)?=(?!=)|\\bfor[ \\t]+${word}[ \\t]+in\\b)`, 'm').test(text);
}
