// How a Scala file reaches `org.apache.spark.sql.functions`, for fixes that
// write a new column function call (`rand()`, `to_timestamp($"c")`): a
// wildcard import puts every function in scope, an import of the object
// itself (or the `org.apache.spark.sql` package's wildcard, which holds it)
// needs the `functions.` qualifier, and a file that imports only
// some functions by name would need a new import, so it gets no fix.

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
export function implicitsInScope(text: string, offset: number): boolean {
  const imports = /^[ \t]*import[ \t]+[A-Za-z_][\w.]*\.implicits\._/gm;
  for (let match = imports.exec(text); match && match.index < offset; match = imports.exec(text)) {
    if (blockStaysOpen(text, match.index, offset)) return true;
  }
  return false;
}

/** Whether no brace closes the block open at `from` before `to`; braces in strings and comments do not count. */
export function blockStaysOpen(text: string, from: number, to: number): boolean {
  let depth = 0;
  let index = from;
  while (index < to) {
    const character = text.charAt(index);
    if (character === '/' && text.charAt(index + 1) === '/') {
      const end = text.indexOf('\n', index);
      index = end < 0 ? to : end;
    } else if (character === '/' && text.charAt(index + 1) === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end < 0 ? to : end + 2;
    } else if (character === '"') {
      const triple = text.startsWith('"""', index);
      const end = triple ? text.indexOf('"""', index + 3) : stringEnd(text, index + 1);
      index = end < 0 ? to : end + (triple ? 3 : 1);
    } else {
      if (character === '{') depth++;
      else if (character === '}' && --depth < 0) return false;
      index++;
    }
  }
  return true;
}

/** The closing quote of a one-line string whose body starts at `start`; an unterminated one ends before its line break. */
function stringEnd(text: string, start: number): number {
  for (let index = start; index < text.length; index++) {
    const character = text.charAt(index);
    if (character === '\\') index++;
    else if (character === '"') return index;
    else if (character === '\n') return index - 1;
  }
  return text.length;
}
