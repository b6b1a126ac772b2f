// A query that takes its checkpoint from the session conf but has no stable name.

import { checkpointConf, checkpointOf, startedStreamWriters } from './checkpoint';
import { insertAfterStep, pythonString } from '../fixes/chain-edit';
import { checkpointName, loopName, planNames, type PlannedName } from '../fixes/checkpoint-fixes';
import type { Fix } from '../analysis/types';
import type { Loop, StreamWriter } from '../model/pipeline';
import type { Language } from './spelling';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'global-checkpoint-without-query-name',
  code: 'WP702',
  severity: 'warning',
  summary: 'A query relying on spark.sql.streaming.checkpointLocation needs a queryName to find its checkpoint again',
  sparkVersions: 'all',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a started streaming query without its own
\`.option("checkpointLocation", ...)\` and without \`.queryName(...)\` in a
file that sets \`spark.sql.streaming.checkpointLocation\`.

## Why is this bad?

With the session conf, Spark puts each query's checkpoint in a sub-directory
named after the query; a query without a name gets a random one on every
run. After a restart the query finds no checkpoint and starts from scratch,
and its old directory is left behind.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.config("spark.sql.streaming.checkpointLocation", "/chk").getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").start("/out/events")
\`\`\`

## Use instead

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.config("spark.sql.streaming.checkpointLocation", "/chk").getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.queryName("events_to_delta").format("delta").start("/out/events")
\`\`\`

## Fix safety

The fix adds \`.queryName("<name>")\` after \`writeStream\`, the name taken from
the sink path's last segment, the table, or the format. Each query of the
file gets its own name (Spark refuses to start a query whose name is already
active): in source order, the first of \`<name>\`, \`<name>_2\`, ... that no
query is named and no earlier query got, so fixing all queries at once or one
by one, in any order, gives the same names. A query started in a \`for\` loop
whose sink path varies with a loop variable gets a name per iteration,
\`f"<name>_{topic}"\` (Scala \`s"<name>_$topic"\`); one whose path does not,
or one started by a function called twice, gets no fix, since its runs would
share one name. It is unsafe: the name becomes the checkpoint's
sub-directory, so it must stay stable from then on, and the first run with it
starts from scratch (the unnamed runs before it each had a random directory).

## References

- [Structured Streaming Programming Guide: recovering from failures with checkpointing](https://spark.apache.org/docs/latest/streaming/apis-on-dataframes-and-datasets.html#recovering-from-failures-with-checkpointing)
`,
};

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, text, report }) {
    if (query.confs(checkpointConf).length === 0) return;
    const unnamed = startedStreamWriters(query).filter((writer) => checkpointOf(writer) === null && writer.queryName === null && writer.start !== null);
    const names = plannedQueryNames(unnamed, query.model.writers, query.model.loops, text);
    const seen = new Set<number>();
    for (const writer of unnamed) {
      if (!writer.start || seen.has(writer.start.span.start)) continue;
      // A writer in a function called twice is one place in the code.
      seen.add(writer.start.span.start);
      const planned = names.get(writer.start.span.start);
      report({
        span: writer.start.span,
        message: `Query without a name relies on spark.sql.streaming.checkpointLocation: its checkpoint sub-directory is named after a random id, so after a restart it starts from scratch; add .queryName("<stable name>") or its own .option("checkpointLocation", ...)`,
        fixes: planned ? [queryNameFix(text, writer, planned, query.model.language)] : [],
      });
    }
  },
};

/**
 * The name the fix gives each unnamed query, by the offset of its `start()`:
 * the first of `<name>`, `<name>_2`, ... that no query of the file is named
 * and no earlier unnamed query got (see `planNames`), so fixing them all at
 * once or one by one, in any order, never gives two queries one name (Spark
 * refuses to start a query whose name is active). In a `for` loop the name is
 * per iteration, `<name>_{variable}`, when the sink path varies with one of
 * the loop's variables; otherwise the iterations would share one name: no fix.
 */
function plannedQueryNames(unnamed: readonly StreamWriter[], writers: readonly StreamWriter[], loops: readonly Loop[], text: string): ReadonlyMap<number, PlannedName | null> {
  const taken = new Set(writers.flatMap((other) => {
    if (!other.queryName) return [];
    // A per-iteration name `f"out_{topic}"` holds `out`, as the fix writes it; read as written, since the value may hold one iteration's.
    const interpolated = /^[fFs][a-zA-Z]*("""|'''|"|')([^{$"'\n]*)[{$]/.exec(text.slice(other.queryName.span.start, other.queryName.span.end));
    if (interpolated) return [(interpolated[2] ?? '').replace(/[_-]+$/, '')].filter((held) => held !== '');
    return other.queryName.value.kind === 'string' ? [other.queryName.value.value] : [];
  }));
  return planNames(unnamed, loops, {
    taken,
    used: (candidate, names) => names.has(candidate),
    base: (writer, loopVariables) => {
      if (loopVariables === null) return { name: checkpointName(writer), variable: null };
      const target = writer.start?.target;
      // The first of the loop's variables the sink path reads (`for topic, path in sinks:` ... `start(path)`).
      const variable = target ? loopVariables.find((candidate) => /^[A-Za-z_]\w*$/.test(candidate) && variesWith(text.slice(target.span.start, target.span.end), candidate)) : undefined;
      return variable === undefined ? null : { name: loopName(writer, text), variable };
    },
  });
}

/** Whether an expression as written reads `variable` outside plain string literals (`f"/out/{topic}"`, `"/out/" + topic`). */
function variesWith(written: string, variable: string): boolean {
  const code = written.replace(/(?<![A-Za-z])(["'])(?:\\.|(?!\1)[^\\])*\1/g, '""');
  return new RegExp(`\\b${variable}\\b`).test(code);
}

/** `.queryName("<name>")` after `.writeStream`; in a loop `.queryName(f"<name>_{topic}")` (Scala `s"<name>_$topic"`). */
function queryNameFix(text: string, writer: StreamWriter, planned: PlannedName, language: Language): Fix {
  const written = planned.variable === null ? pythonString(planned.name) : language === 'scala' ? `s${JSON.stringify(`${planned.name}_$${planned.variable}`)}` : `f${JSON.stringify(`${planned.name}_{${planned.variable}}`)}`;
  return {
    title: `Add .queryName(${written})`,
    safety: 'unsafe',
    edits: () => [insertAfterStep(text, writer.writeStreamSpan.end, `.queryName(${written})`)],
  };
}
