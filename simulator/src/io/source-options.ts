// Reader options as the simulator reads them: Spark's data source options are
// case-insensitive, and the model keeps each value as written (a string, a
// number, a boolean, or code the front end could not evaluate).

import type { SourceInfo, Value } from '../../../server/src/model/pipeline';

/** Options by lower-cased key; later options win, as with repeated `.option(k, v)` calls. */
export class SourceOptions {
  private readonly values = new Map<string, string>();
  private readonly unreadable = new Set<string>();

  constructor(entries: Iterable<readonly [string, string | null]>) {
    for (const [key, value] of entries) {
      const lower = key.toLowerCase();
      if (value === null) {
        this.unreadable.add(lower);
        this.values.delete(lower);
      } else {
        this.values.set(lower, value);
        this.unreadable.delete(lower);
      }
    }
  }

  static of(info: SourceInfo): SourceOptions {
    return new SourceOptions(info.options.map((option) => [option.key, valueText(option.value.value)] as const));
  }

  static fromRecord(record: Readonly<Record<string, string | number | boolean>>): SourceOptions {
    return new SourceOptions(Object.entries(record).map(([key, value]) => [key, String(value)] as const));
  }

  get(key: string): string | null {
    return this.values.get(key.toLowerCase()) ?? null;
  }

  /** Whether the option is set to something the front end could not evaluate (a variable, a call). */
  isUnreadable(key: string): boolean {
    return this.unreadable.has(key.toLowerCase());
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.get(key);
    return value === null ? fallback : value.trim().toLowerCase() === 'true';
  }

  /** A positive integer option, `null` when absent; a message when set to anything else (Spark fails the query then). */
  positiveInteger(key: string): { readonly value: number | null; readonly problem: string | null } {
    const value = this.get(key);
    if (value === null) return { value: null, problem: null };
    const trimmed = value.trim();
    if (!/^\d+$/.test(trimmed) || Number(trimmed) <= 0) {
      return { value: null, problem: `option '${key}' must be a positive integer, got '${value}'` };
    }
    return { value: Number(trimmed), problem: null };
  }
}

/** The text of an option value: Python's True/False become Spark's `true`/`false`; `null` when it cannot be known. */
export function valueText(value: Value): string | null {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return String(value.value);
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'none':
      return null;
    case 'template':
    case 'unknown':
      return null;
    default: {
      const unreachable: never = value;
      return unreachable;
    }
  }
}
