// Spark's WatermarkTracker: one value per withWatermark node, a global value
// chosen by the multiple-watermark policy. A node's value is max event time
// seen in a batch minus its delay, and never decreases; a node that has not
// seen data yet counts as 0. The global watermark starts at 0 and only
// increases. On restart the global value is recovered from the checkpoint but
// the per-node values are not.

import type { WatermarkExecutor } from './executor';
import { analysisError } from './simulation-error';

export type WatermarkPolicy = 'min' | 'max';

export function parsePolicy(text: string): WatermarkPolicy {
  const lower = text.trim().toLowerCase();
  if (lower === 'min' || lower === 'max') return lower;
  throw analysisError(`Could not recognize watermark policy '${text}'. Valid values are 'min' and 'max'`, null);
}

export class WatermarkTracker {
  private readonly perNode = new Map<number, number>();

  constructor(
    readonly policy: WatermarkPolicy,
    private global: number,
  ) {}

  get currentMs(): number {
    return this.global;
  }

  /** The per-node values, for display. */
  nodeValues(): ReadonlyMap<number, number> {
    return this.perNode;
  }

  update(nodes: readonly WatermarkExecutor[]): void {
    if (nodes.length === 0) return;
    for (const node of nodes) {
      const previous = this.perNode.get(node.nodeId);
      if (node.count > 0) {
        const candidate = node.max - node.delayMs;
        if (previous === undefined || candidate > previous) this.perNode.set(node.nodeId, candidate);
      } else if (previous === undefined) {
        this.perNode.set(node.nodeId, 0);
      }
    }
    const values = [...this.perNode.values()];
    const chosen = this.policy === 'min' ? Math.min(...values) : Math.max(...values);
    if (chosen > this.global) this.global = chosen;
  }
}
