// Stream-static join: stateless. Each batch's stream rows are joined with the
// static side as it is now (re-read every batch), or as it was when the query
// started when the static DataFrame is cached, which is the frozen-cache
// pitfall: updates to the dimension table never show up.

import type { JoinType } from '../../../server/src/model/pipeline';
import type { BatchContext, Executor } from './executor';
import type { Row } from './schema';
import { groupKey } from './values';

export interface StaticJoinOptions {
  readonly stream: Executor;
  readonly static: Executor;
  /** Which input is the stream (the output keeps the DataFrame order: left columns first). */
  readonly streamIsLeft: boolean;
  readonly streamWidth: number;
  readonly staticWidth: number;
  readonly streamKeys: readonly ((row: Row) => unknown)[];
  readonly staticKeys: readonly ((row: Row) => unknown)[];
  /** Conditions beyond the equi-keys, over [left..., right...]. */
  readonly residual: ((row: Row) => unknown) | null;
  /** inner, or the stream side preserved (left_outer with the stream on the left, right_outer with it on the right), left_semi, left_anti. */
  readonly joinType: JoinType;
}

export class StaticJoinExecutor implements Executor {
  constructor(private readonly options: StaticJoinOptions) {}

  execute(batch: BatchContext): Row[] {
    const o = this.options;
    const streamRows = o.stream.execute(batch);
    if (streamRows.length === 0 && o.joinType !== 'left_anti') return [];
    const table = new Map<string | number, Row[]>();
    for (const row of o.static.execute(batch)) {
      const keys = o.staticKeys.map((k) => k(row));
      if (keys.some((v) => v === null || v === undefined)) continue;
      const key = groupKey(keys);
      const list = table.get(key);
      if (list === undefined) table.set(key, [row]);
      else list.push(row);
    }
    const out: Row[] = [];
    const nulls: Row = new Array(o.staticWidth).fill(null);
    const preserveStream = o.joinType === 'left_outer' || o.joinType === 'right_outer';
    for (const row of streamRows) {
      const keys = o.streamKeys.map((k) => k(row));
      const candidates = keys.some((v) => v === null || v === undefined) ? undefined : table.get(groupKey(keys));
      let matched = false;
      for (const other of candidates ?? []) {
        const combined = o.streamIsLeft ? [...row, ...other] : [...other, ...row];
        if (o.residual !== null && o.residual(combined) !== true) continue;
        matched = true;
        if (o.joinType === 'left_semi' || o.joinType === 'left_anti') break;
        out.push(combined);
      }
      if (o.joinType === 'left_semi' && matched) out.push(row);
      else if (o.joinType === 'left_anti' && !matched) out.push(row);
      else if (!matched && preserveStream) out.push(o.streamIsLeft ? [...row, ...nulls] : [...nulls, ...row]);
    }
    return out;
  }
}
