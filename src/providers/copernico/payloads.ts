/**
 * Zod schemas of Copernico's raw JSON (providers.md §5.3) — the only file that knows its shapes:
 * the race document with its events (the skin's model of an [INFERRED] endpoint), the athlete
 * document of K3 with one entry per event, `times` keyed by split name in milliseconds, `rankings`,
 * and the error body. Values are converted here by the parsers in values.ts, so a bad field fails
 * validation with its path in the reason.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { errorMessage } from '../../errors.js';
import {
  parseBib, parseDate, parseDistanceM, parseDurationMs, parseGender, parseInstant, parseName, parsePlace, parseStatus, repairMojibake,
} from './values.js';

/** A raw field passed through one of the value parsers; a parser's error becomes an issue on that field. */
function converted<S extends z.ZodType, T>(schema: S, parse: (value: z.output<S>) => T) {
  return schema.transform((value, ctx): T => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue(errorMessage(error));
      return z.NEVER;
    }
  });
}

const numberOrText = z.union([z.number(), z.string()]).nullish();
const text = z.string().nullish().transform((value) => (value?.trim() ? value.trim() : null));
const name = converted(z.string().nullish(), parseName);
const instant = converted(numberOrText, parseInstant);
const date = converted(z.string().nullish(), parseDate);
const metres = converted(numberOrText, parseDistanceM);
const duration = converted(numberOrText, parseDurationMs);
const place = converted(numberOrText, parsePlace);
const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone');

// ---- errors ----

/** `{"statusCode", "message"}` ([INFERRED]: the skin's choice; clients only log the status). */
export function readErrorBody(body: unknown): string | null {
  const parsed = z.object({ message: z.string().min(1) }).safeParse(body);
  return parsed.success ? parsed.data.message : null;
}

// ---- the race document: GET {base}/{raceId} ----

export const raceEventSchema = z.object({
  /** Exactly as served: it is the event's address (`?event=<name>`). */
  name: z.string().min(1).refine((name) => name.trim() !== '', 'must not be blank'),
  distance: metres,
  startTime: instant,
  /** When the gun really went off, where the timer records it (K5's `gunTime`). */
  gunTime: instant.optional(),
});
export type RaceEvent = z.output<typeof raceEventSchema>;

/** Events are validated one by one, so one odd event does not sink its race. */
export const raceDocumentSchema = z.object({
  id: z.string().nullish(),
  name: converted(z.string().trim().min(1), repairMojibake),
  date,
  startTime: instant,
  timezone: timeZone.nullish(),
  location: name,
  region: name,
  country: text,
  events: z.array(z.unknown()).nullish(),
});
export type RaceDocument = z.output<typeof raceDocumentSchema>;

// ---- athletes: GET {base}/{raceId}/athletes?event=<name> ----

/** One `times` entry: cumulative milliseconds since the gun (`time`) and since the start mat (`netTime`). */
const timeSchema = z.object({
  order: z.number().int().nonnegative().nullish(),
  distance: metres,
  time: duration,
  netTime: duration,
});
export type SplitTime = z.output<typeof timeSchema>;

const chip = z
  .union([z.array(z.string()), z.string()])
  .nullish()
  .transform((value) => (Array.isArray(value) ? value : [value]).map((c) => c?.trim()).find((c) => c) ?? null);

/** The athlete's entry in one event (K3 `events[]`). */
export const athleteEntrySchema = z.object({
  status: converted(z.string().nullish(), parseStatus),
  event: z.string().nullish(),
  dorsal: converted(numberOrText, parseBib),
  chip,
  category: name,
  team: name,
  club: name,
  times: z.record(z.string(), timeSchema).nullish(),
  rankings: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish(),
});
export type AthleteEntry = z.output<typeof athleteEntrySchema>;

/** The athlete document (K3), with the registration-import keys of K2 where present. */
export const athleteSchema = z.object({
  id: z.union([z.string().trim().min(1), z.number().int().nonnegative().transform(String)]),
  name,
  surname: name,
  gender: converted(z.string().nullish(), parseGender),
  birthdate: date,
  email: text,
  events: z.array(z.unknown()).min(1),
});
export type Athlete = z.output<typeof athleteSchema>;

const athleteIdSchema = z.object({ id: athleteSchema.shape.id });

/** The id of a raw athlete, even one that fails validation, so positions in the list stay exact. */
export function readAthleteId(raw: unknown): string | null {
  const parsed = athleteIdSchema.safeParse(raw);
  return parsed.success ? parsed.data.id : null;
}

/**
 * The athlete's entry for `eventName`: the one naming it, or the only one (a list asked for one
 * event holds that event's athletes). Its index, for the reason's field path.
 */
export function findEntry(athlete: Athlete, eventName: string): { index: number; raw: unknown } | null {
  const index = athlete.events.findIndex((entry) => (entry as { event?: unknown } | null)?.event === eventName);
  if (index >= 0) return { index, raw: athlete.events[index] };
  return athlete.events.length === 1 ? { index: 0, raw: athlete.events[0] } : null;
}

// ---- rankings ----

export interface RankingKeys {
  overall: string;
  gender: string;
  category: string;
}

export interface Places {
  overall: number | null;
  gender: number | null;
  category: number | null;
}

/** A place itself, or an object holding it under `pos` or `position` (present: another key is no place). */
const givenPlace = converted(z.union([z.number(), z.string()]), parsePlace);
const rankingValue = z.union([
  place,
  z.object({ pos: givenPlace }).transform((r) => r.pos),
  z.object({ position: givenPlace }).transform((r) => r.position),
]);

/**
 * [INFERRED] `rankings` is `{}` in every sample: places are read at the configured keys, as a
 * number or `{pos}`/`{position}`, from the object itself or from its entry named after the finish.
 */
export function readPlaces(rankings: AthleteEntry['rankings'], keys: RankingKeys, finish: string): CheckedValue<Places> {
  if (!rankings || Array.isArray(rankings)) return { ok: true, value: { overall: null, gender: null, category: null } };
  const scoped = rankings[finish];
  const underFinish = scoped !== null && typeof scoped === 'object' && !Array.isArray(scoped);
  const scope = underFinish ? (scoped as Record<string, unknown>) : rankings;
  const prefix = underFinish ? `rankings.${finish}` : 'rankings';
  const [overall, gender, category] = [keys.overall, keys.gender, keys.category].map((key) => check(rankingValue.optional(), scope[key], `${prefix}.${key}`));
  const failed = [overall, gender, category].flatMap((c) => (c!.ok ? [] : [c!.reason]));
  if (failed.length > 0) return { ok: false, reason: failed.join('; ') };
  const value = (c: CheckedValue<number | null | undefined> | undefined) => (c?.ok ? (c.value ?? null) : null);
  return { ok: true, value: { overall: value(overall), gender: value(gender), category: value(category) } };
}

// ---- validation of single records ----

export type CheckedValue<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Validate one record (or part of one, under `path`); the reason names every failing field. */
export function check<S extends z.ZodType>(schema: S, raw: unknown, path = ''): CheckedValue<z.output<S>> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((issue) => `${[path, ...issue.path].filter((p) => p !== '').join('.') || '(record)'}: ${issue.message}`);
  return { ok: false, reason: issues.join('; ') };
}
