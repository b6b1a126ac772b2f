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
 * `$"c"` when the file imports a session's implicits (which define `$`),
 * else `col("c")` through the functions qualifier.
 */
export function scalaColumn(text: string, qualifier: string, name: string): string {
  return /^[ \t]*import[ \t]+[A-Za-z_][\w.]*\.implicits\._/m.test(text) ? `$${JSON.stringify(name)}` : `${qualifier}col(${JSON.stringify(name)})`;
}
