// Stream-stream join (StreamingSymmetricHashJoinExec). Both sides buffer rows
// by join key. In a batch the left input is joined with the right state, then
// stored; then the right input is joined with the left state (which now holds
// this batch's left rows), then stored, so every pair is produced once. Late
// rows are dropped per side on the side's own event-time column. Afterwards
// state is evicted with the eviction watermark: by the key (a window or
// event-time equi-key) and by the value (a time-range condition). An evicted
// row of a preserved side that never matched yields its NULL-padded row.

import type { JoinType } from '../../../server/src/model/pipeline';
import { isBehind } from './aggregate-operator';
import { type BatchContext, emptyMetrics, type Executor, type OperatorMetrics, type StatefulOperator } from './executor';
import type { Row } from './schema';
import { StateMap, type StateKey } from './state-map';
import { groupKey } from './values';

/** A buffered row and whether it has matched (for outer and semi joins). */
type Entry = [Row, boolean];

/** Rows whose value in `column` is <= `watermark + offsetMs` (ms) can no longer match: remove them. */
export interface ValueWatermark {
  readonly column: number;
  readonly offsetMs: number;
}

export interface JoinSide {
  readonly child: Executor;
  readonly width: number;
  readonly keys: readonly ((row: Row) => unknown)[];
  /** Conditions on this side's columns only. */
  readonly filter: ((row: Row) => unknown) | null;
  /** The side's event-time column, for dropping late rows. */
  readonly eventTimeColumn: number | null;
  /** Indexes into `keys` of keys that carry event time (state-key watermark). */
  readonly eventTimeKeys: readonly number[];
  readonly valueWatermark: ValueWatermark | null;
}

export interface StreamJoinOptions {
  readonly left: JoinSide;
  readonly right: JoinSide;
  readonly joinType: Exclude<JoinType, 'cross' | 'left_anti'>;
  /** The rest of the condition, over [left..., right...]. */
  readonly residual: ((row: Row) => unknown) | null;
}

export class StreamJoinOperator implements Executor, StatefulOperator {
  readonly operatorName = 'symmetricHashJoin';
  /** Keys are `L…`/`R…` + the join key, so both sides share one store (as one operator's state). */
  readonly state = new StateMap<Entry[]>();
  readonly metrics: OperatorMetrics = emptyMetrics();
  readonly usesWatermark: boolean;

  constructor(private readonly options: StreamJoinOptions) {
    const evicts = (side: JoinSide) => side.eventTimeKeys.length > 0 || side.valueWatermark !== null;
    this.usesWatermark = evicts(options.left) || evicts(options.right);
  }

  numRowsTotal(): number {
    let total = 0;
    for (const entries of this.state.map.values()) total += entries.length;
    return total;
  }

  resetMetrics(): void {
    Object.assign(this.metrics, emptyMetrics());
  }

  afterRestore(): void {}

  execute(batch: BatchContext): Row[] {
    const { left, right, joinType, residual } = this.options;
    const leftInput = this.lateFilter(left.child.execute(batch), left, batch);
    const rightInput = this.lateFilter(right.child.execute(batch), right, batch);
    const out: Row[] = [];
    const leftNulls: Row = new Array(left.width).fill(null);
    const rightNulls: Row = new Array(right.width).fill(null);
    const preservesLeft = joinType === 'left_outer' || joinType === 'full_outer';
    const preservesRight = joinType === 'right_outer' || joinType === 'full_outer';
    const semi = joinType === 'left_semi';
    const evictionMs = batch.evictionWatermarkMs;

    const transientLeft = new Map<StateKey, Entry[]>();
    // Left input against the right state, then stored.
    for (const row of leftInput) {
      if (left.filter !== null && left.filter(row) !== true) {
        if (preservesLeft) out.push([...row, ...rightNulls]);
        continue;
      }
      const keyValues = left.keys.map((k) => k(row));
      const hasNullKey = keyValues.some((v) => v === null || v === undefined);
      const key = groupKey(keyValues);
      let matched = false;
      if (!hasNullKey) {
        const others = this.state.get(`R${key}`);
        if (others !== undefined) {
          let touched = false;
          for (const other of others) {
            const combined = [...row, ...other[0]];
            if (residual !== null && residual(combined) !== true) continue;
            matched = true;
            if (semi) break;
            out.push(combined);
            if (!other[1]) {
              other[1] = true;
              touched = true;
            }
          }
          if (touched) this.state.touch(`R${key}`);
        }
      }
      if (semi && matched) {
        out.push(row);
        continue;
      }
      if (!hasNullKey && this.storable(row, keyValues, left, evictionMs)) {
        this.append(`L${key}`, [row, matched]);
      } else if (!hasNullKey) {
        // Below the state watermark: not stored, but it must still meet this batch's right rows (SPARK-49829)
        const list = transientLeft.get(key);
        if (list === undefined) transientLeft.set(key, [[row, matched]]);
        else list.push([row, matched]);
      } else if (!matched && preservesLeft) {
        out.push([...row, ...rightNulls]);
      }
    }

    // Right input against the left state.
    for (const row of rightInput) {
      if (right.filter !== null && right.filter(row) !== true) {
        if (preservesRight) out.push([...leftNulls, ...row]);
        continue;
      }
      const keyValues = right.keys.map((k) => k(row));
      const hasNullKey = keyValues.some((v) => v === null || v === undefined);
      const key = groupKey(keyValues);
      let matched = false;
      if (!hasNullKey) {
        const stored = this.state.get(`L${key}`);
        const transient = transientLeft.get(key);
        const others = transient === undefined ? stored : [...(stored ?? []), ...transient];
        if (others !== undefined) {
          let touched = false;
          for (const other of others) {
            const combined = [...other[0], ...row];
            if (residual !== null && residual(combined) !== true) continue;
            matched = true;
            if (semi) {
              // A left row is emitted at most once, when it first matches
              if (!other[1]) out.push(other[0]);
            } else {
              out.push(combined);
            }
            if (!other[1]) {
              other[1] = true;
              touched = true;
            }
          }
          if (touched && stored !== undefined) this.state.touch(`L${key}`);
        }
      }
      if (!hasNullKey && this.storable(row, keyValues, right, evictionMs)) {
        this.append(`R${key}`, [row, matched]);
      } else if (!matched && preservesRight) {
        out.push([...leftNulls, ...row]);
      }
    }

    for (const entries of transientLeft.values()) {
      for (const entry of entries) if (!entry[1] && preservesLeft) out.push([...entry[0], ...rightNulls]);
    }

    // Evict what can no longer match.
    for (const [key, entries] of this.state.map) {
      const isLeft = String(key).startsWith('L');
      const side = isLeft ? left : right;
      if (side.eventTimeKeys.length === 0 && side.valueWatermark === null) continue;
      const keep: Entry[] = [];
      for (const entry of entries) {
        if (this.expired(entry[0], side, evictionMs)) {
          this.metrics.numRowsRemoved++;
          if (!entry[1]) {
            if (isLeft && preservesLeft) out.push([...entry[0], ...rightNulls]);
            if (!isLeft && preservesRight) out.push([...leftNulls, ...entry[0]]);
          }
        } else {
          keep.push(entry);
        }
      }
      if (keep.length === entries.length) continue;
      if (keep.length === 0) this.state.delete(key);
      else this.state.set(key, keep);
    }
    return out;
  }

  private lateFilter(rows: Row[], side: JoinSide, batch: BatchContext): Row[] {
    const column = side.eventTimeColumn;
    if (column === null) return rows;
    const out: Row[] = [];
    for (const row of rows) {
      if (isBehind(row[column], batch.lateWatermarkMs)) this.metrics.numRowsDroppedByWatermark++;
      else out.push(row);
    }
    return out;
  }

  private storable(row: Row, keyValues: readonly unknown[], side: JoinSide, watermarkMs: number): boolean {
    for (const index of side.eventTimeKeys) if (isBehind(keyValues[index], watermarkMs)) return false;
    return !this.valueExpired(row, side, watermarkMs);
  }

  private expired(row: Row, side: JoinSide, watermarkMs: number): boolean {
    for (const index of side.eventTimeKeys) {
      const key = side.keys[index];
      if (key !== undefined && isBehind(key(row), watermarkMs)) return true;
    }
    return this.valueExpired(row, side, watermarkMs);
  }

  private valueExpired(row: Row, side: JoinSide, watermarkMs: number): boolean {
    const bound = side.valueWatermark;
    if (bound === null) return false;
    return isBehind(row[bound.column], watermarkMs + bound.offsetMs);
  }

  private append(key: StateKey, entry: Entry): void {
    const entries = this.state.get(key);
    if (entries === undefined) this.state.set(key, [entry]);
    else {
      entries.push(entry);
      this.state.touch(key);
    }
    this.metrics.numRowsUpdated++;
  }
}
