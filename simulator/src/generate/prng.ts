// A small seeded pseudo-random generator (mulberry32): 32 bits of state, so
// the event generator can save it every few rows and replay any range of
// events exactly. Not for cryptography; for reproducible test input.

export class Prng {
  constructor(private seedState: number) {
    this.seedState = seedState >>> 0;
  }

  /** The state to resume from with `new Prng(state)`. */
  get state(): number {
    return this.seedState;
  }

  /** A float in [0, 1). */
  next(): number {
    this.seedState = (this.seedState + 0x6d2b79f5) >>> 0;
    let value = this.seedState;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [low, high]. */
  integer(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** An index in [0, count) skewed towards small ones (roughly Zipf), so a few keys are hot as in real traffic. */
  skewedIndex(count: number): number {
    return Math.min(count - 1, Math.floor(count * this.next() * this.next()));
  }

  /** A standard normal sample (Box-Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** A 32-bit hash of a text (FNV-1a), to derive a per-source seed from the run's seed. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
