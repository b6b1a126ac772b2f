// The memory sink without a query name.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'memory-sink-without-query-name',
  code: 'WP803',
  severity: 'error',
  summary: 'The memory sink needs a queryName: it names the table the results go to',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`writeStream.format("memory")\` without \`.queryName(...)\`.

## Why is this bad?

The memory sink stores the results in an in-memory table named after the
query. Without a name \`start()\` fails with *queryName must be specified for
memory sink*.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("memory").option("checkpointLocation", "/chk/events").start()
\`\`\`

## Use instead

In tests, name the query and read the table by that name (in production
code prefer a durable sink, see \`debug-sink-in-production\`):

\`\`\`python file=test_events.py
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("memory").queryName("events").option("checkpointLocation", "/chk/events").start()
\`\`\`

## Fix safety

No fix is offered yet.

## References

- [Structured Streaming Programming Guide: output sinks](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-sinks)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const writer of query.model.writers) {
      if (writer.format?.value.toLowerCase() !== 'memory' || writer.queryName !== null || writer.start === null) continue;
      report({
        span: writer.format.span,
        message: 'Memory sink without a query name: start() fails with "queryName must be specified for memory sink"; add .queryName("<table name>") and read the results with spark.table("<table name>")',
      });
    }
  },
};
