// The memory sink without a query name.

import { insertAfterStep, pythonString } from '../fixes/chain-edit';
import type { Fix } from '../analysis/types';
import type { StreamWriter } from '../model/pipeline';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'memory-sink-without-query-name',
  code: 'WP803',
  severity: 'error',
  summary: 'The memory sink needs a queryName: it names the table the results go to',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
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

The fix adds \`.queryName("<name>")\` after \`writeStream\`, the name taken
from the DataFrame variable that is written (else \`memory_table\`), with a
numeric suffix when another query of the file already uses it. It is unsafe:
the name is a guess, and it is the name of the in-memory table the rest of
the code must read (\`spark.table(name)\`); two active queries may not share
it.

## References

- [Structured Streaming Programming Guide: output sinks](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-sinks)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    for (const writer of query.model.writers) {
      if (writer.format?.value.toLowerCase() !== 'memory' || writer.queryName !== null || writer.start === null) continue;
      report({
        span: writer.format.span,
        message: 'Memory sink without a query name: start() fails with "queryName must be specified for memory sink"; add .queryName("<table name>") and read the results with spark.table("<table name>")',
        fixes: [queryNameFix(text, writer, query.model.writers)],
      });
    }
  },
};

/** `.queryName("<variable>")` after `.writeStream`: the written DataFrame's variable name when it is one, unique among the file's query names. */
function queryNameFix(text: string, writer: StreamWriter, writers: readonly StreamWriter[]): Fix {
  const receiver = text.slice(writer.span.start, writer.writeStreamSpan.start).trim();
  const base = /^[A-Za-z_]\w*$/.test(receiver) ? receiver : 'memory_table';
  const taken = new Set(writers.flatMap((other) => (other.queryName?.value.kind === 'string' ? [other.queryName.value.value] : [])));
  let name = base;
  for (let suffix = 2; taken.has(name); suffix++) name = `${base}_${suffix}`;
  return {
    title: `Add .queryName("${name}")`,
    safety: 'unsafe',
    edits: () => [insertAfterStep(text, writer.writeStreamSpan.end, `.queryName(${pythonString(name)})`)],
  };
}
