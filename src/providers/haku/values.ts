/**
 * Pure parsers for Haku's value formats (providers.md §4.3, where every value format is [INFERRED]
 * from one integration's payloads). Each accepts every plausible spelling of the value and returns
 * the canonical form, or throws an Error whose message says what was wrong; the caller turns that
 * into a reject of the record, never a silently wrong value.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Gender } from '../../model/canonical.js';
import { isCalendarDay } from '../calendar.js';

type Blank = null | undefined | '';

function isBlank(value: unknown): value is Blank {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * Instants the store can hold: PostgreSQL has no year 0 and cannot read a year past 9999 as JSON
 * writes it ("+010000-…"). Outside them a stamp is refused like any bad value, so that one record
 * cannot fail the write of its whole page.
 */
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * ISO 8601 stamps ("2025-03-05T09:00:00Z", with an offset, fractions or a space instead of the T).
 * A stamp without an offset is read in `naiveZone` (the `timestampZone` setting).
 */
export function parseTimestamp(value: string | Blank, naiveZone: string): Date | null {
  if (isBlank(value)) return null;
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) throw new Error(`not an ISO 8601 date/time: ${quote(value)}`);
  const parsed = DateTime.fromISO(text.replace(' ', 'T'), { zone: naiveZone, setZone: true });
  if (!parsed.isValid) throw new Error(`not an ISO 8601 date/time: ${quote(value)}`);
  const ms = parsed.toMillis();
  if (!(ms >= EARLIEST_MS && ms <= LATEST_MS)) throw new Error(`not a time within years 1 to 9999 in UTC: ${quote(value)}`);
  return parsed.toJSDate();
}

/** `YYYY-MM-DD` → the same text, after checking it names a real day. */
export function parseDate(value: string | Blank): string | null {
  if (isBlank(value)) return null;
  const text = value.trim();
  if (!isCalendarDay(text)) {
    throw new Error(`not a real YYYY-MM-DD date: ${quote(value)}`);
  }
  return text;
}

/**
 * Haku events have a date and no time: the canonical start is local midnight of that date in the
 * event's zone (DESIGN.md §3), as UTC, marked `startTimePrecision: 'date'` by the caller.
 */
export function localMidnight(date: string, zone: string): Date {
  const day = DateTime.fromISO(parseDate(date) ?? '', { zone });
  const start = day.startOf('day');
  if (!day.isValid || !(start.toMillis() >= EARLIEST_MS && start.toMillis() <= LATEST_MS)) throw new Error(`not a date in ${zone}: ${quote(date)}`);
  return start.toJSDate();
}

/**
 * `transaction_amount` → decimal text with two decimals ("95.00"). A JSON number is what the
 * integration saw; a numeric string is tolerated. More than two decimals would be silently rounded
 * by the database, so it is refused.
 */
export function parseMoney(value: number | string | Blank): string | null {
  if (isBlank(value)) return null;
  const number = typeof value === 'number' ? value : /^-?\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  const cents = Math.round(number * 100);
  if (!Number.isFinite(number) || Math.abs(number * 100 - cents) > 1e-6 || !Number.isSafeInteger(cents)) {
    throw new Error(`not a money amount: ${quote(value)}`);
  }
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const GENDERS: Record<string, Gender> = {
  f: 'F', female: 'F', woman: 'F',
  m: 'M', male: 'M', man: 'M',
  x: 'X', 'non-binary': 'X', nonbinary: 'X', 'non binary': 'X',
};

/** "Female"/"female" → F, "male" → M, "non-binary" → X, "" → null; unknown text is not an error. */
export function parseGender(value: string | Blank): Gender | null {
  if (isBlank(value)) return null;
  return GENDERS[value.trim().toLowerCase()] ?? null;
}

/** Bibs, chips and ids arrive as strings or numbers; blank means "none". */
export function parseCode(value: number | string | Blank): string | null {
  if (isBlank(value)) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a number or code: ${quote(value)}`);
    return String(value);
  }
  return value.trim();
}

/** Ages are whole numbers, sometimes numeric strings; blank means unknown. */
export function parseAge(value: number | string | Blank): number | null {
  if (isBlank(value)) return null;
  const number = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 0 || number > 150) throw new Error(`not an age: ${quote(value)}`);
  return number;
}

/** Unix seconds of a stamp, the unit the engine's cursors are kept in. */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
