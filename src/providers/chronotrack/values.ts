/**
 * Pure parsers for ChronoTrack Live's value formats (providers.md §2.1): practically every JSON
 * value is a string, times are unix seconds, dates `Y-m-d` (with `0000-00-00` for none), booleans
 * "1"/"0", distances metres, result times `HH:MM:SS[.f]`. Each returns the canonical form or throws an
 * Error whose message says what was wrong; the caller turns that into a reject of the record.
 */
import { IANAZone } from 'luxon';
import type { Gender, ResultStatus } from '../../model/canonical.js';
import { isCalendarDay } from '../calendar.js';

type Blank = null | undefined | '';
type Scalar = string | number | Blank;

function isBlank(value: unknown): value is Blank {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

const textOf = (value: string | number): string => (typeof value === 'number' ? String(value) : value.trim());

/** Ids are digit strings ("89332"); numbers are tolerated. Always returned as text. */
export function parseId(value: Scalar): string {
  if (isBlank(value)) throw new Error('missing id');
  const text = textOf(value);
  if (!/^\d+$/.test(text)) throw new Error(`not an id: ${quote(value)}`);
  return text;
}

/** Free text, trimmed; blank is null. */
export function parseText(value: Scalar): string | null {
  return isBlank(value) ? null : textOf(value);
}

const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Unix seconds as text ("1761469200") → Date. "0" is read as "not set" [INFERRED]: no event starts
 * in 1970, so a zero can only be a missing time.
 */
export function parseUnixSeconds(value: Scalar): Date | null {
  if (isBlank(value)) return null;
  const text = textOf(value);
  if (!/^\d+$/.test(text)) throw new Error(`not unix seconds: ${quote(value)}`);
  const seconds = Number(text);
  if (seconds === 0) return null;
  // Past Date's end ("1000000000000000") or year 9999, a time is refused: the store cannot hold it.
  if (seconds * 1000 > LATEST_MS) throw new Error(`not a time within years 1 to 9999: ${quote(value)}`);
  return new Date(seconds * 1000);
}

/** `Y-m-d` birth date; "0000-00-00" (MySQL's zero date) and blank are "not given". */
export function parseBirthdate(value: Scalar): string | null {
  if (isBlank(value)) return null;
  const text = textOf(value);
  if (text === '0000-00-00') return null;
  if (!isCalendarDay(text)) {
    throw new Error(`not a real Y-m-d date: ${quote(value)}`);
  }
  return text;
}

/** CT booleans are "1" and "0". */
export function parseFlag(value: Scalar): boolean | null {
  if (isBlank(value)) return null;
  const text = textOf(value);
  if (text === '1') return true;
  if (text === '0') return false;
  throw new Error(`not a "1"/"0" flag: ${quote(value)}`);
}

/** Bibs are text; a numeric bib becomes its text; blank is "no bib yet". */
export function parseBib(value: Scalar): string | null {
  if (isBlank(value)) return null;
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`not a bib: ${quote(value)}`);
  return textOf(value);
}

const GENDERS: Record<string, Gender> = {
  m: 'M', male: 'M',
  f: 'F', female: 'F',
  x: 'X', nb: 'X', 'non-binary': 'X', nonbinary: 'X',
};

/** "M"/"F" (and "X", INFERRED); unknown text is not an error: the record is valid without it. */
export function parseGender(value: Scalar): Gender | null {
  if (isBlank(value)) return null;
  return GENDERS[textOf(value).toLowerCase()] ?? null;
}

function parseWholeNumber(value: Scalar, what: string): number | null {
  if (isBlank(value)) return null;
  const text = textOf(value);
  const number = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number)) throw new Error(`not ${what}: ${quote(value)}`);
  return number;
}

export function parseAge(value: Scalar): number | null {
  return parseWholeNumber(value, 'an age');
}

/** Ranks are 1-based; "0" is an unranked row. */
export function parsePlace(value: Scalar): number | null {
  const place = parseWholeNumber(value, 'a place');
  return place === 0 ? null : place;
}

/** Metres as text ("5000", "21097.5") → a number. */
export function parseMetres(value: Scalar): number | null {
  if (isBlank(value)) return null;
  const text = textOf(value);
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`not metres: ${quote(value)}`);
  return Number(text);
}

/** A race distance as the canonical free text: metres with their unit ("5000 m"). */
export function formatDistance(metres: number | null): string | null {
  return metres === null ? null : `${metres} m`;
}

/** An IANA zone name ("Europe/Warsaw"); blank is unknown. */
export function parseTimeZone(value: Scalar): string | null {
  if (isBlank(value)) return null;
  const text = textOf(value);
  if (!IANAZone.isValidZone(text)) throw new Error(`not an IANA time zone: ${quote(value)}`);
  return text;
}

export interface ResultTime {
  /** PostgreSQL interval text `HH:MM:SS[.fff]`, or null when absent or a status. */
  time: string | null;
  /** Set when the time field holds a status word instead of a time. */
  status: Exclude<ResultStatus, 'finished'> | null;
}

const STATUS_WORDS: Record<string, Exclude<ResultStatus, 'finished'>> = { DNF: 'dnf', DNS: 'dns', DQ: 'dq', DSQ: 'dq' };

const pad2 = (value: number): string => String(value).padStart(2, '0');

/**
 * Result times: `HH:MM:SS` with any fraction kept ("00:17:18.25"), `M:SS[.f]` for short splits, or a
 * status word in the time field. Blank is no time.
 */
export function parseResultTime(value: Scalar): ResultTime {
  if (isBlank(value)) return { time: null, status: null };
  const text = textOf(value);
  const status = STATUS_WORDS[text.toUpperCase()];
  if (status) return { time: null, status };
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})(\.\d+)?$/.exec(text);
  if (!match) throw new Error(`not a result time: ${quote(value)}`);
  const [, hoursText, minutesText, secondsText, fraction] = match;
  const minutes = Number(minutesText);
  const seconds = Number(secondsText);
  if (seconds >= 60 || (hoursText !== undefined && minutes >= 60)) throw new Error(`not a result time: ${quote(value)}`);
  // "75:10" without hours is 75 minutes; carry them so the interval text stays canonical.
  const hours = Number(hoursText ?? 0) + Math.floor(minutes / 60);
  return { time: `${pad2(hours)}:${pad2(minutes % 60)}:${pad2(seconds)}${fraction ?? ''}`, status: null };
}
