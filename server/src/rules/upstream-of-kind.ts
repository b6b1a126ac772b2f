// Operations of one kind strictly upstream of a node, found from the other
// side: the (few) operations of that kind, kept when the node's memoised
// lineage holds them. Same answer as `ModelQuery.upstreamOps`, without
// sorting the whole lineage on every call, which matters for rules that ask
// it once per operation of a long generated plan.

import type { NodeId, Operation } from '../model/pipeline';
import type { ModelQuery, OpNode } from './query';

export function upstreamOfKind<K extends Operation['kind']>(query: ModelQuery, id: NodeId, kind: K): readonly OpNode<K>[] {
  const candidates = query.ops(kind);
  if (candidates.length === 0) return [];
  const lineage = query.lineage(id);
  return candidates.filter((candidate) => candidate.id !== id && lineage.has(candidate.id));
}
