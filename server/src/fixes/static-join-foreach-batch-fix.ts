// The second fix for a stream-static join against a cached static side:
// move the join into a foreachBatch function that reads the static side
// again for every micro-batch, and write each joined batch from there.
//
//   devices = spark.read.format("delta").load("/dims/devices").cache()
//   joined = events.join(devices, events.value == devices.id, "left")
//   joined.writeStream.format("delta").option("checkpointLocation", "/chk/j").start("/out/j")
//
// becomes
//
//   def join_devices(batch_df, batch_id):
//       devices = spark.read.format("delta").load("/dims/devices")
//       joined = batch_df.join(devices, batch_df.value == devices.id, "left")
//       joined.write.format("delta").option("txnAppId", "join_devices").option("txnVersion", batch_id).mode("append").save("/out/j")
//   events.writeStream.foreachBatch(join_devices).option("checkpointLocation", "/chk/j").start()
//
// Only this shape is rewritten (module level, one statement each, the joined
// name used by nothing but the writer); anything else gets no fix.

import type { Fix, TextEdit } from '../analysis/types';
import type { PlanNode, StreamWriter } from '../model/pipeline';
import type { ModelQuery } from '../rules/query';
import { endOfLine, pythonString } from './chain-edit';
import { codeIndex } from './name-uses';
import { scanPythonLines, statementLineStart } from './python-lines';
import { staysOnStream, writableInBatch } from './stream-writer-steps';

export function staticJoinForeachBatchFix(text: string, query: ModelQuery, join: Extract<PlanNode, { kind: 'join' }>): Fix | null {
  if (query.model.language !== 'python' || join.scope !== null || !query.isStreaming(join.left) || !query.isBatch(join.right)) return null;
  const names = bindingNames(query);
  const stream = names.get(join.left);
  const staticName = names.get(join.right);
  const cached = query.node(join.right);
  if (!stream || !staticName || cached?.kind !== 'op' || cached.op.kind !== 'cache') return null;
  const source = query.node(cached.input);
  if (source?.kind !== 'source' || (source.source.api !== 'read' && source.source.api !== 'table')) return null;
  const reread = text.slice(source.span.start, source.span.end);
  if (reread.includes('\n')) return null;
  // `joined = events.join(...)` on one line of its own.
  const lines = scanPythonLines(text);
  const joinLineStart = statementLineStart(lines, join.span.start);
  const joinLineEnd = endOfLine(text, join.span.end);
  const statement = /^([A-Za-z_]\w*)[ \t]*=[ \t]*$/.exec(text.slice(joinLineStart, join.span.start));
  const joined = statement?.[1];
  if (!joined || text.slice(join.span.end, joinLineEnd).trim() !== '' || text.slice(join.span.start, join.callSpan.start).trim() !== stream) return null;
  const writer = soleWriter(query, join, joined, text);
  if (!writer?.format || !writer.start || !writableInBatch(writer.format.value)) return null;
  const writerLineStart = statementLineStart(lines, writer.span.start);
  if (writerLineStart !== writer.span.start || text.slice(writer.span.end, endOfLine(text, writer.span.end)).trim() !== '') return null;
  let name = `join_${staticName}`;
  for (let suffix = 2; new RegExp(`\\b${name}\\b`).test(text); suffix++) name = `join_${staticName}_${suffix}`;
  const target = writer.start.target ? text.slice(writer.start.target.span.start, writer.start.target.span.end) : '';
  const terminal = writer.start.method === 'start' ? `save(${target})` : `saveAsTable(${target})`;
  const moved = writer.options.filter((option) => !staysOnStream(option.key)).map((option) => text.slice(option.span.start, option.span.end).trim());
  const kept = writer.options.filter((option) => staysOnStream(option.key)).map((option) => text.slice(option.span.start, option.span.end).trim());
  const delta = writer.format.value.toLowerCase() === 'delta' ? `.option("txnAppId", ${pythonString(name)}).option("txnVersion", batch_id)` : '';
  const joinCall = text.slice(join.callSpan.start, join.callSpan.end).replace(new RegExp(`\\b${stream}\\b`, 'g'), 'batch_df');
  const body = [
    `def ${name}(batch_df, batch_id):`,
    `    # Read ${staticName} again for every micro-batch, so the join sees its current data`,
    `    ${staticName} = ${reread}`,
    `    ${joined} = batch_df${joinCall}`,
    `    ${joined}.write.format(${pythonString(writer.format.value)})${moved.join('')}${delta}.mode("append").${terminal}`,
    '',
    '',
  ].join('\n');
  const rewritten = `${stream}.writeStream.foreachBatch(${name})${kept.join('')}.${writer.start.method === 'start' ? 'start()' : `toTable(${target})`}`;
  return {
    title: `Join in foreachBatch (${name}), reading ${staticName} again every micro-batch`,
    safety: 'unsafe',
    edits: (): readonly TextEdit[] => [
      { span: { start: joinLineStart, end: Math.min(text.length, joinLineEnd + 1) }, newText: body },
      { span: writer.span, newText: rewritten },
    ],
  };
}

/** Module-level variable names by the node they are bound to. */
function bindingNames(query: ModelQuery): Map<number, string> {
  const names = new Map<number, string>();
  for (const [name, id] of Object.entries(query.model.bindings)) if (!names.has(id)) names.set(id, name);
  return names;
}

/** The one writer of `joined`, written as `joined.writeStream...` with nothing a batch writer cannot take; `joined` used nowhere else. */
export function soleWriter(query: ModelQuery, join: PlanNode, joined: string, text: string): StreamWriter | null {
  const writers = query.writersOf(join.id);
  const writer = writers[0];
  if (writers.length !== 1 || !writer || writer.input !== join.id) return null;
  if (text.slice(writer.span.start, writer.writeStreamSpan.start).trim() !== joined) return null;
  if (writer.foreachBatch || writer.foreach || writer.trigger || writer.queryName || writer.outputMode || writer.partitionBy) return null;
  // Its binding and the writer: names inside string literals (`"/chk/joined"`) and comments are not uses.
  return codeIndex(text, query.model.language).uses(joined).length === 2 ? writer : null;
}
