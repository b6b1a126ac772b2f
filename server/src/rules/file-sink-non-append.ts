// A file sink written in Update or Complete mode.

import { formatSparkVersion, isAtLeast } from '../analysis/spark-version';
import type { Fix } from '../analysis/types';
import { outputModeFix } from '../fixes/output-mode-fix';
import type { StreamWriter } from '../model/pipeline';
import { aggregationWatermark, isLoneStreamingAggregation } from './aggregation-watermark';
import type { ModelQuery } from './query';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'file-sink-non-append',
  code: 'WP802',
  severity: 'error',
  summary: 'The file sink (parquet, orc, json, csv, text) only supports Append output mode',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a streaming query written to a file format (\`parquet\`, \`orc\`,
\`json\`, \`csv\`, \`text\`, \`avro\`, or no format with a path, which is
parquet) in Update or Complete mode. Delta has its own sink and is not
flagged.

## Why is this bad?

The file sink only adds files; it cannot replace or update rows it wrote.
\`start()\` fails with *Data source parquet does not support Complete output
mode* (Spark 4: error class \`STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE\`,
*This output mode is not supported in Data Source ...*).

## Example

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
counts = events.withWatermark("timestamp", "10 minutes").groupBy(F.window("timestamp", "1 minute")).count()
counts.writeStream.outputMode("update").format("parquet").option("checkpointLocation", "/chk/counts").start("/out/counts")
\`\`\`

## Use instead

Append mode with a watermark (each window written once, when it closes), or
\`foreachBatch\` with a MERGE into a table format:

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
counts = events.withWatermark("timestamp", "10 minutes").groupBy(F.window("timestamp", "1 minute")).count()
counts.writeStream.outputMode("append").format("parquet").option("checkpointLocation", "/chk/counts").start("/out/counts")
\`\`\`

## Fix safety

When the query's only stateful operator is a streaming aggregation that
groups by its watermark column (a window over the event time), an unsafe fix
writes \`outputMode("append")\`: Spark accepts it, and the file sink then
gets each group once, when the watermark passes the end of its window. It is
unsafe because Append changes what reaches the files and when: rows appear
only after the watermark delay, a group is written once instead of every
trigger, late rows past the watermark are dropped, and a query restarted on
the old checkpoint in another output mode is a change Spark does not
promise to support. Without such an aggregation (no aggregation, no
watermark, a watermark not in the keys, chained stateful operators) Append
fails or drops every group, so no fix is offered; use foreachBatch with a
MERGE into a table format instead.

## References

- [Structured Streaming Programming Guide: output sinks](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-sinks)
`,
};

const fileFormats = new Set(['parquet', 'orc', 'json', 'csv', 'text', 'avro']);

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, text, report }) {
    for (const writer of query.model.writers) {
      if (query.isBatch(writer.input)) continue;
      const format = fileFormat(writer);
      if (format === null) continue;
      const mode = query.outputMode(writer);
      if (mode !== 'update' && mode !== 'complete') continue;
      const name = mode === 'update' ? 'Update' : 'Complete';
      const spark = isAtLeast(sparkVersion, 4, 0)
        ? `STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE] Invalid streaming output mode: ${mode}. This output mode is not supported in Data Source ${format}`
        : `Data source ${format} does not support ${name} output mode.`;
      report({
        span: writer.outputMode?.span ?? writer.writeStreamSpan,
        message: `File sink written in ${name} mode: on Spark ${formatSparkVersion(sparkVersion)} start() fails with "${isAtLeast(sparkVersion, 4, 0) ? '[' : ''}${spark}"; use Append mode with a watermark, or foreachBatch with a MERGE into a table format such as Delta`,
        sparkVersion,
        fixes: appendFixes(query, writer, text),
      });
    }
  },
};

/** Append only where it works: one streaming aggregation that groups by its watermark column, and no other stateful operator. */
function appendFixes(query: ModelQuery, writer: StreamWriter, text: string): readonly Fix[] {
  const lineage = query.lineage(writer.input);
  const aggregations = query.ops('aggregate').filter((aggregation) => lineage.has(aggregation.id) && query.isStreaming(aggregation.id));
  const [aggregation] = aggregations;
  if (aggregations.length !== 1 || !aggregation) return [];
  if (query.upstreamStateful(writer.input).some((node) => node.id !== aggregation.id)) return [];
  if (!isLoneStreamingAggregation(query, aggregation) || aggregationWatermark(query, aggregation).kind !== 'keyed') return [];
  const fix = outputModeFix(text, writer, 'append', 'unsafe');
  return fix ? [fix] : [];
}

/** The file format a writer writes, `parquet` for a path without a format; null for other sinks. */
function fileFormat(writer: StreamWriter): string | null {
  if (writer.foreachBatch || writer.foreach) return null;
  const format = writer.format?.value.toLowerCase() ?? null;
  if (format !== null) return fileFormats.has(format) ? format : null;
  return writer.start?.method === 'start' && writer.start.target !== null ? 'parquet' : null;
}
