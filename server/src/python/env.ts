// Name bindings of one scope (module, function call, class body), chained to
// the enclosing scope for reads, as Python resolves free names.

import type { Val } from './values';

export class Env {
  private readonly names = new Map<string, Val>();

  constructor(readonly parent: Env | null) {}

  get(name: string): Val | undefined {
    for (let env: Env | null = this; env; env = env.parent) {
      const value = env.names.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** Binds in this scope (Python's assignment rule: assigning makes a name local). */
  set(name: string, value: Val): void {
    this.names.set(name, value);
  }

  /** Rebinds a name where it is bound (or here): used when an unknown name turns out to be a DataFrame. */
  replace(name: string, value: Val): void {
    for (let env: Env | null = this; env; env = env.parent) {
      if (env.names.has(name)) {
        env.names.set(name, value);
        return;
      }
    }
    this.names.set(name, value);
  }
}
