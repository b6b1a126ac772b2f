// A processing-time trigger of a few seconds on a file-backed query.

import type { StreamWriter } from '../model/pipeline';
import type { ModelQuery } from './query';
import type { Rule, RuleMeta } from './rule';
import { intervalMillis } from './trigger-interval';

export const meta: RuleMeta = {
  id: 'tiny-trigger-interval',
  code: 'WP816',
  severity: 'info',
  summary: 'A processing-time trigger under 10 seconds on file or table sources and sinks mostly lists and commits files',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`trigger(processingTime=...)\` under 10 seconds (and above zero) on a
query that reads or writes files or tables (file formats, Delta, tables).

## Why is this bad?

Every trigger lists the source directory or table log, writes offset and
commit files to the checkpoint and commits small output files. On object
stores these requests cost money and time; a trigger every second mostly
pays for them, and leaves many small files behind.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.trigger(processingTime="1 second").format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.trigger(processingTime="1 minute").format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

Or run the query on a schedule with \`trigger(availableNow=True)\`.

## Fix safety

No fix is offered: the interval is a latency and cost trade-off.

## References

- [Structured Streaming Programming Guide: triggers](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#triggers)
- [Databricks: configure Structured Streaming trigger intervals](https://docs.databricks.com/en/structured-streaming/triggers.html)
`,
};

const fileFormats = new Set(['parquet', 'orc', 'json', 'csv', 'text', 'avro', 'delta', 'iceberg', 'hudi', 'cloudfiles', 'binaryfile', 'xml']);

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, spelling, report }) {
    for (const writer of query.model.writers) {
      const trigger = writer.trigger;
      if (trigger?.kind !== 'processingTime' || !trigger.interval || query.isBatch(writer.input)) continue;
      const millis = intervalMillis(trigger.interval.value);
      if (millis === null || millis <= 0 || millis >= 10_000) continue;
      const backing = fileBacking(query, writer);
      if (backing === null) continue;
      report({
        span: trigger.interval.span,
        message: `Processing-time trigger of ${millis / 1000} s on ${backing}: each trigger lists and commits files and checkpoint entries, which on object stores costs requests and leaves small files; use an interval of a minute or more, or ${spelling.triggerName('availableNow')} runs on a schedule`,
      });
    }
  },
};

function fileBacking(query: ModelQuery, writer: StreamWriter): string | null {
  if (!writer.foreachBatch && !writer.foreach) {
    const format = writer.format?.value.toLowerCase() ?? null;
    if (writer.start?.method === 'toTable') return 'a table sink';
    if (format !== null && fileFormats.has(format)) return `a ${format} sink`;
    if (format === null && writer.start?.target) return 'a file sink';
  }
  for (const source of query.sources(writer.input)) {
    if (source.streaming !== 'streaming') continue;
    const format = source.source.format?.value.toLowerCase() ?? null;
    if (source.source.api === 'table' || format === 'table') return 'a table source';
    if (format !== null && fileFormats.has(format)) return `a ${format} source`;
  }
  return null;
}
