// `withWatermark(c, ...)` upstream of an aggregation that groups by neither `c` nor a window over it.

import {
  aggregationWatermark,
  appendWithoutWatermark,
  isLoneStreamingAggregation,
  outputModesOf,
} from './aggregation-watermark';
import type { Fix } from '../analysis/types';
import { pythonString } from '../fixes/chain-edit';
import { functionsModule } from '../fixes/functions-module';
import { scalaColumn, scalaFunctionsQualifier } from '../fixes/scala-functions';
import type { OpNode } from './query';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'watermark-column-not-grouped',
  code: 'WP204',
  severity: 'error',
  summary: 'The watermarked column is not a grouping key: Append fails, Update never evicts state',
  sparkVersions: 'all',
  fixSafety: 'display-only',
  doc: `## What it does

Flags a streaming aggregation with a \`withWatermark(c, ...)\` upstream whose
grouping keys include neither \`c\` nor a \`window\`/\`session_window\` over
\`c\`. An error when the query writes in Append mode, a warning in Update
mode.

## Why is this bad?

The watermark only bounds state through a grouping key that carries it.
Grouping by another column, Append mode fails at \`start()\` with *Append
output mode not supported when there are streaming aggregations on streaming
DataFrames/DataSets without watermark*, and Update mode keeps every group
forever (the state grows without bound).

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.withWatermark("timestamp", "1 minute").groupBy("value").count()
counts.writeStream.format("delta").option("checkpointLocation", "/chk/values").start("/out/values")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.schema("id STRING, value LONG, timestamp TIMESTAMP").json("/in/events")
counts = events.withWatermark("timestamp", "1 minute").groupBy(F.window("timestamp", "1 minute"), "value").count()
counts.writeStream.format("delta").option("checkpointLocation", "/chk/values").start("/out/values")
\`\`\`

## Fix safety

The fix adds \`F.window("<watermark column>", "<window duration>")\` to the
\`groupBy(...)\` keys (with the name the file imports
\`pyspark.sql.functions\` under, else \`F\` with
\`from pyspark.sql import functions as F\` added below the imports; not
offered when the file binds \`F\` to something else, for rollup, cube and
groupByKey, or when the keys already hold a window over
another column, since Spark takes one time window per aggregation): a template, display-only, since the
window duration is the developer's choice and changes what each output row
means (one row per key and window instead of one per key). In Scala the
template is \`window($"<watermark column>", "<window duration>")\` (where the
file imports \`org.apache.spark.sql.functions._\`), and name keys become
columns (\`groupBy("value")\` → \`groupBy($"value", window(...))\`), since
Scala's \`groupBy\` takes names or columns, not both.

## References

- [Structured Streaming Programming Guide: conditions for watermarking to clean aggregation state](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#conditions-for-watermarking-to-clean-aggregation-state)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, spelling, report }) {
    for (const aggregation of query.ops('aggregate')) {
      if (!isLoneStreamingAggregation(query, aggregation)) continue;
      const verdict = aggregationWatermark(query, aggregation);
      if (verdict.kind !== 'not-grouped') continue;
      const modes = outputModesOf(query, aggregation.id);
      const column = verdict.watermark.op.column.value;
      const fix = `group by ${spelling.call('window', spelling.columnArgument(column), '"<size>"')} (or by "${column}") next to the other keys`;
      const related = [{ span: verdict.watermark.callSpan, message: `watermark on "${column}"` }];
      if (modes.includes('append')) {
        report({
          span: aggregation.op.groupSpan,
          message: `Aggregation does not group by the watermarked column "${column}": the watermark reaches the state only through a grouping key, and in Append mode start() fails with "${appendWithoutWatermark}"; ${fix}`,
          related,
          fixes: spelling.language === 'scala' ? scalaWindowKeyFixes(aggregation, column, text) : windowKeyFixes(aggregation, column, text),
        });
      } else if (modes.includes('update')) {
        report({
          span: aggregation.op.groupSpan,
          message: `Aggregation does not group by the watermarked column "${column}": in Update mode no group is ever evicted and the state grows without bound; ${fix}`,
          severity: 'warning',
          related,
          fixes: spelling.language === 'scala' ? scalaWindowKeyFixes(aggregation, column, text) : windowKeyFixes(aggregation, column, text),
        });
      }
    }
  },
};

/**
 * `F.window("<column>", "<window duration>")` as one more key of a
 * `groupBy(...)` call, with the file's name for the functions module, else
 * `F` and its import; none when the file binds `F` to something else.
 */
function windowKeyFixes(aggregation: OpNode<'aggregate'>, column: string, text: string): readonly Fix[] {
  const module = functionsModule(text, aggregation.op.groupSpan.start);
  if (!module || aggregation.op.grouping !== 'groupBy') return [];
  const functions = module.name;
  // Spark takes one time window per aggregation: a second one is rejected.
  if (hasWindowKey(aggregation)) return [];
  const call = text.slice(aggregation.op.groupSpan.start, aggregation.op.groupSpan.end);
  const open = call.indexOf('(');
  if (open < 0 || !call.endsWith(')')) return [];
  const window = `${functions}.window(${pythonString(column)}, "<window duration>")`;
  const empty = call.slice(open + 1, -1).trim() === '';
  const at = aggregation.op.groupSpan.end - 1;
  return [
    {
      title: `Group by a ${functions}.window("${column}", "<window duration>") template`,
      safety: 'display-only',
      edits: () => [...module.imports(), { span: { start: at, end: at }, newText: empty ? window : `, ${window}` }],
    },
  ];
}

/**
 * The Scala template: `window($"<column>", "<window duration>")` as one more
 * key. Scala's `groupBy` takes either names or columns, so name keys
 * (`groupBy("value")`) become columns (`$"value"`) next to the window.
 */
function scalaWindowKeyFixes(aggregation: OpNode<'aggregate'>, column: string, text: string): readonly Fix[] {
  const functions = scalaFunctionsQualifier(text);
  if (functions === null || aggregation.op.grouping !== 'groupBy' || hasWindowKey(aggregation)) return [];
  const call = text.slice(aggregation.op.groupSpan.start, aggregation.op.groupSpan.end);
  const open = call.indexOf('(');
  if (open < 0 || !call.endsWith(')')) return [];
  const keys = aggregation.op.keys.map((key) => ({ key, written: text.slice(key.span.start, key.span.end) }));
  const names = keys.filter(({ written }) => /^"[^"\\$]*"$/.test(written));
  // Names mixed with anything else (a Seq of names, a column) are not rewritten: the template would not compile.
  if (names.length > 0 && names.length !== keys.length) return [];
  const at = aggregation.op.groupSpan.end - 1;
  const window = `${functions}window(${scalaColumn(text, functions, column, at)}, "<window duration>")`;
  const empty = call.slice(open + 1, -1).trim() === '';
  return [
    {
      title: `Group by a ${functions}window(${scalaColumn(text, functions, column, at)}, "<window duration>") template`,
      safety: 'display-only',
      edits: () => [
        ...names.map(({ key, written }) => ({ span: key.span, newText: scalaColumn(text, functions, JSON.parse(written) as string, at) })),
        { span: { start: at, end: at }, newText: empty ? window : `, ${window}` },
      ],
    },
  ];
}

function hasWindowKey(aggregation: OpNode<'aggregate'>): boolean {
  return aggregation.op.keys.some((key) => key.kind === 'call' && key.namespace === 'functions' && (key.name === 'window' || key.name === 'session_window'));
}
