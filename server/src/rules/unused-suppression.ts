// A suppression comment that silences nothing. The check itself runs in the
// analysis layer (`analysis/unused-suppressions.ts`), after every other rule
// and the suppression pass, since only then is it known what each comment
// silenced; this file holds its contract (code, severity, doc) so settings,
// docs and the registry treat it as any other rule.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'unused-suppression',
  code: 'WP001',
  severity: 'warning',
  summary: 'A suppression comment that silences no finding in this file',
  sparkVersions: 'all',
  fixSafety: 'safe',
  doc: `## What it does

Flags a \`# whirlpool: ignore[...]\`, \`# whirlpool: ignore-file[...]\` or
\`# noqa: WPxxx\` comment (\`// whirlpool: ...\` in Scala) that silences no
finding: the rules it names report nothing where it applies, or it names no
Whirlpool rule at all. A comment naming several rules is flagged for the
names that silence nothing. A \`# noqa\` without codes, or one naming only
other tools' codes (\`# noqa: E501\`), is never flagged, nor is a name of a
rule the settings turn off.

## Why is this bad?

A suppression outlives the code it was written for: after a refactoring it
silences nothing today and hides a real finding tomorrow, when the pattern
comes back on that line. A misspelt rule name silences nothing at all.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
# whirlpool: ignore[streaming-sort]
events.writeStream.format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

## Fix safety

When every name of the comment silences nothing and the comment holds
nothing else, the fix removes it (its whole line when it stands alone). It
is safe: the comment silences no finding, so the findings stay the same.
A comment where only some names are unused, or which also carries other
text, is reported without a fix.

## References

- [Ruff: unused-noqa (RUF100)](https://docs.astral.sh/ruff/rules/unused-noqa/)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  // Runs in the analysis layer after the suppression pass: see the file comment.
  check() {},
};
