// Interval strings as Spark accepts them in `withWatermark`, `window` and SQL
// `INTERVAL` literals: "10 seconds", "1 minute 30 seconds", "interval 5 seconds",
// "2 hours". A month counts as 31 days and a year as 12 such months, as Spark's
// watermark delay does (SPARK-35815).

const unitMicros: Readonly<Record<string, number>> = {
  microsecond: 1,
  millisecond: 1000,
  second: 1_000_000,
  minute: 60_000_000,
  hour: 3_600_000_000,
  day: 86_400_000_000,
  week: 7 * 86_400_000_000,
  month: 31 * 86_400_000_000,
  year: 12 * 31 * 86_400_000_000,
};

const unitAliases: Readonly<Record<string, string>> = {
  us: 'microsecond',
  micro: 'microsecond',
  micros: 'microsecond',
  ms: 'millisecond',
  milli: 'millisecond',
  millis: 'millisecond',
  s: 'second',
  sec: 'second',
  secs: 'second',
  m: 'minute',
  min: 'minute',
  mins: 'minute',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  d: 'day',
  w: 'week',
  mon: 'month',
  mons: 'month',
  y: 'year',
  yr: 'year',
  yrs: 'year',
};

function unitOf(word: string): number | null {
  let lower = word.toLowerCase();
  lower = unitAliases[lower] ?? lower;
  if (unitMicros[lower] === undefined && lower.endsWith('s')) lower = lower.slice(0, -1);
  return unitMicros[lower] ?? null;
}

/** Parses an interval to microseconds; null when the text is not an interval. */
export function parseIntervalMicros(text: string): number | null {
  let rest = text.trim();
  if (/^interval\s/i.test(rest)) rest = rest.slice(8).trim();
  if (rest === '') return null;
  // ANSI form: '10' SECOND, or a quoted whole: '10 seconds'
  const tokens = rest.replace(/'/g, ' ').trim().split(/\s+/);
  let total = 0;
  let sign = 1;
  let index = 0;
  if (tokens.length === 0) return null;
  while (index < tokens.length) {
    let numberText = tokens[index] ?? '';
    if (numberText === '-') {
      sign = -sign;
      index++;
      continue;
    }
    // "10seconds" without a space
    const glued = /^(-?\d+(?:\.\d+)?)([A-Za-z]+)$/.exec(numberText);
    let unitText: string | undefined;
    if (glued !== null) {
      numberText = glued[1] ?? '';
      unitText = glued[2];
      index += 1;
    } else {
      unitText = tokens[index + 1];
      index += 2;
    }
    const amount = Number(numberText);
    if (!Number.isFinite(amount) || unitText === undefined) return null;
    const unit = unitOf(unitText);
    if (unit === null) return null;
    total += amount * unit;
  }
  return Math.round(sign * total);
}
