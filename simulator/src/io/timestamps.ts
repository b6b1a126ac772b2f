// Timestamps and dates as the readers accept them, converted to the engine's
// representation: timestamps are microseconds since the epoch, dates are days
// since the epoch (as Spark stores them). Text without a zone is read in UTC,
// the simulator's session time zone, so a replay never depends on the machine.

/** How a number in an event file is read when the column is a timestamp: Spark's JSON reader takes seconds. */
export type EpochUnit = 'seconds' | 'millis';

const timestampPattern =
  /^(\d{4,})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Parses `2024-05-01T12:00:00.123Z`, `2024-05-01 12:00:00`, `2024-05-01`, with an optional zone offset; `null` when it is not a timestamp. */
export function parseTimestampMicros(text: string): number | null {
  const match = timestampPattern.exec(text.trim());
  if (match === null) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  const hourNumber = Number(hour ?? 0);
  const minuteNumber = Number(minute ?? 0);
  const secondNumber = Number(second ?? 0);
  if (monthNumber < 1 || monthNumber > 12 || dayNumber < 1 || dayNumber > daysInMonth(Number(year), monthNumber)) return null;
  if (hourNumber > 23 || minuteNumber > 59 || secondNumber > 59) return null;
  const millis = Date.UTC(Number(year), monthNumber - 1, dayNumber, hourNumber, minuteNumber, secondNumber);
  const micros = fraction === undefined ? 0 : Math.floor(Number(fraction.padEnd(6, '0').slice(0, 6)));
  return (millis - zoneOffsetMillis(zone)) * 1000 + micros;
}

/** Parses `2024-05-01` (or a timestamp, keeping its date) to days since the epoch; `null` when it is not a date. */
export function parseDateDays(text: string): number | null {
  const micros = parseTimestampMicros(text);
  return micros === null ? null : Math.floor(micros / 86_400_000_000);
}

export function epochToMicros(value: number, unit: EpochUnit): number {
  return Math.round(unit === 'seconds' ? value * 1_000_000 : value * 1000);
}

/** ISO-8601 text of a timestamp in microseconds, in UTC, with the fraction only when there is one. */
export function formatTimestampMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const rest = micros - millis * 1000;
  const iso = new Date(millis).toISOString();
  if (rest === 0) return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
  return `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}

export function formatDateDays(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

function zoneOffsetMillis(zone: string | undefined): number {
  if (zone === undefined || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
