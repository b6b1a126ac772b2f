// An output mode Spark does not know.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'invalid-output-mode',
  code: 'WP806',
  severity: 'error',
  summary: "The output mode must be 'append', 'update' or 'complete'",
  sparkVersions: 'all',
  fixSafety: null,
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

No fix is offered: which mode is meant is the author's choice.

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
      });
    }
  },
};
