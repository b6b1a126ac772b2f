// Reading trigger intervals (`"10 seconds"`, `"1 minute"`, `"500 milliseconds"`) as milliseconds.

import type { Value } from '../model/pipeline';

const units: Readonly<Record<string, number>> = {
  ms: 1, millisecond: 1, milliseconds: 1, msec: 1, msecs: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
};

/** The interval in milliseconds, or null when it is not a literal Spark can read (a variable, an f-string). */
export function intervalMillis(value: Value): number | null {
  if (value.kind === 'number') return value.value;
  if (value.kind !== 'string') return null;
  const text = value.value.trim().toLowerCase().replace(/^interval\s+/, '');
  let total = 0;
  let matched = false;
  for (const part of text.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/g)) {
    const unit = units[part[2] ?? ''];
    if (unit === undefined) return null;
    total += Number(part[1]) * unit;
    matched = true;
  }
  return matched ? total : null;
}
