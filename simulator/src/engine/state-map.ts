// An operator's state: a map from a grouping key to a JSON-able value, with
// the keys changed in the current batch tracked so the checkpoint stores a
// delta per batch (as Spark's HDFS-backed state store writes `N.delta`) and a
// full snapshot now and then.

export type StateKey = string | number;

export type StateDelta = readonly (readonly [StateKey, unknown])[];

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

  /** The keys changed since the last call, with their value (`null` = removed). */
  takeDelta(): StateDelta {
    const delta: [StateKey, unknown][] = [];
    for (const key of this.dirty) delta.push([key, this.map.has(key) ? this.map.get(key) : null]);
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
    for (const [key, value] of delta) {
      if (value === null) this.map.delete(key);
      else this.map.set(key, value as V);
    }
  }

  discardChanges(): void {
    this.dirty.clear();
  }
}
