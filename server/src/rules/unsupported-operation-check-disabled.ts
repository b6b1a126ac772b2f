// Switching off Spark's unsupported-operation checker for streaming queries.

import { removeConfFix } from '../fixes/remove-conf-fix';
import type { Rule, RuleMeta } from './rule';
import { isFalse } from './session-conf';

export const meta: RuleMeta = {
  id: 'unsupported-operation-check-disabled',
  code: 'WP603',
  severity: 'warning',
  summary: 'Turning off spark.sql.streaming.unsupportedOperationCheck lets unsupported streaming plans run',
  sparkVersions: 'all (allowMultiple: 3.4+)',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags the internal conf \`spark.sql.streaming.unsupportedOperationCheck\` set
to false, and, as information, \`spark.sql.streaming.statefulOperator.allowMultiple\`
set to false (Spark 3.4+). The other rules keep reporting as if the checks
were on.

## Why is this bad?

The checker is what turns unsupported streaming plans (sorting, distinct
aggregations, outer joins without watermarks, ...) into an error at
\`start()\`. Without it those plans start and give wrong results, keep
unbounded state, or fail later in execution. \`allowMultiple=false\` goes
back to the pre-3.4 late-row filtering with one stateful operator per query.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.config("spark.sql.streaming.unsupportedOperationCheck", "false").getOrCreate()
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
\`\`\`

## Fix safety

The fix removes the setting (a \`spark.conf.set\` statement or a
\`.config(...)\` step of the session builder; not a \`SET\` in SQL text). It is
unsafe: a plan the checker rejects then fails at \`start()\` instead of
running with wrong results, and removing \`allowMultiple=false\` switches a
query restarted from an old checkpoint to the newer late-row handling.

## References

- [SPARK-40940 (the conf is mentioned in the description)](https://github.com/apache/spark/pull/38503)
- [Structured Streaming Programming Guide: unsupported operations](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#unsupported-operations)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const conf of query.confs('spark.sql.streaming.unsupportedOperationCheck')) {
      if (!isFalse(conf)) continue;
      report({
        span: conf.span,
        message:
          "Spark's unsupported-operation checker is switched off: streaming plans it would reject at start() now run and give wrong results, keep unbounded state or fail later; remove the setting and fix what the checker reports",
        fixes: [removeConfFix(text, conf, 'Remove the setting (turn the checker back on)', 'unsafe', query.model.language)].filter((fix) => fix !== null),
      });
    }
    for (const conf of query.confs('spark.sql.streaming.statefulOperator.allowMultiple')) {
      if (!isFalse(conf)) continue;
      report({
        span: conf.span,
        severity: 'info',
        message:
          'Multiple stateful operators are switched off: Spark goes back to the pre-3.4 late-row filtering and allows one stateful operator per query; remove the setting unless an old checkpoint needs it',
        fixes: [removeConfFix(text, conf, 'Remove the setting (allow multiple stateful operators)', 'unsafe', query.model.language)].filter((fix) => fix !== null),
      });
    }
  },
};
