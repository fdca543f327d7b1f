/**
 * Pure parsers for Copernico's value formats (providers.md §5): durations and timestamps in
 * milliseconds, `male`/`female`/`mixed`, bibs (`dorsal`) as text, and names that arrive as mojibake.
 * Each returns the canonical form or throws an Error whose message says what was wrong; the caller
 * turns that into a reject of the record, never a silently wrong value.
 */
import { DateTime } from 'luxon';
import type { Gender, ResultStatus } from '../../model/canonical.js';

// Bibs (text or a number, blank for none) and `YYYY-MM-DD` dates read as RunSignUp's do.
export { parseBib, parseBirthdate as parseDate } from '../runsignup/values.js';

type Blank = null | undefined | '';

function isBlank(value: unknown): value is Blank {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

const LATIN1_ONLY = /^[\u0000-\u00ff]*$/;
const HIGH_LATIN1 = /[\u0080-\u00ff]/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 that was read as Latin-1 ("MarÃ­a", "GarcÃ­a LÃ³pez") back to what was meant. Repaired only
 * where the round trip is exact: every character fits one Latin-1 byte, those bytes are valid UTF-8,
 * and encoding the repair again gives the served text back. A correct name ("María": the byte 0xED
 * alone is not UTF-8) is left as it is.
 */
export function repairMojibake(text: string): string {
  if (!HIGH_LATIN1.test(text) || !LATIN1_ONLY.test(text)) return text;
  let repaired: string;
  try {
    repaired = strictUtf8.decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
  return Buffer.from(repaired, 'utf8').toString('latin1') === text ? repaired : text;
}

/**
 * Text with mojibake repaired, then trimmed; blank is null. Repaired first: the UTF-8 of "à" ends in
 * the byte 0xA0, a no-break space when read as Latin-1, so trimming first would cut "Urdà" served
 * as "UrdÃ\u00a0" to "UrdÃ" and leave it broken.
 */
export function parseName(value: string | Blank): string | null {
  if (isBlank(value)) return null;
  return repairMojibake(value).trim() || null;
}

const GENDERS: Record<string, Gender> = { male: 'M', m: 'M', female: 'F', f: 'F', mixed: 'X', x: 'X' };

/** `male`/`Male` → M, `female` → F, `mixed` → X, blank → null; unknown text is not an error (null). */
export function parseGender(value: string | Blank): Gender | null {
  if (isBlank(value)) return null;
  return GENDERS[value.trim().toLowerCase()] ?? null;
}

const pad2 = (value: number): string => String(value).padStart(2, '0');

/**
 * A duration in milliseconds ("times are shown in milliseconds", K1) → interval text `HH:MM:SS` or
 * `HH:MM:SS.fff` (hours past 24 stay hours). Fractions of a millisecond are rounded.
 */
export function parseDurationMs(value: number | string | Blank): string | null {
  if (isBlank(value)) return null;
  const ms = typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  // Past 2^53 ms (285,000 years) the hours print as "2.7e+301" and no interval holds them.
  if (!Number.isFinite(ms) || ms < 0 || ms > Number.MAX_SAFE_INTEGER) throw new Error(`not a duration in milliseconds: ${quote(value)}`);
  const whole = Math.round(ms);
  const seconds = Math.floor(whole / 1000);
  const fraction = whole % 1000;
  const text = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  return fraction === 0 ? text : `${text}.${String(fraction).padStart(3, '0')}`;
}

/**
 * Instants the store can hold: PostgreSQL has no year 0 and cannot read a year past 9999 as JSON
 * writes it ("+010000-…"). Outside them a time is refused like any bad value.
 */
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** Absolute times are epoch milliseconds, or ISO 8601 text with a zone (`gunTime`, providers.md §5.3). */
export function parseInstant(value: number | string | Blank): Date | null {
  if (isBlank(value)) return null;
  if (typeof value === 'number' || /^\d+$/.test(value.trim())) {
    const ms = Number(value);
    if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`not epoch milliseconds: ${quote(value)}`);
    // Past year 9999 (1e15 is year 33658; past 8.64e15 not even a Date) the store cannot hold it.
    if (ms > LATEST_MS) throw new Error(`not a time within years 1 to 9999: ${quote(value)}`);
    return new Date(ms);
  }
  const parsed = DateTime.fromISO(value.trim(), { setZone: true });
  if (!parsed.isValid || !/(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim())) throw new Error(`not epoch milliseconds or ISO 8601 with a zone: ${quote(value)}`);
  if (!(parsed.toMillis() >= EARLIEST_MS && parsed.toMillis() <= LATEST_MS)) throw new Error(`not a time within years 1 to 9999 in UTC: ${quote(value)}`);
  return parsed.toJSDate();
}

/** Distances are metres (a number); the canonical distance is text with its unit. */
export function parseDistanceM(value: number | string | Blank): number | null {
  if (isBlank(value)) return null;
  const metres = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isFinite(metres) || metres < 0) throw new Error(`not a distance in metres: ${quote(value)}`);
  return metres;
}

/** A place (`pos`) is a whole number from 1; blank or 0 means unplaced. */
export function parsePlace(value: number | string | Blank): number | null {
  if (isBlank(value)) return null;
  const place = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(place) || place < 0) throw new Error(`not a place: ${quote(value)}`);
  return place === 0 ? null : place;
}

/**
 * What an athlete's `status` says of the result: a final status, `pending` (not started, or on the
 * course: the finish will tell), or `withdrawn` (the timer took the result back; settings decide).
 * Statuses from providers.md §5.3 (K5); an unknown word is an error, not a guess.
 */
export type AthleteStatus = ResultStatus | 'pending' | 'withdrawn';

const STATUSES: Record<string, AthleteStatus> = {
  finished: 'finished',
  dnf: 'dnf', retired: 'dnf', abandoned: 'dnf',
  dns: 'dns',
  dq: 'dq', dsq: 'dq', disqualified: 'dq',
  withdrawn: 'withdrawn',
  notstarted: 'pending', started: 'pending', running: 'pending',
};

export function parseStatus(value: string | Blank): AthleteStatus {
  if (isBlank(value)) return 'pending';
  const status = STATUSES[value.trim().toLowerCase()];
  if (!status) throw new Error(`not a known athlete status: ${quote(value)}`);
  return status;
}
