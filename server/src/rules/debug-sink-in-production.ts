// Console and memory sinks, rate and socket sources, outside tests.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'debug-sink-in-production',
  code: 'WP804',
  severity: 'warning',
  summary: 'console and memory sinks and rate and socket sources are for tests and demos, not production code',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`writeStream.format("console")\` and \`format("memory")\`, and
\`readStream.format("rate")\` (\`rate-micro-batch\`) and \`format("socket")\`, in
files that are not tests. A test file is one named \`test_*.py\` or
\`*_test.py\`, or one under a \`tests/\` directory; for Scala, one named
\`*Spec.scala\`, \`*Suite.scala\` or \`*Test(s).scala\`, or one under a
\`src/test/\` directory (the sbt and Maven layout).

## Why is this bad?

These are debugging tools. The console sink prints to the driver's log and
is not fault tolerant; the memory sink collects every row into the driver's
memory; the socket source cannot replay data after a failure; the rate
source generates numbers. In a production job they lose data, exhaust the
driver or do nothing useful.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("console").option("checkpointLocation", "/chk/events").start()
\`\`\`

## Use instead

A durable sink (and a replayable source such as Kafka or files):

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

In tests, the same code is fine:

\`\`\`python file=tests/test_events.py
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
events.writeStream.format("console").option("checkpointLocation", "/chk/events").start()
\`\`\`

## Fix safety

No fix is offered: the production sink is the team's choice.

## References

- [Structured Streaming Programming Guide: input sources](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#input-sources)
- [Structured Streaming Programming Guide: output sinks](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#output-sinks)
`,
};

const debugSinks: Readonly<Record<string, string>> = {
  console: 'the console sink prints to the driver log and is not fault tolerant',
  memory: "the memory sink keeps every row in the driver's memory and is not fault tolerant",
};

const debugSources: Readonly<Record<string, string>> = {
  rate: 'the rate source generates test rows',
  'rate-micro-batch': 'the rate source generates test rows',
  socket: 'the socket source cannot replay data after a failure',
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, path, report }) {
    if (path !== null && isTestFile(path)) return;
    for (const writer of query.model.writers) {
      const format = writer.format;
      const why = format ? debugSinks[format.value.toLowerCase()] : undefined;
      if (!format || why === undefined) continue;
      report({ span: format.span, message: `Debug sink "${format.value}" in production code: ${why}; write to a durable sink (Delta, Kafka, files) or move this code to a test` });
    }
    for (const node of query.model.nodes) {
      if (node.kind !== 'source' || node.source.api !== 'readStream' || !node.source.format) continue;
      const why = debugSources[node.source.format.value.toLowerCase()];
      if (why === undefined) continue;
      report({
        span: node.source.format.span,
        message: `Debug source "${node.source.format.value}" in production code: ${why}; read a replayable source (Kafka, files, a table) or move this code to a test`,
      });
    }
  },
};

/** `test_*.py`, `*_test.py`, anything under `tests/`; Scala's `*Spec`/`*Suite`/`*Test(s).scala`, anything under `src/test/`. */
export function isTestFile(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const name = parts[parts.length - 1] ?? '';
  const folders = parts.slice(0, -1);
  if (/^test_.*\.py$/i.test(name) || /_test\.py$/i.test(name) || folders.includes('tests')) return true;
  if (/(?:Spec|Suite|Tests?)\.scala$/.test(name)) return true;
  return folders.some((folder, index) => folder === 'src' && folders[index + 1] === 'test');
}
