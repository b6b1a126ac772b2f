// An operator's state: a map from a grouping key to a JSON-able value, with
// the keys changed in the current batch tracked so the checkpoint stores a
// delta per batch (as Spark's HDFS-backed state store writes `N.delta`) and a
// full snapshot now and then.

export type StateKey = string | number;

/** `[key, value]` puts a value, `[key]` removes the key. */
export type StateDelta = readonly (readonly [StateKey, unknown] | readonly [StateKey])[];

export class StateMap<V = unknown> {
  readonly map = new Map<StateKey, V>();
  private readonly dirty = new Set<StateKey>();

  get size(): number {
    return this.map.size;
  }

  get(key: StateKey): V | undefined {
    return this.map.get(key);
  }

  set(key: StateKey, value: V): void {
    this.map.set(key, value);
    this.dirty.add(key);
  }

  delete(key: StateKey): void {
    if (this.map.delete(key)) this.dirty.add(key);
  }

  /** Marks a value changed in place. */
  touch(key: StateKey): void {
    this.dirty.add(key);
  }

  /** The keys changed since the last call: `[key, value]`, or `[key]` when removed. */
  takeDelta(): StateDelta {
    const delta: ([StateKey, unknown] | [StateKey])[] = [];
    for (const key of this.dirty) delta.push(this.map.has(key) ? [key, this.map.get(key)] : [key]);
    this.dirty.clear();
    return delta;
  }

  snapshot(): StateDelta {
    return [...this.map.entries()];
  }

  clear(): void {
    this.map.clear();
    this.dirty.clear();
  }

  apply(delta: StateDelta): void {
    for (const entry of delta) {
      if (entry.length === 1) this.map.delete(entry[0]);
      else this.map.set(entry[0], entry[1] as V);
    }
  }

  discardChanges(): void {
    this.dirty.clear();
  }
}
