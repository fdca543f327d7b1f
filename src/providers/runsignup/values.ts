/**
 * Pure parsers for RunSignUp's value formats (providers.md §1.1). Each returns the canonical form or
 * throws an Error whose message says what was wrong; the caller turns that into a reject of the
 * record, never a silently wrong value.
 */
import { DateTime } from 'luxon';
import type { Gender, ResultStatus } from '../../model/canonical.js';
import { isCalendarDay } from '../calendar.js';

/** "All other dates/times are in Eastern Time" (RunSignUp API docs); only event times use the race zone. */
export const EASTERN_ZONE = 'America/New_York';

type Blank = null | undefined | '';

function isBlank(value: unknown): value is Blank {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** "$1,234.50" → "1234.50". The dollar sign is tolerated when missing; anything else is refused. */
export function parseMoney(value: string | Blank): string | null {
  if (isBlank(value)) return null;
  const match = /^(-?)\$?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?$/.exec(value.trim());
  if (!match) throw new Error(`not a money amount: ${quote(value)}`);
  const [, sign, units, cents] = match;
  return `${sign ?? ''}${(units ?? '').replaceAll(',', '')}${cents ?? ''}`;
}

/** RunSignUp booleans are the strings "T" and "F". */
export function parseFlag(value: string): boolean {
  if (value === 'T') return true;
  if (value === 'F') return false;
  throw new Error(`not a T/F flag: ${quote(value)}`);
}

/**
 * UTC milliseconds of a wall-clock hour in `zone`, cached: luxon's zone arithmetic is the slowest step
 * of a participant page, and a page's times fall in few distinct hours. Minutes and seconds are added
 * to the hour, which gives luxon's own answer even in a DST gap or overlap (it shifts whole hours).
 * `null` when the date does not exist (e.g. 2/30).
 */
const hourCache = new Map<string, number | null>();
const HOUR_CACHE_LIMIT = 50_000;

function utcOfHour(zone: string, year: number, month: number, day: number, hour: number): number | null {
  const key = `${zone}|${year}|${month}|${day}|${hour}`;
  let utc = hourCache.get(key);
  if (utc === undefined) {
    const parsed = DateTime.fromObject({ year, month, day, hour }, { zone });
    utc = parsed.isValid && parsed.day === day ? parsed.toMillis() - parsed.minute * 60_000 : null;
    if (hourCache.size >= HOUR_CACHE_LIMIT) hourCache.clear();
    hourCache.set(key, utc);
  }
  return utc;
}

/**
 * Instants the store can hold: PostgreSQL has no year 0 and cannot read a year past 9999 as JSON
 * writes it ("+010000-…"). A time outside them is refused like any bad value, so that one record
 * cannot fail the write of its whole page.
 */
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

function storable(date: Date, value: unknown): Date {
  const ms = date.getTime();
  if (!(ms >= EARLIEST_MS && ms <= LATEST_MS)) throw new Error(`not a time within years 1 to 9999: ${quote(value)}`);
  return date;
}

const US_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2}))?$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function wallClockToUtc(
  parts: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  zone: string,
  value: string,
  format: string,
): Date {
  const { year, month, day, hour, minute, second } = parts;
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59;
  const utc = valid ? utcOfHour(zone, year, month, day, hour) : null;
  if (utc === null) throw new Error(`not a ${format} date/time: ${quote(value)}`);
  return storable(new Date(utc + minute * 60_000 + second * 1000), value);
}

function parseUsParts(value: string, format: string, withTime: boolean) {
  const match = US_DATE_TIME.exec(value.trim());
  if (!match || (withTime !== (match[4] !== undefined))) throw new Error(`not a ${format} date/time: ${quote(value)}`);
  return {
    year: Number(match[3]), month: Number(match[1]), day: Number(match[2]),
    hour: Number(match[4] ?? 0), minute: Number(match[5] ?? 0), second: 0,
  };
}

/** `n/j/Y H:i` ("9/7/2021 15:15") wall-clock time in `zone` → UTC. */
export function parseUsDateTime(value: string | Blank, zone: string): Date | null {
  if (isBlank(value)) return null;
  return wallClockToUtc(parseUsParts(value, 'n/j/Y H:i', true), zone, value, 'n/j/Y H:i');
}

/** `m/d/Y` ("03/20/2019"), a date without time → midnight of that day in `zone`, as UTC. */
export function parseUsDateAtMidnight(value: string | Blank, zone: string): Date | null {
  if (isBlank(value)) return null;
  return wallClockToUtc(parseUsParts(value, 'm/d/Y', false), zone, value, 'm/d/Y');
}

/** `Y-m-d H:i:s` ("2021-09-07 15:20:36"), the removed-participants format, in `zone` → UTC. */
export function parseIsoDateTime(value: string | Blank, zone: string): Date | null {
  if (isBlank(value)) return null;
  const match = ISO_DATE_TIME.exec(value.trim());
  if (!match) throw new Error(`not a Y-m-d H:i:s date/time: ${quote(value)}`);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  return wallClockToUtc({ year, month, day, hour, minute, second }, zone, value, 'Y-m-d H:i:s');
}

/** `Y-m-d` birth date → the same text, after checking it names a real day. */
export function parseBirthdate(value: string | Blank): string | null {
  if (isBlank(value)) return null;
  const text = value.trim();
  if (!isCalendarDay(text)) {
    throw new Error(`not a real Y-m-d date: ${quote(value)}`);
  }
  return text;
}

/** Unix seconds (`last_modified`, `last_modified_ts`) → Date. */
export function parseUnixSeconds(value: number | Blank): Date | null {
  if (isBlank(value)) return null;
  if (!Number.isInteger(value) || value < 0) throw new Error(`not unix seconds: ${quote(value)}`);
  return storable(new Date(value * 1000), value);
}

/** Bibs arrive as numbers or strings; blank means "not assigned yet". */
export function parseBib(value: number | string | Blank): string | null {
  if (isBlank(value)) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a bib: ${quote(value)}`);
    return String(value);
  }
  return value.trim();
}

const GENDERS: Record<string, Gender> = {
  m: 'M', male: 'M',
  f: 'F', female: 'F',
  x: 'X', nb: 'X', 'non-binary': 'X', nonbinary: 'X',
};

/** Unknown gender text is not an error: the registration is still valid without it. */
export function parseGender(value: string | Blank): Gender | null {
  if (isBlank(value)) return null;
  return GENDERS[value.trim().toLowerCase()] ?? null;
}

export interface ResultTime {
  /** PostgreSQL interval text `HH:MM:SS[.fff]`, or null when absent or a status. */
  time: string | null;
  /** Set when the time column holds a status word instead of a time. */
  status: Exclude<ResultStatus, 'finished'> | null;
}

const STATUS_WORDS: Record<string, Exclude<ResultStatus, 'finished'>> = {
  DNF: 'dnf',
  DNS: 'dns',
  DQ: 'dq',
  DNQ: 'dq',
};

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Result times: `h:mm:ss[.f]` or `m:ss[.f]` ("8:27.42" is 8 minutes, as in RunSignUp's own results
 * pages), or one of the status words RunSignUp accepts as a time (DNF, DNS, DQ, DNQ).
 */
export function parseResultTime(value: string | Blank): ResultTime {
  if (isBlank(value)) return { time: null, status: null };
  const text = value.trim();
  const status = STATUS_WORDS[text.toUpperCase()];
  if (status) return { time: null, status };
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})(\.\d+)?$/.exec(text);
  if (!match) throw new Error(`not a result time: ${quote(value)}`);
  const [, hoursText, minutesText, secondsText, fraction] = match;
  const hours = Number(hoursText ?? 0);
  const minutes = Number(minutesText);
  const seconds = Number(secondsText);
  if (seconds >= 60 || (hoursText !== undefined && minutes >= 60)) throw new Error(`not a result time: ${quote(value)}`);
  // "75:10" without hours would be minutes past the hour; carry them so the interval stays canonical.
  const totalHours = hours + Math.floor(minutes / 60);
  return { time: `${pad2(totalHours)}:${pad2(minutes % 60)}:${pad2(seconds)}${fraction ?? ''}`, status: null };
}

/**
 * A stored time (PostgreSQL interval text, `HH:MM:SS[.fff]`, days possible) in RunSignUp's own form
 * for results it is sent: `H:MM:SS[.fff]` ("0:28:01.123", providers.md §1.6).
 */
export function formatResultTime(interval: string): string {
  const match = /^(?:(\d+) days? )?(\d+):(\d{2}):(\d{2})(\.\d+)?$/.exec(interval.trim());
  if (!match) throw new Error(`not a stored result time: ${quote(interval)}`);
  const [, days, hours, minutes, seconds, fraction] = match;
  return `${Number(days ?? 0) * 24 + Number(hours)}:${minutes}:${seconds}${fraction ?? ''}`;
}

function parseWholeNumber(value: number | string | Blank, what: string): number | null {
  if (isBlank(value)) return null;
  const number = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 0) throw new Error(`not ${what}: ${quote(value)}`);
  return number;
}

/** Places are ints, sometimes numeric strings; blank means unplaced. */
export function parsePlace(value: number | string | Blank): number | null {
  return parseWholeNumber(value, 'a place');
}

/** Ages are ints in registrations and ints or "" in results. */
export function parseAge(value: number | string | Blank): number | null {
  return parseWholeNumber(value, 'an age');
}
