// Switching off Spark's check for chained stateful operators that drop late rows.

import { removeConfFix } from '../fixes/remove-conf-fix';
import type { Rule, RuleMeta } from './rule';
import { isFalse } from './session-conf';

export const meta: RuleMeta = {
  id: 'correctness-check-disabled',
  code: 'WP602',
  severity: 'warning',
  summary: 'Turning off spark.sql.streaming.statefulOperator.checkCorrectness.enabled lets queries silently drop rows',
  sparkVersions: '3.1+',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`spark.sql.streaming.statefulOperator.checkCorrectness.enabled\` set
to false (\`spark.conf.set\`, the session builder's \`config\`, or SQL
\`SET\`). The other rules keep reporting as if the check were on: the conf
hides Spark's error, not the problem.

## Why is this bad?

Spark refuses query shapes where one stateful operator can emit rows that a
later one treats as late and drops (*Detected pattern of possible
'correctness' issue due to global watermark...*). With the check off the
query runs and those rows disappear without a trace.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
spark.conf.set("spark.sql.streaming.statefulOperator.checkCorrectness.enabled", "false")
\`\`\`

## Use instead

Remove the setting and fix the query's shape: Append mode with watermarks
for chained stateful operators (Spark 3.4+), or one stateful operator per
query.

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
\`\`\`

## Fix safety

The fix removes the setting (a \`spark.conf.set\` statement or a
\`.config(...)\` step of the session builder; not a \`SET\` in SQL text). It is
unsafe, on purpose: a query the check would reject then fails at \`start()\`
with the correctness error instead of silently dropping rows, until its shape
is fixed. That failure is the point, but it is a change of behaviour, so the
fix never runs on save.

## References

- [Structured Streaming Programming Guide: limitation of global watermark](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#limitation-of-global-watermark)
- [Structured Streaming migration guide: 3.0 to 3.1](https://spark.apache.org/docs/latest/streaming/ss-migration-guide.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const conf of query.confs('spark.sql.streaming.statefulOperator.checkCorrectness.enabled')) {
      if (!isFalse(conf)) continue;
      report({
        span: conf.span,
        message:
          "Spark's correctness check for chained stateful operators is switched off: queries it would reject (\"Detected pattern of possible 'correctness' issue due to global watermark\") now run and silently drop late rows; remove the setting and fix the query shape (Append mode with watermarks, or one stateful operator per query)",
        fixes: [removeConfFix(text, conf, 'Remove the setting (turn the correctness check back on)', 'unsafe', query.model.language)].filter((fix) => fix !== null),
      });
    }
  },
};
