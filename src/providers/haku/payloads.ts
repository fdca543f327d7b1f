/**
 * Zod schemas of Haku's raw JSON (providers.md §4.3) — the only file that knows its shapes: events
 * as a bare array or wrapped, the participants summary (no bib, no category id, a full name only)
 * and the registration detail (names, birth date, address, the bib in event_categories[0]),
 * Cognito's token answer and the API Gateway's {"message"} errors. Values are converted here by the
 * parsers in values.ts, so a bad field fails validation with its path in the reason.
 */
import { z } from 'zod';
import { SyncError, errorMessage } from '../../errors.js';
import type { HakuSettings } from './settings.js';
import { isTimeZone, localMidnight, parseAge, parseCode, parseDate, parseGender, parseMoney, parseTimestamp } from './values.js';

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
/** Event slugs ("e735b096f63aaf72e58d") and category ids (4411) alike: any non-blank string or number. */
const id = converted(z.union([z.string(), z.number()]), (value) => {
  const code = parseCode(value);
  if (code === null) throw new Error('blank id');
  return code;
});
const code = converted(numberOrText, parseCode);
const age = converted(numberOrText, parseAge);
const money = converted(numberOrText, parseMoney);
const gender = converted(z.string().nullish(), parseGender);
const date = converted(z.string().nullish(), parseDate);
const team = z.object({ name: text }).nullish();
/**
 * A summary's registration number names its detail in a URL path, and a lone surrogate cannot be
 * URL-encoded (encodeURIComponent throws): such a row is a reject, not the end of the read.
 */
const registrationNumber = z.string().trim().min(1).refine((value) => !/\p{Cs}/u.test(value), 'has a lone surrogate, so no URL can name its detail');

// ---- errors and tokens ----

const errorBodySchema = z.object({
  message: z.string().nullish(),
  /** Cognito's token endpoint: `invalid_client`, `unsupported_grant_type`, … */
  error: z.string().nullish(),
  error_description: z.string().nullish(),
});
export type ErrorBody = z.output<typeof errorBodySchema>;

/** The `{"message": …}` (API) or `{"error": …}` (token endpoint) of an error answer; null when it is neither. */
export function readErrorBody(body: unknown): ErrorBody | null {
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success && (parsed.data.message || parsed.data.error) ? parsed.data : null;
}

const tokenSchema = z.object({
  access_token: z.string().min(1),
  /** Cognito's usual 3600 when absent. */
  expires_in: z.union([z.number().positive(), z.string().regex(/^\d+$/).transform(Number)]).nullish().transform((value) => value ?? 3600),
  token_type: z.string().nullish(),
});
export type TokenAnswer = z.output<typeof tokenSchema>;

// ---- whole responses ----

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ');
}

/** A response whose overall shape is wrong cannot be split into records; retrying may fix it. */
function parseResponse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new SyncError('transient', `Haku ${what} response has an unexpected shape: ${describeIssues(parsed.error)}`, { cause: parsed.error });
}

export function readToken(body: unknown): TokenAnswer {
  return parseResponse(tokenSchema, body, 'token');
}

const list = z.array(z.unknown());
const EVENTS_LISTS = {
  auto: z.union([list, z.object({ events: list }).transform((body) => body.events)]),
  array: list,
  object: z.object({ events: list }).transform((body) => body.events),
} as const;

/** `GET /events`, items still raw: each is validated alone, so one odd event does not sink the page. */
export function readEventsPage(body: unknown, envelope: HakuSettings['eventsEnvelope']): unknown[] {
  return parseResponse(EVENTS_LISTS[envelope], body, 'GET /events');
}

/** `GET /events/{id}/participants` is a bare array [V-CLIENT]. */
export function readSummaryPage(body: unknown): unknown[] {
  return parseResponse(list, body, 'participants');
}

// ---- keys of raw rows (for the repeated-page check, even on rows that fail validation) ----

const keyOf = (row: unknown, field: string): string | null => {
  const value = row !== null && typeof row === 'object' ? (row as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
};

export const registrationKey = (row: unknown): string | null => keyOf(row, 'registration_number');
export const eventKey = (row: unknown): string | null => keyOf(row, 'id');

/**
 * The category's own fields of a raw registration detail, as the race's raw payload: the rest of
 * event_categories[0] (bib, chip, corral, stamps) belongs to the registration, and would change the
 * race's content hash with whichever registration was sampled.
 */
export function categoryRaw(detail: unknown): unknown {
  const categories = detail !== null && typeof detail === 'object' ? (detail as { event_categories?: unknown }).event_categories : undefined;
  const first = Array.isArray(categories) ? (categories[0] as Record<string, unknown> | undefined) : undefined;
  return first ? { id: first.id, name: first.name, master_name: first.master_name } : null;
}

// ---- records ----

/** The schemas whose timestamps and zones depend on the connection's settings. */
export function recordSchemas(settings: Pick<HakuSettings, 'timestampZone' | 'defaultTimeZone'>) {
  const stamp = converted(z.string().nullish(), (value) => parseTimestamp(value, settings.timestampZone));

  const event = z
    .object({
      id,
      name: z.string().trim().min(1),
      /** A date, no time, in the event's zone. */
      event_date: z.string(),
      time_zone: z.string().nullish(),
      location_city: text,
      location_state: text,
      updated_at: stamp,
    })
    .transform((event, ctx) => {
      const zone = event.time_zone?.trim() || settings.defaultTimeZone;
      const fail = (message: string, path: string) => {
        ctx.addIssue({ code: 'custom', message, path: [path], input: event[path as keyof typeof event] });
        return z.NEVER;
      };
      if (!zone) return fail('missing, and the connection has no defaultTimeZone setting', 'time_zone');
      if (!isTimeZone(zone)) return fail('not an IANA time zone', 'time_zone');
      try {
        return { ...event, timeZone: zone, start: localMidnight(event.event_date, zone) };
      } catch (error) {
        return fail(errorMessage(error), 'event_date');
      }
    });

  const summary = z.object({
    registration_number: registrationNumber,
    person_full_name: text,
    email: text,
    gender,
    age,
    team,
    /** The category's name: the summary has no category id. */
    event_category_info: text,
    registered_at: stamp,
    /** [INFERRED] the version of the registration; the skin can omit it. */
    updated_at: stamp,
    is_cancelled: z.boolean().nullish().transform((value) => value ?? false),
    transaction_amount: money,
  });

  const category = z.object({ id, name: text, master_name: text, tag_number: code, chip_number: code });

  const registration = z.object({
    registration_number: z.string().trim().min(1),
    created_at: stamp,
    updated_at: stamp,
    is_cancelled: z.boolean().nullish().transform((value) => value ?? false),
    transaction_amount: money,
    participant: z.object({
      first_name: text,
      last_name: text,
      email: text,
      dob: date,
      gender,
      address: z.object({ city: text, state: text, country: text }).nullish(),
    }),
    /** The first category is the registration's race; its tag number is the bib. */
    event_categories: z.array(category).min(1, 'no event category'),
    team,
  });

  /** Just the stamp of a summary, for the stop rule even when the rest of the row is bad. */
  const summaryStamp = z.object({ updated_at: stamp });
  /** Just the category of a registration detail: what discovery samples it for. */
  const registrationCategory = z.object({ event_categories: z.array(category).min(1, 'no event category') });

  return { event, summary, registration, summaryStamp, registrationCategory };
}

export type RecordSchemas = ReturnType<typeof recordSchemas>;
export type HakuEvent = z.output<RecordSchemas['event']>;
export type Summary = z.output<RecordSchemas['summary']>;
export type Registration = z.output<RecordSchemas['registration']>;
export type Category = Registration['event_categories'][number];

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Validate one record; the reason names the record kind and every failing field. */
export function checkRecord<S extends z.ZodType>(schema: S, raw: unknown, what: string): Checked<z.output<S>> {
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: `invalid ${what}: ${describeIssues(parsed.error)}` };
}
