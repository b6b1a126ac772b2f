// An output mode Spark does not know.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { outputModeFix } from '../fixes/output-mode-fix';
import type { Fix } from '../analysis/types';
import type { StreamWriter } from '../model/pipeline';
import type { OutputMode } from './query';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'invalid-output-mode',
  code: 'WP806',
  severity: 'error',
  summary: "The output mode must be 'append', 'update' or 'complete'",
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`writeStream.outputMode("...")\` with a string literal other than
\`append\`, \`update\` or \`complete\` (in any case).

## Why is this bad?

Spark fails when the writer is built, with error class
\`STREAMING_OUTPUT_MODE.INVALID\` (*Accepted output modes are 'Append',
'Complete', 'Update'*); before Spark 4 the text was *Unknown output mode
... Accepted output modes are 'append', 'complete', 'update'*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.outputMode("overwrite").format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.outputMode("append").format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

## Fix safety

The fix replaces the unknown mode with the accepted one closest in spelling
(\`"apend"\` becomes \`"append"\`, \`"Updates"\` becomes \`"update"\`); no fix is
offered when no mode is close. It is unsafe: it is a guess at the intent, and
the three modes write very different results.

## References

- [Structured Streaming Programming Guide: output modes](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-modes)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, report }) {
    for (const writer of query.model.writers) {
      const mode = writer.outputMode;
      if (!mode || query.outputMode(writer) !== null) continue;
      // Only literals: a variable's value is not known here.
      if (!/^[rRuUbB]?["']/.test(text.slice(mode.span.start, mode.span.end))) continue;
      const spark = isAtLeast(sparkVersion, 4, 0)
        ? `[STREAMING_OUTPUT_MODE.INVALID] Invalid streaming output mode: ${mode.value}. Accepted output modes are 'Append', 'Complete', 'Update'.`
        : `Unknown output mode ${mode.value}. Accepted output modes are 'append', 'complete', 'update'`;
      report({
        span: mode.span,
        message: `Unknown output mode "${mode.value}": on Spark ${formatSparkVersion(sparkVersion)} the writer fails with "${spark}"; use "append", "update" or "complete"`,
        sparkVersion,
        fixes: closestFix(text, writer, mode.value),
      });
    }
  },
};

const accepted: readonly OutputMode[] = ['append', 'update', 'complete'];

/** Rewrites the mode to the accepted one within two edits of it (case and spaces aside); none when no mode, or more than one, is that close. */
function closestFix(text: string, writer: StreamWriter, written: string): readonly Fix[] {
  const typed = written.trim().toLowerCase();
  const distances = accepted.map((mode) => ({ mode, distance: editDistance(typed, mode) }));
  const best = Math.min(...distances.map((candidate) => candidate.distance));
  const closest = distances.filter((candidate) => candidate.distance === best);
  const only = closest[0];
  if (best > 2 || closest.length !== 1 || !only) return [];
  const fix = outputModeFix(text, writer, only.mode, 'unsafe');
  return fix ? [fix] : [];
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
