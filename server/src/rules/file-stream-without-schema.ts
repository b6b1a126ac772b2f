// A streaming file source (json, csv, parquet, orc, ...) without `.schema(...)`.

import type { Value } from '../model/pipeline';
import { stringPrefix } from './query';
import { insertBeforeStep } from '../fixes/chain-edit';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'file-stream-without-schema',
  code: 'WP107',
  severity: 'error',
  summary: 'A streaming file source needs a schema unless spark.sql.streaming.schemaInference is on',
  sparkVersions: 'all',
  fixSafety: 'display-only',
  doc: `## What it does

Flags \`spark.readStream.json(...)\`, \`.csv\`, \`.parquet\`, \`.orc\`,
\`.xml\`, \`.avro\` and \`format(<one of those>).load(...)\` without a
\`.schema(...)\`, unless the file sets
\`spark.sql.streaming.schemaInference\` to \`true\`. Text files (one string
column) and sources with their own schema (Kafka, Delta, tables, Auto
Loader) are not flagged.

## Why is this bad?

A file stream does not infer its schema by default, because new files could
change it. The query fails when defined with *Schema must be specified when
creating a streaming source DataFrame. If some files already exist in the
directory, then depending on the file format you may be able to create a
static DataFrame on that directory with 'spark.read.load(directory)' and
infer schema from it.*

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.json("/in/events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
\`\`\`

## Fix safety

The fix inserts a \`.schema("<column> <TYPE>, ...")\` template before the
reader call: display-only, since the schema is the developer's to write and
the placeholder must be replaced before the code runs.

## References

- [Structured Streaming Programming Guide: schema inference for file sources](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#schema-inference-and-partition-of-streaming-dataframesdatasets)
`,
};

/** `True` or `"true"`, as a conf value. */
function isTrue(value: Value): boolean {
  return value.kind === 'boolean' ? value.value : stringPrefix(value)?.trim().toLowerCase() === 'true';
}

/** File formats whose streaming source needs a schema (text has a fixed one). */
const fileFormats = new Set(['json', 'csv', 'parquet', 'orc', 'xml', 'avro']);

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    if (query.confs('spark.sql.streaming.schemaInference').some((conf) => isTrue(conf.value.value))) return;
    for (const node of query.model.nodes) {
      if (node.kind !== 'source' || node.source.api !== 'readStream' || node.source.schema !== null) continue;
      const format = node.source.format;
      if (!format || !fileFormats.has(format.value.toLowerCase())) continue;
      report({
        span: node.callSpan,
        message: `Streaming ${format.value} source without a schema: file streams do not infer one and Spark fails with "Schema must be specified when creating a streaming source DataFrame."; give it with .schema("id STRING, ts TIMESTAMP, ...") or a StructType (spark.read.${format.value}(path).schema can borrow it from existing files)`,
        fixes:
          text.charAt(node.callSpan.start) === '.'
            ? [{ title: 'Add a .schema("<column> <TYPE>, ...") template', safety: 'display-only', edits: () => [insertBeforeStep(text, node.callSpan.start, '.schema("<column> <TYPE>, ...")')] }]
            : [],
      });
    }
  },
};
