// `.write` / `.writeTo` / `.mergeInto` on a streaming DataFrame.

import { pythonString, removeStep } from '../fixes/chain-edit';
import type { Fix } from '../analysis/types';
import type { BatchWriter } from '../model/pipeline';
import { findOption } from './query';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'stream-batch-writer',
  code: 'WP103',
  severity: 'error',
  summary: 'A streaming DataFrame has no batch writer: use writeStream (or foreachBatch for MERGE)',
  sparkVersions: 'all (error class CALL_ON_STREAMING_DATASET_UNSUPPORTED since 3.5)',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags \`.write\`, \`.writeTo(...)\` and \`.mergeInto(...)\` called on a
streaming DataFrame.

## Why is this bad?

The batch writer cannot run a stream: Spark fails at the call with
*The method \`write\` can not be called on streaming Dataset/DataFrame*
(error class \`CALL_ON_STREAMING_DATASET_UNSUPPORTED\`; older releases say
the same in plain text).

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
events.write.format("delta").save("/out/events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
events.writeStream.format("delta").option("checkpointLocation", "/chk/events").start("/out/events")
\`\`\`

For \`saveAsTable(t)\` use \`writeStream...toTable(t)\`; for a MERGE, run it
on each micro-batch inside \`foreachBatch\`.

## Fix safety

For \`df.write...save(path)\` and \`df.write...saveAsTable(name)\` in append mode
(or no mode), the fix writes \`df.writeStream...\` with
\`.option("checkpointLocation", "<root>/<name>")\` (the root from
\`whirlpool.fix.checkpointRoot\`, the name from the path or table) and
\`start(path)\` / \`toTable(name)\`, dropping \`.mode("append")\`. It is unsafe:
the statement then starts a query that runs until stopped and writes each
new micro-batch, instead of writing once; the program must wait for it
(\`awaitTermination\`) or run it with \`trigger(availableNow=True)\`. Other modes,
\`writeTo\`, \`mergeInto\` and format shortcuts (\`.parquet(path)\`) get no fix.

## References

- [Spark error conditions: CALL_ON_STREAMING_DATASET_UNSUPPORTED](https://spark.apache.org/docs/latest/sql-error-conditions.html)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, fix, report }) {
    const handlers = new Set(query.model.functions.filter((fn) => fn.isForeachBatchHandler).map((fn) => fn.name));
    for (const writer of query.model.batchWriters) {
      if (!query.isStreaming(writer.input) || (writer.scope !== null && handlers.has(writer.scope))) continue;
      const method = writer.method;
      const instead =
        method === 'mergeInto'
          ? 'run the MERGE on each micro-batch inside foreachBatch'
          : 'use writeStream with option("checkpointLocation", ...) and start(path) or toTable(name), or foreachBatch to reuse a batch writer';
      report({
        span: writer.writeSpan,
        message: `${method} on a streaming DataFrame: the batch writer cannot run a stream and Spark fails with "The method \`${method}\` can not be called on streaming Dataset/DataFrame."; ${instead}`,
        fixes: streamWriterFixes(text, writer, fix.checkpointRoot),
      });
    }
  },
};

/** `.write...save(p)` → `.writeStream...option("checkpointLocation", ...).start(p)`, `.saveAsTable(t)` → `.toTable(t)`, in append mode only. */
function streamWriterFixes(text: string, writer: BatchWriter, checkpointRoot: string): readonly Fix[] {
  const terminal = writer.terminal;
  if (writer.method !== 'write' || !terminal || (terminal.value !== 'save' && terminal.value !== 'saveAsTable')) return [];
  if (writer.format?.value.toLowerCase() === 'jdbc') return [];
  const mode = findOption(writer.options, 'mode');
  const modeValue = mode?.value.value;
  if (mode && (modeValue?.kind !== 'string' || modeValue.value.toLowerCase() !== 'append' || !/^\.\s*mode\s*\(/.test(text.slice(mode.span.start, mode.span.end)))) return [];
  const write = /^(\.\s*)write$/.exec(text.slice(writer.writeSpan.start, writer.writeSpan.end));
  const call = new RegExp(`^(\\.\\s*)${terminal.value}\\s*\\(([^()]*)\\)$`).exec(text.slice(terminal.span.start, terminal.span.end));
  if (!write || !call) return [];
  const target = (call[2] ?? '').trim();
  const literal = /^[rRuU]?(["'])([^"']*)\1$/.exec(target);
  const segments = (literal?.[2] ?? '').split(/[/\\:.]/).filter((segment) => segment.trim() !== '');
  const name = (segments[segments.length - 1] ?? '').replace(/[^A-Za-z0-9_-]+/g, '_') || 'query';
  const location = `${checkpointRoot.replace(/\/+$/, '')}/${name}`;
  const writeAt = writer.writeSpan.start + (write[1] ?? '').length;
  const terminalCall = `.option("checkpointLocation", ${pythonString(location)}).${terminal.value === 'save' ? 'start' : 'toTable'}(${call[2] ?? ''})`;
  return [
    {
      title: `Start a streaming query: .writeStream...${terminal.value === 'save' ? 'start' : 'toTable'}() with checkpoint ${location}`,
      safety: 'unsafe',
      edits: () => [
        { span: { start: writeAt, end: writeAt + 'write'.length }, newText: 'writeStream' },
        ...(mode ? removeStep(text, mode.span) : []),
        { span: terminal.span, newText: terminalCall },
      ],
    },
  ];
}
