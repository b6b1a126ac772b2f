// The inputs of one query: the streaming sources and the static DataFrames
// its plan reads, found by walking the model from the writer's input node,
// and bound to event files or generated rows for `openSimulation`.

import type { NodeId, PipelineModel, PlanNode } from '../../../server/src/model/pipeline';
import { inputsOf } from '../../../server/src/model/walk';
import { sourceKeyOf } from '../engine/compile-plan';
import type { ColumnType, Row, SimSource } from '../engine/source';
import type { InputBinder } from './bind-inputs';
import { limitedSource } from './limited-source';

type SourceNode = Extract<PlanNode, { kind: 'source' }>;

/** Source nodes upstream of `node`, streaming or not, in the order first reached. */
function upstreamSources(model: PipelineModel, node: NodeId): SourceNode[] {
  const found: SourceNode[] = [];
  const seen = new Set<NodeId>();
  const stack: NodeId[] = [node];
  while (stack.length > 0) {
    const id = stack.pop() as NodeId;
    if (seen.has(id)) continue;
    seen.add(id);
    const current = model.nodes[id];
    if (current === undefined) continue;
    if (current.kind === 'source') found.push(current);
    stack.push(...[...inputsOf(current)].reverse());
  }
  return found;
}

export function rootStreamingSources(model: PipelineModel, node: NodeId): SourceNode[] {
  return upstreamSources(model, node).filter((source) => source.streaming === 'streaming');
}

/** Static sources upstream of `node`, with every name the engine may look their rows up by: variables bound to them or to DataFrames built from them, and their table. */
export function upstreamStatics(model: PipelineModel, node: NodeId): { readonly node: SourceNode; readonly names: readonly string[] }[] {
  return upstreamSources(model, node)
    .filter((source) => source.streaming !== 'streaming')
    .map((source) => {
      const names: string[] = [];
      for (const [variable, bound] of Object.entries(model.bindings)) {
        if (chainRoot(model, bound) === source.id) names.push(variable);
      }
      const table = source.source.table?.value;
      if (table !== undefined && table.kind === 'string') names.push(table.value);
      return { node: source, names };
    });
}

function chainRoot(model: PipelineModel, node: NodeId): NodeId | null {
  let current = model.nodes[node];
  for (let steps = 0; current !== undefined && steps <= model.nodes.length; steps++) {
    if (current.kind === 'source') return current.id;
    if (current.kind !== 'op') return null;
    current = model.nodes[current.input];
  }
  return null;
}

export interface QueryInputs {
  /** Streaming inputs by the engine's source key (`sourceKeyOf`), each with the read limit its binding chose. */
  readonly sources: Record<string, SimSource>;
  /** Rows of each static DataFrame, under every name the engine may look them up by. */
  readonly statics: Record<string, readonly Row[]>;
  /** Their column types, under the same names. */
  readonly staticSchemas: Record<string, readonly ColumnType[]>;
  /** One line per input: where its rows come from. */
  readonly origins: readonly string[];
}

/**
 * Binds every input of the query whose writer reads `input`: what `openSimulation`
 * takes as `sources` and `statics`. What could not be bound is in `binder.problems`.
 */
export function bindQueryInputs(model: PipelineModel, input: NodeId, binder: InputBinder): QueryInputs {
  const sources: Record<string, SimSource> = {};
  const statics: Record<string, readonly Row[]> = {};
  const staticSchemas: Record<string, readonly ColumnType[]> = {};
  const origins: string[] = [];
  for (const node of rootStreamingSources(model, input)) {
    const bound = binder.bindSource(node);
    if (bound === null) continue;
    sources[sourceKeyOf(node)] = limitedSource(bound.opened.source, bound.opened.readLimit);
    origins.push(`${bound.key}: ${bound.opened.origin}`);
  }
  for (const { node, names } of upstreamStatics(model, input)) {
    const bound = binder.bindStatic(node);
    if (bound === null) continue;
    const rows = bound.load();
    for (const name of names) {
      statics[name] = rows;
      staticSchemas[name] = bound.schema;
    }
    origins.push(`${bound.name} (static): ${bound.origin}`);
  }
  return { sources, statics, staticSchemas, origins };
}
