// A template that moves a window function off the stream into foreachBatch,
// where it runs on each micro-batch as on any batch DataFrame:
//
//   ranked = events.withColumn("rn", F.row_number().over(spec))
//   ranked.writeStream.format("delta").option("checkpointLocation", "/chk/r").start("/out/r")
//
// becomes
//
//   def write_ranked(batch_df, batch_id):
//       # foreachBatch hands this function one micro-batch at a time: ...
//       ranked = batch_df.withColumn("rn", F.row_number().over(spec))
//       ranked.write.format("delta").option("txnAppId", "write_ranked").option("txnVersion", batch_id).mode("append").save("/out/r")
//
//   events.writeStream.foreachBatch(write_ranked).option("checkpointLocation", "/chk/r").start()
//
// and in Scala the statement and the write go into an inline
// `foreachBatch { (batch: DataFrame, batchId: Long) => ... }` block.
// Display-only: the window then ranks (or sums, or lags) the rows of one
// micro-batch, never earlier ones, which only the author can accept; a sink
// with no batch writer (memory) becomes a `<table>` placeholder.
//
// Two shapes are rewritten, on a stream named by a plain variable, with the
// window function among steps that keep no state, and a writer whose steps
// can be carried over: one statement `name = stream.<steps>`, then up to four
// statements `next = name.<steps>` each read only by the one after, the last
// read by nothing but one `last.writeStream...start()` or `toTable()` chain;
// or the steps chained straight into the writer,
// `stream.<steps>.writeStream...start()`, whose steps before `.writeStream`
// become the handler's batch expression. Anything else, no fix.

import type { Fix, TextEdit } from '../analysis/types';
import type { PlanNode, StreamWriter } from '../model/pipeline';
import type { Span } from '../model/span';
import type { ModelQuery } from '../rules/query';
import { removeStep } from './chain-edit';
import { callArguments, isPlainArgument } from './call-arguments';
import { scalaDataFrameType } from './foreach-batch-scala';
import { boundName, codeIndex, usesWithin, type CodeIndex } from './name-uses';
import { indentAt, scanPythonLines, statementLineStart } from './python-lines';
import { formatStep, staysOnStream } from './stream-writer-steps';

/** Steps that would keep state across batches on a stream: moved into foreachBatch they would mean something else again. */
const statefulSteps = new Set(['aggregate', 'dedup', 'statefulFunction', 'watermark', 'cache', 'tempView']);

const why = 'foreachBatch hands this {what} one micro-batch at a time: the window function sees the rows of that batch only, never earlier ones';

/** The template for the window function applied by `window` (the op node holding it), or null when its pipeline is not that shape. */
export function windowForeachBatchTemplate(text: string, query: ModelQuery, window: PlanNode): Fix | null {
  const writers = query.writersOf(window.id);
  const writer = writers[0];
  if (writers.length !== 1 || !writer || writer.foreachBatch || writer.foreach || !writer.start || writer.scope !== window.scope) return null;
  const index = codeIndex(text, query.model.language);
  const parts = writerParts(text, index, writer);
  if (!parts) return null;
  // The window function in the writer's own chain (`events.withColumn(...).writeStream...`), or in statements before it.
  const move = window.span.start === writer.span.start ? chainMove(text, query, index, writer, window, parts) : statementsMove(text, query, index, writer, window);
  return move ? foreachBatchFix(text, query.model.language, index, writer, parts, move) : null;
}

/** What goes into the handler and what the stream writer keeps. */
interface Move {
  /** The stream variable the moved code read, which the writer now reads. */
  readonly streamName: string;
  /** The writer's receiver (a statement's name, or the chain before `.writeStream`), replaced by the stream's name. */
  readonly receiver: Span;
  /** What the handler is named after: `write_<name>` in Python, the Delta `txnAppId` in Scala when the query has no name. */
  readonly name: string;
  /** Where the Python handler goes, replacing that text; an empty span for an insertion. */
  readonly place: Span & { readonly indent: string };
  /** The other statements that move into the handler, removed where they were. */
  readonly removed: readonly Span[];
  /** The handler's lines without their indentation, given the batch write of a DataFrame expression (`latest.write...`). */
  readonly body: (write: (frame: string) => string) => string[];
}

const batchNames = { python: { frame: 'batch_df', id: 'batch_id' }, scala: { frame: 'batch', id: 'batchId' } } as const;

function foreachBatchFix(text: string, language: 'python' | 'scala', index: CodeIndex, writer: StreamWriter, parts: WriterParts, move: Move): Fix {
  const batch = batchNames[language];
  const removals = (): TextEdit[] => move.removed.map((span) => ({ span, newText: '' }));
  const streamEdits = (replacement: string): TextEdit[] => [
    { span: move.receiver, newText: move.streamName },
    parts.format ? { span: parts.format, newText: replacement } : { span: { start: writer.writeStreamSpan.end, end: writer.writeStreamSpan.end }, newText: replacement },
    ...parts.removed.flatMap((span) => removeStep(text, span)),
    { span: parts.start, newText: '.start()' },
  ];
  const place = move.place;
  if (language === 'python') {
    let handler = `write_${move.name}`;
    for (let suffix = 2; index.uses(handler).length > 0; suffix++) handler = `write_${move.name}_${suffix}`;
    const definition = (): string => {
      const body = `${place.indent}${scanPythonLines(text).indentUnit}`;
      // Blank lines around the def as PEP 8 has them (two at the top level, one in a block), counting those already there.
      const around = place.indent === '' ? 2 : 1;
      const before = place.start === 0 ? around : blankLinesBefore(text, place.start);
      const after = place.end >= text.length ? around : blankLinesAfter(text, place.end);
      return [
        ...Array.from({ length: Math.max(0, around - before) }, () => ''),
        `${place.indent}def ${handler}(batch_df, batch_id):`,
        `${body}# ${why.replace('{what}', 'function')}`,
        ...move.body((frame) => batchWrite(frame, parts, writer, `"${handler}"`, batch.id)).map((line) => (line.trim() === '' ? line : `${body}${line}`)),
        ...Array.from({ length: Math.max(0, around - after) }, () => ''),
        '',
      ].join('\n');
    };
    return {
      title: `Apply the window function per micro-batch in foreachBatch (${handler}): it sees one batch at a time, not the whole stream`,
      safety: 'display-only',
      edits: () => [{ span: { start: place.start, end: place.end }, newText: definition() }, ...removals(), ...streamEdits(`.foreachBatch(${handler})`)],
    };
  }
  const block = (): string => {
    const anchor = parts.format?.start ?? writer.writeStreamSpan.end;
    const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', anchor - 1) + 1))?.[0] ?? '';
    const inner = `${indent}  `;
    const dataFrame = scalaDataFrameType(text);
    const appId = writer.queryName?.value.kind === 'string' ? JSON.stringify(writer.queryName.value.value) : JSON.stringify(move.name);
    return [
      `.foreachBatch { (batch: ${dataFrame}, batchId: Long) =>`,
      `${inner}// ${why.replace('{what}', 'block')}`,
      ...move.body((frame) => batchWrite(frame, parts, writer, appId, batch.id)).map((line) => (line.trim() === '' ? line : `${inner}${line}`)),
      `${indent}}`,
    ].join('\n');
  };
  return {
    title: 'Apply the window function per micro-batch in a foreachBatch block: it sees one batch at a time, not the whole stream',
    safety: 'display-only',
    edits: () => [...(place.end > place.start ? [{ span: { start: place.start, end: place.end }, newText: '' }] : []), ...removals(), ...streamEdits(block())],
  };
}

/** The statements shape: `name = stream.<steps>` with the window function, up to four more statements, the last one's name read by the writer only. */
function statementsMove(text: string, query: ModelQuery, index: CodeIndex, writer: StreamWriter, window: PlanNode): Move | null {
  const language = query.model.language;
  const pipeline = pipelineOf(text, query, writer, window);
  if (!pipeline) return null;
  const { streamName, segments } = pipeline;
  const first = segments[0];
  const final = segments[segments.length - 1];
  if (!first || !final || final.statement.end > writer.span.start) return null;
  // Each statement's name is read by the next statement only (the last one's by the writer), and the stream by the first statement only.
  for (const [position, segment] of segments.entries()) {
    const reader = segments[position + 1]?.last.span.start ?? writer.span.start;
    const uses = index.uses(segment.statement.name);
    if (uses.length !== 2 || uses[0] !== segment.statement.nameAt || uses[1] !== reader) return null;
  }
  if (text.slice(writer.span.start, writer.writeStreamSpan.start).replace(/[\s\\.]+$/, '') !== final.statement.name) return null;
  const batch = batchNames[language];
  const inStatements = (name: string): number => segments.reduce((count, segment) => count + usesWithin(index, name, segment.statement), 0);
  if (inStatements(streamName) !== 1 || inStatements(batch.frame) > 0 || inStatements(batch.id) > 0) return null;
  if (language === 'python' && segments.some((segment) => /"""|'''/.test(text.slice(segment.statement.start, segment.statement.end)))) return null;
  const target = final.statement.name;
  // The statements as the handler reads them, each line without its statement's own indentation (built in the thunks, like every edit text).
  const moved = (): string[] => segments.flatMap((segment) => {
    const { start, end, indent } = segment.statement;
    const receiver = segment.last.span.start;
    const written = segment === first ? `${text.slice(start, receiver)}${batch.frame}${text.slice(receiver + streamName.length, end)}` : text.slice(start, end);
    return written
      .replace(/\r?\n$/, '')
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()));
  });
  const statement = first.statement;
  return {
    streamName,
    receiver: { start: writer.span.start, end: writer.span.start + target.length },
    name: target,
    place: { start: statement.start, end: statement.end, indent: statement.indent },
    removed: segments.slice(1).map((segment) => ({ start: segment.statement.start, end: segment.statement.end })),
    body: (write) => [...moved(), write(target)],
  };
}

/**
 * The chained shape: `stream.<steps>.writeStream...start()` in one statement,
 * the window function among the steps before `.writeStream`. Those steps move
 * into the handler, applied to the batch DataFrame, and the query writes the
 * stream itself.
 */
function chainMove(text: string, query: ModelQuery, index: CodeIndex, writer: StreamWriter, window: PlanNode, parts: WriterParts): Move | null {
  const language = query.model.language;
  const last = query.node(writer.input);
  if (!last || last.span.start !== writer.span.start) return null;
  const steps = chainSteps(query, window, last);
  if (!steps || !steps.seen || !query.isStreaming(steps.receiver.id)) return null;
  const streamName = receiverName(text, steps);
  if (streamName === null) return null;
  const chain = { start: writer.span.start, end: last.span.end };
  const batch = batchNames[language];
  if (usesWithin(index, streamName, chain) !== 1 || usesWithin(index, batch.frame, chain) > 0 || usesWithin(index, batch.id, chain) > 0) return null;
  const written = text.slice(chain.start, chain.end);
  if (language === 'python' && /"""|'''/.test(written)) return null;
  let place: Move['place'] = { start: chain.start, end: chain.start, indent: '' };
  if (language === 'python') {
    // The handler goes right before the statement that holds the writer, which must be `[name =] [(]chain...`.
    const start = statementLineStart(scanPythonLines(text), chain.start);
    if (!/^[ \t]*(?:[A-Za-z_]\w*[ \t]*=[ \t]*)?(?:\(\s*)?$/.test(text.slice(start, chain.start))) return null;
    place = { start, end: start, indent: indentAt(text, start) };
  }
  const name = handlerName(writer, parts) ?? streamName;
  // Continuation lines keep their place relative to the receiver; in Python the chain is wrapped in parentheses, so it may span lines.
  const column = chain.start - text.lastIndexOf('\n', chain.start - 1) - 1;
  const body = (write: (frame: string) => string): string[] => {
    const lines = `${batch.frame}${written.slice(streamName.length)}`.replace(/\r(?=\n)/g, '').split('\n');
    const codeLines = index.code.slice(chain.start, chain.end).replace(/\r(?=\n)/g, '').split('\n');
    const wrap = language === 'python' && lines.length > 1;
    const shifted = lines.map((line, position) => {
      // In parentheses a backslash continuation is noise; one inside a string literal (blanked in the code) is kept.
      const continuation = wrap ? /[ \t]*\\$/.exec(codeLines[position] ?? '') : null;
      const kept = continuation ? line.slice(0, line.length - continuation[0].length) : line;
      if (position === 0 || kept.trim() === '') return position === 0 ? kept : '';
      const own = /^[ \t]*/.exec(kept)?.[0].length ?? 0;
      return `${' '.repeat(Math.max(wrap ? 1 : 2, own - column + (wrap ? 1 : 0)))}${kept.trimStart()}`;
    });
    const statement = write(shifted.join('\n'));
    return (wrap ? `(${statement})` : statement).split('\n');
  };
  return { streamName, receiver: chain, name, place, removed: [], body };
}

/** What a handler for a chain is named after: the query's name, else the last part of the sink's path or table; null when neither is a literal. */
function handlerName(writer: StreamWriter, parts: WriterParts): string | null {
  const queryName = writer.queryName?.value.kind === 'string' ? writer.queryName.value.value : null;
  const target = parts.target !== null && /^(["'])[^"'\\]*\1$/.test(parts.target) ? parts.target.slice(1, -1).split(/[/.]/).filter((part) => part !== '').pop() ?? null : null;
  const name = (queryName ?? target ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return name === '' ? null : name;
}

/** One statement of the pipeline: `name = receiver.<steps>`. */
interface Segment {
  /** The statement's first and last step. */
  readonly first: PlanNode;
  readonly last: PlanNode;
  readonly statement: Statement;
}

interface Pipeline {
  /** The stream variable the first statement reads. */
  readonly streamName: string;
  /** The statements from the window function's to the one the writer reads, in order. */
  readonly segments: readonly Segment[];
}

/** At most this many statements, from the window function's to the writer's input, are moved. */
const maxStatements = 5;

/**
 * The statements from the one that applies the window function to the one
 * the writer reads, each `name = previous.<steps>` with steps that keep no
 * state; the first one's receiver is a stream variable.
 */
function pipelineOf(text: string, query: ModelQuery, writer: StreamWriter, window: PlanNode): Pipeline | null {
  const segments: Segment[] = [];
  let node = query.node(writer.input);
  while (node && segments.length < maxStatements) {
    const last: PlanNode = node;
    const steps = chainSteps(query, window, last);
    if (!steps) return null;
    const receiver = receiverName(text, steps);
    if (receiver === null) return null;
    const statement = statementOf(text, query.model.language, last.span.start, last.span.end);
    const next = segments[0];
    if (!statement || (next && statement.end > next.statement.start)) return null;
    segments.unshift({ first: steps.first, last, statement });
    if (steps.seen) return query.isStreaming(steps.receiver.id) ? { streamName: receiver, segments } : null;
    node = steps.receiver;
  }
  return null;
}

/** The steps of one chain, from `last` down to the first written from `last`'s start. */
interface ChainSteps {
  readonly first: PlanNode;
  readonly last: PlanNode;
  /** The node the chain's first step is called on. */
  readonly receiver: PlanNode;
  /** Whether the window function is among the steps. */
  readonly seen: boolean;
}

/** The op steps chained from `last` down; null when one keeps state or lies in another scope than the window function, or none is an op. */
function chainSteps(query: ModelQuery, window: PlanNode, last: PlanNode): ChainSteps | null {
  let first: PlanNode | null = null;
  let seen = false;
  let node: PlanNode | undefined = last;
  while (node?.kind === 'op' && node.span.start === last.span.start) {
    if (statefulSteps.has(node.op.kind) || node.scope !== window.scope) return null;
    seen ||= node.id === window.id;
    first = node;
    node = query.node(node.input);
  }
  return node && first ? { first, last, receiver: node, seen } : null;
}

/** The chain's receiver when it is a plain variable bound to the node the steps are called on; null otherwise. */
function receiverName(text: string, steps: ChainSteps): string | null {
  const name = text.slice(steps.last.span.start, steps.first.callSpan.start).replace(/[\s\\.]+$/, '');
  return /^[A-Za-z_]\w*$/.test(name) && boundName(text, steps.receiver.span.start)?.name === name ? name : null;
}

interface Statement {
  readonly start: number;
  /** After the statement's line break. */
  readonly end: number;
  readonly indent: string;
  readonly name: string;
  readonly nameAt: number;
}

/** `name = <expression>` (Scala `val name = ...`), alone on its lines, possibly in parentheses. */
function statementOf(text: string, language: 'python' | 'scala', start: number, end: number): Statement | null {
  const candidates = language === 'python' ? [statementLineStart(scanPythonLines(text), start)] : lineStarts(text, start);
  for (const lineStart of candidates) {
    const prefix = /^([ \t]*)((?:(?:val|var)[ \t]+)?)([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*(\()?\s*$/.exec(text.slice(lineStart, start));
    if (!prefix || (language === 'python' && prefix[2] !== '')) continue;
    const suffix = (prefix[4] ? /^\s*\)[ \t]*(?:(?:#|\/\/)[^\n]*)?(?:\n|$)/ : /^[ \t]*(?:(?:#|\/\/)[^\n]*)?(?:\n|$)/).exec(text.slice(end));
    if (!suffix) return null;
    const indent = prefix[1] ?? '';
    return { start: lineStart, end: end + suffix[0].length, indent, name: prefix[3] ?? '', nameAt: lineStart + indent.length + (prefix[2] ?? '').length };
  }
  return null;
}

/** The start of the line holding `offset` and of the line before (a Scala `val x =` may break before its expression). */
function lineStarts(text: string, offset: number): readonly number[] {
  const own = text.lastIndexOf('\n', offset - 1) + 1;
  return own === 0 ? [own] : [own, text.lastIndexOf('\n', own - 2) + 1];
}

interface WriterParts {
  /** The `.format("...")` step, replaced by the foreachBatch call; null when the writer names no format. */
  readonly format: { readonly start: number; readonly end: number } | null;
  /** Steps that move to the batch write: options other than the stream's own, `partitionBy`. */
  readonly removed: readonly { readonly start: number; readonly end: number }[];
  readonly movedSteps: readonly string[];
  /** `.start(...)` / `.toTable(...)`. */
  readonly start: { readonly start: number; readonly end: number };
  /** What `start` or `toTable` was given, as written. */
  readonly target: string | null;
}

/** The writer's steps, when each can be carried over: a literal format, `.option(...)` steps, one plain start argument. */
function writerParts(text: string, index: CodeIndex, writer: StreamWriter): WriterParts | null {
  const start = writer.start;
  if (!start) return null;
  const chain = index.code.slice(writer.writeStreamSpan.end, writer.span.end);
  if (/\.\s*options\s*\(/.test(chain)) return null;
  let format: WriterParts['format'] = null;
  if (writer.format) {
    format = formatStep(text, writer);
    if (!format) return null;
  } else if (/\.\s*format\s*\(/.test(chain)) {
    return null;
  }
  const inside = (span: { readonly start: number; readonly end: number }): boolean => span.start >= writer.span.start && span.end <= writer.span.end;
  const moved = writer.options.filter((option) => !staysOnStream(option.key));
  if (moved.some((option) => !inside(option.span) || !/^\.\s*option\s*\(/.test(text.slice(option.span.start, option.span.end)))) return null;
  const partitioning = writer.partitionBy;
  if (partitioning && (!inside(partitioning.span) || !/^\.\s*partitionBy\s*\(/.test(text.slice(partitioning.span.start, partitioning.span.end)))) return null;
  const steps = [...(partitioning ? [partitioning.span] : []), ...moved.map((option) => option.span)];
  const args = callArguments(text.slice(start.span.start, start.span.end));
  if (!args || args.length > 1 || !args.every(isPlainArgument) || (start.method === 'toTable' && args.length !== 1)) return null;
  if (!inside(start.span) || !/^\./.test(text.slice(start.span.start, start.span.end))) return null;
  return {
    format,
    removed: steps,
    movedSteps: steps.map((span) => text.slice(span.start, span.end).trim()),
    start: start.span,
    target: args[0] ?? null,
  };
}

/** The write of one batch: the stream's sink through the batch writer, idempotent on Delta, `show()` for the console. */
function batchWrite(name: string, parts: WriterParts, writer: StreamWriter, appId: string, batchId: string): string {
  const format = writer.format?.value.toLowerCase() ?? null;
  if (format === 'console' && parts.movedSteps.length === 0) return `${name}.show()`;
  if (format === 'memory') return `${name}.write.mode("append").saveAsTable("<table>")`;
  const formatStep = writer.format ? `.format(${JSON.stringify(writer.format.value)})` : '';
  const delta = format === 'delta' ? `.option("txnAppId", ${appId}).option("txnVersion", ${batchId})` : '';
  const terminal = writer.start?.method === 'toTable' ? `.saveAsTable(${parts.target ?? ''})` : `.save(${parts.target ?? ''})`;
  return `${name}.write${formatStep}${parts.movedSteps.join('')}${delta}.mode("append")${terminal}`;
}

/** The blank lines right before the line starting at `lineStart`. */
function blankLinesBefore(text: string, lineStart: number): number {
  let count = 0;
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    if (text.slice(start, end).trim() !== '') break;
    count++;
    if (start === 0) break;
    end = start - 1;
  }
  return count;
}

/** The blank lines from `lineStart` on. */
function blankLinesAfter(text: string, lineStart: number): number {
  let count = 0;
  let start = lineStart;
  for (let end = text.indexOf('\n', start); end >= 0 && text.slice(start, end).trim() === ''; end = text.indexOf('\n', start)) {
    count++;
    start = end + 1;
  }
  return count;
}
