/**
 * Pure parsers for Race Roster's value formats (providers.md §3.1): ISO 8601 instants with offsets,
 * ISO 5218-based gender codes, bibs as text, result times and statuses. Each returns the canonical
 * form or throws an Error whose message says what was wrong; the caller turns that into a reject of
 * the record, never a silently wrong value.
 */
import type { Gender, ResultStatus } from '../../model/canonical.js';

type Blank = null | undefined | '';

function isBlank(value: unknown): value is Blank {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

const pad2 = (value: number): string => String(value).padStart(2, '0');

/**
 * Instants the store can hold: PostgreSQL has no year 0 and cannot read a year past 9999 as JSON
 * writes it ("+010000-…"), which "9999-12-31T23:59:59-05:00" is in UTC. Outside them a time is
 * refused like any bad value, so that one record cannot fail the write of its whole page.
 */
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Minutes east of UTC of "Z", "+05:30", "-0400". */
function offsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

/**
 * "2025-05-04T08:00:00-04:00" → the UTC instant. The offset is required: without one the instant is
 * not known (a date-time alone could be in any zone), so it is refused rather than guessed.
 */
export function parseIsoInstant(value: string | Blank): Date | null {
  if (isBlank(value)) return null;
  const text = value.trim();
  const match = ISO_INSTANT.exec(text);
  if (!match) throw new Error(`not an ISO 8601 date-time with a UTC offset: ${quote(value)}`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const offset = offsetMinutes(match[8]!);
  const fraction = match[7] ? Math.round(Number(match[7]) * 1000) : 0;
  const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, fraction) - offset * 60_000;
  // Date.UTC rolls 2/30 over into March; a real date gives back the same wall-clock parts.
  const wall = new Date(utc + offset * 60_000);
  const real = wall.getUTCFullYear() === year && wall.getUTCMonth() + 1 === month && wall.getUTCDate() === day
    && wall.getUTCHours() === hour && wall.getUTCMinutes() === minute && wall.getUTCSeconds() === second
    && Math.abs(offset) < 24 * 60;
  if (!real) throw new Error(`not a real date-time: ${quote(value)}`);
  if (!(utc >= EARLIEST_MS && utc <= LATEST_MS)) throw new Error(`not a time within years 1 to 9999 in UTC: ${quote(value)}`);
  return new Date(utc);
}

/** "1990-04-12" (or the date part of an ISO date-time) → "1990-04-12", after checking it names a real day. */
export function parseDate(value: string | Blank): string | null {
  if (isBlank(value)) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value.trim());
  if (!match) throw new Error(`not a Y-m-d date: ${quote(value)}`);
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() + 1 !== month || date.getUTCDate() !== day) {
    throw new Error(`not a real Y-m-d date: ${quote(value)}`);
  }
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Bibs are text and keep their zeros ("007"); numbers are tolerated; blank means "not assigned". */
export function parseBib(value: number | string | Blank): string | null {
  if (isBlank(value)) return null;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not a bib: ${quote(value)}`);
    return String(value);
  }
  return value.trim();
}

/**
 * ISO 5218-based codes (providers.md §3.1): 1 male, 2 female, 9 non-binary, 8 co-ed (teams, counted
 * as X), 0 "prefer not to disclose" (unknown). Any other code is refused: the payload is not what
 * the documentation describes, and a guess would file the person under the wrong gender.
 */
export function parseGenderCode(value: number | string | Blank): Gender | null {
  if (isBlank(value)) return null;
  const code = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  switch (code) {
    case 0: return null;
    case 1: return 'M';
    case 2: return 'F';
    case 8: case 9: return 'X';
    default: throw new Error(`not a Race Roster gender code (0, 1, 2, 8, 9): ${quote(value)}`);
  }
}

const STATUSES: Readonly<Record<string, ResultStatus>> = {
  finished: 'finished', finisher: 'finished', fin: 'finished',
  dnf: 'dnf', dns: 'dns', dq: 'dq', dsq: 'dq', disqualified: 'dq',
};

/** Result statuses; blank means an ordinary finish (a row with a time and no status word). */
export function parseResultStatus(value: string | Blank): ResultStatus {
  if (isBlank(value)) return 'finished';
  const status = STATUSES[value.trim().toLowerCase()];
  if (!status) throw new Error(`not a result status (finished, dnf, dns, dq): ${quote(value)}`);
  return status;
}

/**
 * Result times "HH:MM:SS" or "HH:MM:SS.ff" (and "MM:SS[.ff]") → PostgreSQL interval text
 * `HH:MM:SS[.ff]`, hours carried past 24 as they are.
 */
export function parseDuration(value: string | Blank): string | null {
  if (isBlank(value)) return null;
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})(\.\d+)?$/.exec(value.trim());
  if (!match) throw new Error(`not a result time (HH:MM:SS[.ff]): ${quote(value)}`);
  const [, hoursText, minutesText, secondsText, fraction] = match;
  const minutes = Number(minutesText);
  const seconds = Number(secondsText);
  if (seconds >= 60 || (hoursText !== undefined && minutes >= 60)) throw new Error(`not a result time (HH:MM:SS[.ff]): ${quote(value)}`);
  const hours = Number(hoursText ?? 0) + Math.floor(minutes / 60);
  return `${pad2(hours)}:${pad2(minutes % 60)}:${pad2(seconds)}${fraction ?? ''}`;
}

/** Ids are JSON integers (numeric strings tolerated), kept as text: the store's provider ids. */
export function parseId(value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return value.trim();
  throw new Error(value === undefined || value === null ? 'missing' : `not a numeric id: ${quote(value)}`);
}

/** Places and ages: whole numbers, numeric strings tolerated; blank means none. */
export function parseCount(value: number | string | Blank, what: string): number | null {
  if (isBlank(value)) return null;
  const number = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 0) throw new Error(`not ${what}: ${quote(value)}`);
  return number;
}
