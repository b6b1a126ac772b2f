// `--events SOURCE=PATH`: which pipeline source an event file or directory
// feeds. SOURCE names the source as the code does: its table, its path (or
// the path's last segment), its Kafka topic, or a variable holding it (or a
// DataFrame built from it by a chain of operations).

import type { NodeId, PipelineModel, PlanNode } from '../../../server/src/model/pipeline';
import { valueText } from './source-options';

export interface EventBinding {
  readonly source: string;
  readonly path: string;
}

export type BindingParse = { readonly kind: 'binding'; readonly binding: EventBinding } | { readonly kind: 'error'; readonly message: string };

export function parseEventBinding(text: string): BindingParse {
  const equals = text.indexOf('=');
  if (equals <= 0 || equals === text.length - 1) {
    return { kind: 'error', message: `--events expects SOURCE=PATH (a source's table, path, topic or variable name, then an event file or directory), got '${text}'` };
  }
  return { kind: 'binding', binding: { source: text.slice(0, equals).trim(), path: text.slice(equals + 1).trim() } };
}

/** The names a streaming source answers to, most specific first. */
export function sourceNames(model: PipelineModel, node: NodeId): string[] {
  const source = model.nodes[node];
  if (source === undefined || source.kind !== 'source') return [];
  const names: string[] = [];
  const add = (name: string | null): void => {
    if (name !== null && name !== '' && !names.includes(name)) names.push(name);
  };
  const info = source.source;
  const table = info.table === null ? null : valueText(info.table.value);
  add(table);
  if (table !== null) add(table.split('.').pop() ?? null);
  const location = info.path === null ? null : valueText(info.path.value);
  add(location);
  if (location !== null) add(location.replace(/\/+$/, '').split('/').pop() ?? null);
  for (const option of info.options) {
    const key = option.key.toLowerCase();
    if (key === 'subscribe' || key === 'topic' || key === 'topics') {
      for (const topic of (valueText(option.value.value) ?? '').split(',')) add(topic.trim());
    }
  }
  for (const [variable, bound] of Object.entries(model.bindings)) {
    if (rootSource(model, bound) === node) add(variable);
  }
  return names;
}

/** The one source at the root of a chain of unary operations, or null. */
export function rootSource(model: PipelineModel, node: NodeId): NodeId | null {
  let current: PlanNode | undefined = model.nodes[node];
  for (let steps = 0; current !== undefined && steps < model.nodes.length; steps++) {
    if (current.kind === 'source') return current.id;
    if (current.kind !== 'op') return null;
    current = model.nodes[current.input];
  }
  return null;
}

export type BindingMatch = { readonly kind: 'match'; readonly node: NodeId } | { readonly kind: 'error'; readonly message: string };

/** The source among `candidates` that a binding names. */
export function matchBinding(model: PipelineModel, binding: EventBinding, candidates: readonly NodeId[]): BindingMatch {
  const matches = candidates.filter((node) => sourceNames(model, node).includes(binding.source));
  if (matches.length === 1) return { kind: 'match', node: matches[0] as NodeId };
  const known = candidates.map((node) => sourceNames(model, node).join(' / ') || `source #${node}`).join('; ');
  if (matches.length === 0) return { kind: 'error', message: `--events ${binding.source}=...: no streaming source of this query is called '${binding.source}' (sources: ${known})` };
  return { kind: 'error', message: `--events ${binding.source}=...: '${binding.source}' names ${matches.length} sources; use a more specific name (sources: ${known})` };
}
