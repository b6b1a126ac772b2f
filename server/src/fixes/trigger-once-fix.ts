// trigger(once=True) → trigger(availableNow=True); in Scala
// Trigger.Once() → Trigger.AvailableNow().

import type { Fix } from '../analysis/types';
import type { StreamWriter } from '../model/pipeline';
import type { ModelQuery } from '../rules/query';

/** Source options that split an availableNow run into several batches where once would read everything in one. */
const rateLimits = ['maxoffsetspertrigger', 'minoffsetspertrigger', 'maxfilespertrigger', 'maxbytespertrigger', 'maxrecordspertrigger', 'maxtriggerdelay'];

/**
 * The rewrite is safe when the query is stateless and no source limits its
 * batches: availableNow then reads the same data in one batch, and its final
 * no-data batch has no state to flush. Otherwise the batches (and with state,
 * what is emitted when) change, so it is unsafe.
 */
export function triggerOnceFix(writer: StreamWriter, query: ModelQuery, text: string): Fix | null {
  const trigger = writer.trigger;
  if (trigger?.kind !== 'once') return null;
  const written = text.slice(trigger.span.start, trigger.span.end);
  const scala = query.model.language === 'scala';
  const argument = scala ? /\bTrigger\s*\.\s*Once\b(?:\s*\(\s*\))?/.exec(written) : /\bonce\s*=\s*True\b/.exec(written);
  if (!argument) return null;
  const stateful = query.upstreamStateful(writer.input).length > 0 || isStatefulNode(query, writer.input);
  const limited = query.sources(writer.input).some((source) => source.source.options.some((option) => rateLimits.includes(option.key.toLowerCase())));
  const start = trigger.span.start + argument.index;
  const replacement = scala ? 'Trigger.AvailableNow()' : 'availableNow=True';
  return {
    title: scala ? 'Use Trigger.AvailableNow()' : 'Use trigger(availableNow=True)',
    safety: stateful || limited ? 'unsafe' : 'safe',
    edits: () => [{ span: { start, end: start + argument[0].length }, newText: replacement }],
  };
}

function isStatefulNode(query: ModelQuery, id: number): boolean {
  const node = query.node(id);
  if (!node) return false;
  if (node.kind === 'join') return query.isStreaming(node.left) && query.isStreaming(node.right);
  if (node.kind !== 'op') return false;
  return node.op.kind === 'aggregate' || node.op.kind === 'dedup' || node.op.kind === 'statefulFunction';
}
