// The Scala form of the foreachBatch fix for a stream-static join against a
// cached static side: the join moves into a block passed inline to
// foreachBatch, which reads the static side again for every micro-batch.
//
//   val devices = spark.read.format("delta").load("/dims/devices").cache()
//   val joined = events.join(devices, events("value") === devices("id"), "left")
//   joined.writeStream.format("delta").option("checkpointLocation", "/chk/j").start("/out/j")
//
// becomes
//
//   val devices = spark.read.format("delta").load("/dims/devices").cache()
//   events.writeStream
//     .foreachBatch { (batch: DataFrame, batchId: Long) =>
//       // Read devices again for every micro-batch, so the join sees its current data
//       val devices = spark.read.format("delta").load("/dims/devices")
//       val joined = batch.join(devices, batch("value") === devices("id"), "left")
//       joined.write.format("delta").option("txnAppId", "/chk/j").option("txnVersion", batchId).mode("append").save("/out/j")
//     }
//     .option("checkpointLocation", "/chk/j")
//     .start()
//
// The block's vals shadow the outer ones, as Scala allows in a nested block.
// Only this shape is rewritten (each a statement of its own lines, the names
// `val`s, the joined name used by nothing but the writer); anything else gets
// no fix.

import type { Fix, TextEdit } from '../analysis/types';
import type { PlanNode } from '../model/pipeline';
import type { ModelQuery } from '../rules/query';
import { findOption } from '../rules/query';
import { endOfLine } from './chain-edit';
import { scalaDataFrameType } from './foreach-batch-scala';
import { scalaValNode } from './scala-val-binding';
import { soleWriter } from './static-join-foreach-batch-fix';
import { staysOnStream, writableInBatch } from './stream-writer-steps';

export function scalaStaticJoinForeachBatchFix(text: string, query: ModelQuery, join: Extract<PlanNode, { kind: 'join' }>): Fix | null {
  if (!query.isStreaming(join.left) || !query.isBatch(join.right)) return null;
  const stream = text.slice(join.span.start, join.callSpan.start).trim();
  const staticName = /^\.\s*join\s*\(\s*([A-Za-z_]\w*)\s*,/.exec(text.slice(join.callSpan.start, join.callSpan.end))?.[1];
  if (!/^[A-Za-z_]\w*$/.test(stream) || !staticName || staticName === stream) return null;
  if (scalaValNode(query, text, stream, join.span.start, [join.left]) === null || scalaValNode(query, text, staticName, join.span.start, [join.right]) === null) return null;
  const cached = query.node(join.right);
  if (cached?.kind !== 'op' || cached.op.kind !== 'cache') return null;
  const source = query.node(cached.input);
  if (source?.kind !== 'source' || (source.source.api !== 'read' && source.source.api !== 'table')) return null;
  const reread = text.slice(source.span.start, source.span.end);
  if (reread.includes('\n')) return null;
  // `val joined = events.join(...)` on lines of its own.
  const joinLineStart = text.lastIndexOf('\n', join.span.start - 1) + 1;
  const joinLineEnd = endOfLine(text, join.span.end);
  const joined = /^[ \t]*val[ \t]+([A-Za-z_]\w*)[ \t]*=[ \t]*$/.exec(text.slice(joinLineStart, join.span.start))?.[1];
  if (!joined || text.slice(join.span.end, joinLineEnd).trim() !== '') return null;
  const writer = soleWriter(query, join, joined, text);
  if (!writer?.format || !writer.start || !writableInBatch(writer.format.value)) return null;
  const writerLineStart = text.lastIndexOf('\n', writer.span.start - 1) + 1;
  const indent = text.slice(writerLineStart, writer.span.start);
  if (!/^[ \t]*$/.test(indent) || text.slice(writer.span.end, endOfLine(text, writer.span.end)).trim() !== '') return null;
  const target = writer.start.target ? text.slice(writer.start.target.span.start, writer.start.target.span.end) : '';
  const terminal = writer.start.method === 'start' ? `save(${target})` : `saveAsTable(${target})`;
  const moved = writer.options.filter((option) => !staysOnStream(option.key)).map((option) => text.slice(option.span.start, option.span.end).trim());
  const kept = writer.options.filter((option) => staysOnStream(option.key)).map((option) => text.slice(option.span.start, option.span.end).trim());
  // The block has no name to identify the query to Delta: its checkpoint does, for as long as the query runs on it.
  const checkpoint = findOption(writer.options, 'checkpointLocation')?.value.value;
  const application = checkpoint?.kind === 'string' ? checkpoint.value : `join-${staticName}`;
  const delta = writer.format.value.toLowerCase() === 'delta' ? `.option("txnAppId", ${JSON.stringify(application)}).option("txnVersion", batchId)` : '';
  const joinCall = text.slice(join.callSpan.start, join.callSpan.end).replace(new RegExp(`\\b${stream}\\b`, 'g'), 'batch');
  const inner = `${indent}    `;
  const rewritten = [
    `${stream}.writeStream`,
    `${indent}  .foreachBatch { (batch: ${scalaDataFrameType(text)}, batchId: Long) =>`,
    `${inner}// Read ${staticName} again for every micro-batch, so the join sees its current data`,
    `${inner}val ${staticName} = ${reread}`,
    `${inner}val ${joined} = batch${joinCall}`,
    `${inner}${joined}.write.format(${JSON.stringify(writer.format.value)})${moved.join('')}${delta}.mode("append").${terminal}`,
    `${indent}  }`,
    ...kept.map((option) => `${indent}  ${option}`),
    `${indent}  .${writer.start.method === 'start' ? 'start()' : `toTable(${target})`}`,
  ].join('\n');
  return {
    title: `Join in a foreachBatch block, reading ${staticName} again every micro-batch`,
    safety: 'unsafe',
    edits: (): readonly TextEdit[] => [
      { span: { start: joinLineStart, end: Math.min(text.length, joinLineEnd + 1) }, newText: '' },
      { span: writer.span, newText: rewritten },
    ],
  };
}
