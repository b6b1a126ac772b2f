// The name a Python file gives `pyspark.sql.functions`, for fixes that
// write a new column function call (`F.rand()`).

/** `F` for `from pyspark.sql import functions as F` or `import pyspark.sql.functions as F`, `functions` for a plain import; null when the file imports it under no name. */
export function functionsModuleName(text: string): string | null {
  const aliased = /^[ \t]*(?:from[ \t]+pyspark\.sql[ \t]+import[ \t]+(?:\(?[^\n#]*?,[ \t]*)?functions[ \t]+as[ \t]+([A-Za-z_]\w*)|import[ \t]+pyspark\.sql\.functions[ \t]+as[ \t]+([A-Za-z_]\w*))/m.exec(text);
  if (aliased) return aliased[1] ?? aliased[2] ?? null;
  return /^[ \t]*from[ \t]+pyspark\.sql[ \t]+import[ \t]+(?:[^\n#]*?,[ \t]*)?functions\b(?![ \t]+as)/m.test(text) ? 'functions' : null;
}
