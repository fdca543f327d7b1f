/**
 * Zod schemas of ChronoTrack Live's raw JSON (providers.md §2.5) — the only file that knows its
 * quirks: every value a string (numbers tolerated), lists under `<parent>_<child>` root keys whose
 * spelling sources disagree on, unix-second times, `0000-00-00` dates, "1"/"0" flags. Values are
 * converted here by the parsers in values.ts, so a bad field fails validation with its path.
 */
import { z } from 'zod';
import { SyncError, errorMessage } from '../../errors.js';
import {
  parseAge, parseBib, parseBirthdate, parseFlag, parseGender, parseId, parseMetres, parsePlace,
  parseResultTime, parseText, parseTimeZone, parseUnixSeconds,
} from './values.js';

/** A raw field passed through one of the value parsers; a parser's error becomes an issue on that field. */
function converted<T>(parse: (value: string | number | null | undefined) => T) {
  return z.union([z.string(), z.number()], { error: 'expected a string' }).nullish().transform((value, ctx): T => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue(errorMessage(error));
      return z.NEVER;
    }
  });
}

const id = converted(parseId);
const optionalId = converted((value) => parseText(value) === null ? null : parseId(value));
const text = converted(parseText);
const requiredText = converted((value) => {
  const parsed = parseText(value);
  if (parsed === null) throw new Error('missing');
  return parsed;
});
const unixSeconds = converted(parseUnixSeconds);
const metres = converted(parseMetres);

// ---- errors and tokens ----

const errorBodySchema = z.object({ error: z.string(), error_description: z.string().nullish() });

/** `{"error":"invalid credentials"}` (API) or an OAuth `{"error":"invalid_grant","error_description":…}`; null otherwise. */
export function readErrorBody(body: unknown): z.output<typeof errorBodySchema> | null {
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

const tokenSchema = z.object({
  access_token: z.string().min(1),
  /** Clients assume 3600 when it is missing (C6). */
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish(),
});

export function readToken(body: unknown): { accessToken: string; expiresInSeconds: number } {
  const parsed = tokenSchema.safeParse(body);
  if (!parsed.success) throw new SyncError('transient', `ChronoTrack token response has an unexpected shape: ${describeIssues(parsed.error)}`);
  return { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in ?? 3600 };
}

// ---- events and races ----

export const eventSchema = z.object({
  event_id: id,
  event_name: requiredText,
  event_start_time: unixSeconds,
  event_end_time: unixSeconds,
  event_is_published: converted(parseFlag),
  location_city: text,
  location_region: text,
  location_country: text,
  location_time_zone: converted(parseTimeZone),
});
export type CtEvent = z.output<typeof eventSchema>;

export const raceSchema = z.object({
  race_id: id,
  race_name: requiredText,
  race_start_time: unixSeconds,
  race_course_distance: metres,
});
export type CtRace = z.output<typeof raceSchema>;

// ---- entries ----

export const entrySchema = z.object({
  entry_id: id,
  /** Present on every captured row (C7); a race read stands in where a row lacks it. */
  race_id: optionalId,
  entry_bib: converted(parseBib),
  entry_status: text.transform((value) => value?.toUpperCase() ?? null),
  entry_race_age: converted(parseAge),
  athlete_first_name: text,
  athlete_last_name: text,
  athlete_email: text,
  athlete_sex: converted(parseGender),
  athlete_birthdate: converted(parseBirthdate),
  location_city: text,
  location_region: text,
  location_country: text,
  team_name: text,
});
export type CtEntry = z.output<typeof entrySchema>;

// ---- results and intervals ----

/** One results row: one athlete × one bracket × one interval. */
export const resultRowSchema = z.object({
  /** [INFERRED] the entry the row belongs to (settings.resultKey). */
  results_entry_id: optionalId,
  results_bib: converted(parseBib),
  results_first_name: text,
  results_last_name: text,
  results_sex: converted(parseGender),
  results_age: converted(parseAge),
  results_bracket_name: text,
  results_interval_name: requiredText,
  results_rank: converted(parsePlace),
  /** Net (chip) time. */
  results_time: converted(parseResultTime),
  /** Gun (clock) time. */
  results_gun_time: converted(parseResultTime),
  /** [INFERRED] an entry field on result rows (entry_type is seen there, C3), asked for with include_all_fields. */
  entry_status: text.transform((value) => value?.toUpperCase() ?? null),
});
export type CtResultRow = z.output<typeof resultRowSchema>;

export const intervalSchema = z.object({
  interval_iv_name: requiredText,
  interval_iv_distance_m: metres,
  /** [INFERRED] the interval's race and its place along the course (not in the captured samples). */
  race_id: optionalId,
  interval_order: converted(parsePlace),
});
export type CtInterval = z.output<typeof intervalSchema>;

// ---- whole responses ----

/**
 * The rows of a list response: the first of `roots` whose value is an array (§2.5: the documented
 * key first, then the plural or CONFLICT variant). A body without any of them is an empty list only
 * when the row-count header says so; otherwise it is not the answer asked for, and retrying may help.
 */
export function readListRows(body: unknown, roots: readonly string[], rowCount: number | null, what: string): unknown[] {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    for (const root of roots) {
      const value = (body as Record<string, unknown>)[root];
      if (Array.isArray(value)) return value;
    }
  }
  if (rowCount === 0) return [];
  const keys = body !== null && typeof body === 'object' ? Object.keys(body).slice(0, 5).join(', ') || 'none' : typeof body;
  throw new SyncError('transient', `ChronoTrack ${what}: no list under ${roots.join(' or ')} (keys: ${keys})`);
}

/** The rows' value of one field, read before validation so a rejected row still shows whose it is. */
export function readRawField(raw: unknown, field: string): string | null {
  const value = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() || null : null;
}

// ---- validation of single records ----

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ');
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Validate one record; the reason names the record kind and every failing field. */
export function checkRecord<S extends z.ZodType>(schema: S, raw: unknown, what: string): Checked<z.output<S>> {
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: `invalid ${what}: ${describeIssues(parsed.error)}` };
}
