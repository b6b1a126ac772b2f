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
  const fast = parseIsoUtcFast(text);
  if (fast !== null) return fast;
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

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return 29;
  return monthDays[month - 1] ?? 0;
}

/**
 * The common shape `yyyy-MM-ddTHH:mm:ss[.f]Z` read digit by digit: event files
 * hold millions of these, and the general pattern costs several times more.
 */
function parseIsoUtcFast(text: string): number | null {
  const length = text.length;
  if (length < 20 || text.charCodeAt(length - 1) !== 90 /* Z */) return null;
  const separator = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (separator !== 84 && separator !== 32)) return null;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  let micros = 0;
  if (length > 20) {
    if (text.charCodeAt(19) !== 46 || length > 30) return null;
    const fraction = digits(text, 20, length - 1);
    if (fraction < 0) return null;
    micros = Math.floor(fraction * 10 ** (6 - (length - 21)));
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) * 1000 + micros;
}

/** The number in text[from, to) when it is all ASCII digits, else -1. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}
