// How a Scala file reaches `org.apache.spark.sql.functions`, for fixes that
// write a new column function call (`rand()`, `to_timestamp($"c")`): a
// wildcard import puts every function in scope, an import of the object
// itself (or the `org.apache.spark.sql` package's wildcard, which holds it)
// needs the `functions.` qualifier, and a file that imports only
// some functions by name would need a new import, so it gets no fix.

import { codeIndex } from './name-uses';

/** `''` after `import org.apache.spark.sql.functions._`, `'functions.'` when the object itself is imported (by name or through `org.apache.spark.sql._`); null otherwise. */
export function scalaFunctionsQualifier(text: string): string | null {
  if (/^[ \t]*import[ \t]+org\.apache\.spark\.sql\.functions\.(?:_|\*)[ \t]*(?:\/\/.*|;)?$/m.test(text)) return '';
  if (/^[ \t]*import[ \t]+org\.apache\.spark\.sql\.functions\.\{[^}\n]*(?:\b_|\*)[ \t]*\}/m.test(text)) return '';
  if (/^[ \t]*import[ \t]+org\.apache\.spark\.sql\.(?:functions\b(?![ \t]*\.)|_|\*|\{[^}\n]*\bfunctions\b(?![ \t]*=>)[^}\n]*\})/m.test(text)) return 'functions.';
  return null;
}

/**
 * A column named by a literal, where a Scala function takes a `Column`:
 * `$"c"` where a session's implicits (which define `$`) are imported in a
 * block around `offset`, else `col("c")` through the functions qualifier.
 */
export function scalaColumn(text: string, qualifier: string, name: string, offset: number): string {
  return implicitsInScope(text, offset) ? `$${JSON.stringify(name)}` : `${qualifier}col(${JSON.stringify(name)})`;
}

/**
 * Whether an `import <session>.implicits._` before `offset` is still in scope
 * there: imports are lexically scoped, so the block that holds the import
 * (usually `main`'s) must not close before `offset`; a helper method after
 * `main` does not see `main`'s implicits.
 */
function implicitsInScope(text: string, offset: number): boolean {
  const imports = /^[ \t]*import[ \t]+[A-Za-z_][\w.]*\.implicits\._/gm;
  for (let match = imports.exec(text); match && match.index < offset; match = imports.exec(text)) {
    if (blockStaysOpen(text, match.index, offset)) return true;
  }
  return false;
}

/**
 * Whether no brace closes the block open at `from` before `to`; braces in
 * strings and comments do not count (the shared code index blanks them).
 */
export function blockStaysOpen(text: string, from: number, to: number): boolean {
  const code = codeIndex(text, 'scala').code;
  let depth = 0;
  for (let index = from; index < to; index++) {
    const character = code.charAt(index);
    if (character === '{') depth++;
    else if (character === '}' && --depth < 0) return false;
  }
  return true;
}
