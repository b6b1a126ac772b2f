// Column and table names from user code reach SQL only through this function.
// SQLite identifiers are quoted with double quotes; an embedded double quote is
// doubled, so `a"b; DROP TABLE x` stays one identifier.

export function quoteIdentifier(name: string): string {
  if (name.includes('\u0000')) throw new Error('an identifier cannot contain a NUL character');
  return `"${name.replace(/"/g, '""')}"`;
}
