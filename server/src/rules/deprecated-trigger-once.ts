// trigger(once=True), deprecated since Spark 3.4.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import { triggerOnceFix } from '../fixes/trigger-once-fix';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'deprecated-trigger-once',
  code: 'WP807',
  severity: 'warning',
  summary: 'trigger(once=True) is deprecated since Spark 3.4: use trigger(availableNow=True)',
  sparkVersions: '3.4+',
  fixSafety: 'safe',
  doc: `## What it does

Flags \`trigger(once=True)\` (\`Trigger.Once()\` in Scala/Java) when the target
Spark version is 3.4 or later.

## Why is this bad?

Spark 3.4 deprecated the once trigger (SPARK-39805). It processes everything
available in one batch, ignoring rate limits such as \`maxFilesPerTrigger\`
and \`maxOffsetsPerTrigger\`, which can make that batch huge.
\`availableNow\` (Spark 3.3+) processes the same data in several batches that
respect the limits, then stops.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.trigger(once=True).format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.trigger(availableNow=True).format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

\`availableNow\` also runs a final batch without data, which can emit windows
the watermark has closed.

## Fix safety

The fix replaces \`once=True\` with \`availableNow=True\`. It is safe when the
query is stateless and no source sets a rate limit (\`maxOffsetsPerTrigger\`,
\`maxFilesPerTrigger\`, ...): the run then reads the same data in one batch
and its final no-data batch has nothing to flush. Otherwise it is unsafe: the
data arrives in several batches, and a stateful query's last no-data batch
can emit windows and drop state the once trigger kept.

## References

- [Structured Streaming Programming Guide: triggers](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#triggers)
- [Structured Streaming migration guide: 3.3 to 3.4](https://spark.apache.org/docs/latest/streaming/ss-migration-guide.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, sparkVersion, spelling, report }) {
    if (!isAtLeast(sparkVersion, 3, 4)) return;
    for (const writer of query.model.writers) {
      if (writer.trigger?.kind !== 'once') continue;
      const remedy = `trigger(${spelling.trigger('availableNow')})`;
      report({
        span: writer.trigger.span,
        message: `Trigger.Once is deprecated: on Spark ${formatSparkVersion(sparkVersion)} (deprecated since 3.4, SPARK-39805) it runs one unbounded batch that ignores rate limits; use ${remedy}, which processes the same data in batches that respect them`,
        sparkVersion,
        fixes: [triggerOnceFix(writer, query, text)].filter((fix) => fix !== null),
      });
    }
  },
};
