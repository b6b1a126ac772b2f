// `spark.sql` commands (INSERT OVERWRITE DIRECTORY, DDL) over a streaming view.

import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'streaming-sql-command',
  code: 'WP313',
  severity: 'error',
  summary: 'SQL commands (INSERT OVERWRITE DIRECTORY, CREATE TABLE AS, ...) cannot read a streaming view',
  sparkVersions: 'all',
  fixSafety: null,
  doc: `## What it does

Flags \`spark.sql(...)\` running \`INSERT OVERWRITE DIRECTORY\`, or a command
such as \`CREATE TABLE ... AS SELECT\`, \`INSERT INTO\`, \`ALTER\`, over a
temporary view made from a streaming DataFrame.

## Why is this bad?

Commands run once, as batch jobs; a streaming plan inside one fails with
*InsertIntoDir is not supported with streaming DataFrames/Datasets* or
*Commands like CreateTable\\*, AlterTable\\*, Show\\* are not supported with
streaming DataFrames/Datasets* (or, run eagerly, *Queries with streaming
sources must be executed with writeStream.start()*).

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
events.createOrReplaceTempView("events")
spark.sql("INSERT OVERWRITE DIRECTORY '/out/dump' SELECT * FROM events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
events.createOrReplaceTempView("events")
dump = spark.sql("SELECT * FROM events")
dump.writeStream.format("delta").option("checkpointLocation", "/chk/dump").start("/out/dump")
\`\`\`

## Fix safety

No fix is offered.

## References

- Spark source: \`UnsupportedOperationChecker\` (Command, InsertIntoDir)
`,
};

const insertIntoDirectory = /^\s*insert\s+overwrite\s+(local\s+)?directory\b/i;
const command = /^\s*(create|alter|drop|show|insert|replace|cache|analyze|msck|truncate|describe)\b/i;

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, report }) {
    for (const node of query.model.nodes) {
      if (node.kind !== 'source' || node.source.api !== 'sql' || node.streaming !== 'streaming' || !node.source.sql) continue;
      const value = node.source.sql.value;
      if (value.kind !== 'string') continue;
      const sparkMessage = insertIntoDirectory.test(value.value)
        ? 'InsertIntoDir is not supported with streaming DataFrames/Datasets'
        : command.test(value.value)
          ? 'Commands like CreateTable*, AlterTable*, Show* are not supported with streaming DataFrames/Datasets'
          : null;
      if (sparkMessage === null) continue;
      report({
        span: node.source.sql.span,
        message: `SQL command over a streaming view: a command runs once as a batch job and Spark fails with "${sparkMessage}"; select from the view with spark.sql("SELECT ...") and write the result with writeStream (toTable for a table)`,
      });
    }
  },
};
