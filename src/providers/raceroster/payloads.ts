/**
 * Zod schemas of Race Roster's raw JSON (providers.md §3) — the only file that knows its shapes:
 * camelCase keys, lists under `data` with a `metadata` total, nested lists wrapped in `{data: […]}`,
 * region and country as `{code, name}`, ISO 8601 with offsets, gender as integer codes, a token
 * answer wrapped three ways and Passport's token errors. Values go through the parsers in values.ts,
 * so a bad field fails validation with its path in the reason.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { SyncError, errorMessage } from '../../errors.js';
import {
  parseBib, parseCount, parseDate, parseDuration, parseGenderCode, parseId, parseIsoInstant, parseResultStatus,
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

const id = converted(z.unknown(), parseId);
const optionalId = converted(z.unknown(), (value) => (value === null || value === undefined ? null : parseId(value)));
const text = z.string().nullish().transform((value) => (value?.trim() ? value.trim() : null));
const numberOrText = z.union([z.number(), z.string()]).nullish();
const instant = converted(z.string().nullish(), parseIsoInstant);
const bib = converted(numberOrText, parseBib);
const gender = converted(numberOrText, parseGenderCode);
const place = converted(numberOrText, (value) => parseCount(value, 'a place'));
const duration = converted(z.string().nullish(), parseDuration);

/** `{code, name}` → the code (a bare code string is tolerated). */
const codeOf = z
  .union([z.object({ code: z.string().nullish() }), z.string()])
  .nullish()
  .transform((value) => {
    const code = typeof value === 'string' ? value : value?.code;
    return code?.trim() ? code.trim() : null;
  });

/** Nested collections come as `{data: […]}`; a bare array is tolerated. */
function wrappedList<S extends z.ZodType>(item: S) {
  return z.union([z.object({ data: z.array(item).nullish() }), z.array(item)]).nullish()
    .transform((value) => (Array.isArray(value) ? value : (value?.data ?? [])));
}

// ---- lists ----

const metadataSchema = z.object({
  totalCount: z.number().int().nonnegative().nullish(),
  page: z.number().int().positive().nullish(),
  perPage: z.number().int().positive().nullish(),
});

const listSchema = z.object({ data: z.array(z.unknown()), metadata: metadataSchema.nullish() });
export type ListBody = z.output<typeof listSchema>;

/** A list answer whose overall shape is wrong cannot be split into records; retrying may fix it. */
export function readListBody(body: unknown, what: string): ListBody {
  const parsed = listSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new SyncError('transient', `Race Roster ${what} answer has an unexpected shape: ${describeIssues(parsed.error)}`, { cause: parsed.error });
}

// ---- tokens and errors ----

const tokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expires_in: z.union([z.number().positive(), z.string().regex(/^\d+$/).transform(Number)]).nullish(),
});
export type TokenAnswer = z.output<typeof tokenSchema>;
export type TokenEnvelope = 'auto' | 'data-object' | 'data-array' | 'bare';

/** The token object out of {"data":{…}}, {"data":[{…}]} or a bare answer (§3.2: clients accept all three). */
function unwrapToken(body: unknown, envelope: TokenEnvelope): unknown {
  const data = body !== null && typeof body === 'object' ? (body as { data?: unknown }).data : undefined;
  const wrapped = envelope === 'auto' ? (data === undefined ? 'bare' : Array.isArray(data) ? 'data-array' : 'data-object') : envelope;
  if (wrapped === 'bare') return body;
  return wrapped === 'data-array' ? (Array.isArray(data) ? data[0] : undefined) : data;
}

export function readTokenAnswer(body: unknown, envelope: TokenEnvelope): TokenAnswer {
  const parsed = tokenSchema.safeParse(unwrapToken(body, envelope));
  if (parsed.success) return parsed.data;
  throw new SyncError('transient', `Race Roster token answer has an unexpected shape (envelope ${envelope}): ${describeIssues(parsed.error)}`, { cause: parsed.error });
}

/** Passport's token error: `error` is a code string (API errors carry an object or only `message`). */
const passportErrorSchema = z.object({ error: z.string().min(1), error_description: z.string().nullish(), hint: z.string().nullish() });
const apiErrorSchema = z.object({
  error: z.object({ message: z.string().nullish() }).nullish(),
  message: z.string().nullish(),
});

export interface ErrorAnswer {
  /** Passport's `error` code, at the token endpoint. */
  code: string | null;
  message: string | null;
}

export function readErrorAnswer(body: unknown): ErrorAnswer {
  const passport = passportErrorSchema.safeParse(body);
  if (passport.success) {
    const { error, error_description: description, hint } = passport.data;
    return { code: error, message: [description, hint].filter((part) => part?.trim()).join(' — ') || null };
  }
  const api = apiErrorSchema.safeParse(body);
  return { code: null, message: api.success ? (api.data.error?.message ?? api.data.message ?? null) : null };
}

// ---- events ----

/** An unknown zone is kept out, not fatal: every Race Roster time carries its own offset. */
const timeZone = z.string().nullish().transform((zone) => (zone && IANAZone.isValidZone(zone) ? zone : null));

export const subEventSchema = z.object({
  subEventId: id,
  name: z.string().trim().min(1),
  customSubEventDate: instant,
  subEventDistance: z.object({ label: text }).nullish(),
  distance: numberOrText,
  distanceType: text,
});
export type SubEvent = z.output<typeof subEventSchema>;

/** Sub-events are validated one by one (a bad one does not sink its event), so they stay raw here. */
export const eventSchema = z.object({
  eventId: id,
  name: z.string().trim().min(1),
  startDate: instant,
  timeZone,
  city: text,
  region: codeOf,
  country: codeOf,
  lastModifiedDate: instant,
  subEvents: wrappedList(z.unknown()),
});

// ---- participants ----

const participantFields = {
  participantId: optionalId,
  registrationId: optionalId,
  subEventId: id,
  bibNumber: bib,
  firstName: text,
  lastName: text,
  gender,
  dateOfBirth: converted(z.string().nullish(), parseDate),
  email: text,
  city: text,
  region: codeOf,
  country: codeOf,
  teamName: text,
  registrationDate: instant,
  lastModifiedDate: instant,
  status: text,
};

export type ParticipantKey = 'participantId' | 'registrationId';

/** The participant schema with the id the connection names participants by required. */
export const participantSchemas: Readonly<Record<ParticipantKey, ReturnType<typeof participantSchemaFor>>> = {
  participantId: participantSchemaFor('participantId'),
  registrationId: participantSchemaFor('registrationId'),
};

function participantSchemaFor(key: ParticipantKey) {
  return z
    .object(participantFields)
    .superRefine((row, ctx) => {
      if (row[key] == null) ctx.addIssue({ code: 'custom', path: [key], message: 'missing (the id participants are named by)' });
    })
    .transform((row) => ({ ...row, key: row[key] as string }));
}
export type RrParticipant = z.output<(typeof participantSchemas)['participantId']>;

// ---- results ----

const splitSchema = z.object({
  name: z.string().trim().min(1),
  order: z.number().int().positive(),
  distanceInMeters: z.number().nonnegative().nullish(),
  gunTime: duration,
  chipTime: duration,
});

export const resultSchema = z.object({
  resultId: id,
  subEventId: id,
  bibNumber: bib,
  firstName: text,
  lastName: text,
  gender,
  age: converted(numberOrText, (value) => parseCount(value, 'an age')),
  status: converted(z.string().nullish(), parseResultStatus),
  /** RR1's "make a result inactive": a withdrawn result. Absent means active. */
  active: z.boolean().nullish().transform((value) => value !== false),
  overallPlace: place,
  genderPlace: place,
  divisionPlace: place,
  division: text,
  gunTime: duration,
  chipTime: duration,
  splits: wrappedList(splitSchema),
});
export type RrResult = z.output<typeof resultSchema>;

// ---- fields of records that may fail validation ----

const idFieldSchema = (field: string) => z.object({ [field]: id });
/** Built once per field name: zod compiles each new object schema, which costs more than a read. */
const idFieldSchemas = new Map<string, ReturnType<typeof idFieldSchema>>();

/** One id-like field of a raw record, even one that fails validation (to account for it all the same). */
export function readIdField(raw: unknown, field: string): string | null {
  let schema = idFieldSchemas.get(field);
  if (!schema) idFieldSchemas.set(field, (schema = idFieldSchema(field)));
  const parsed = schema.safeParse(raw);
  return parsed.success ? (parsed.data[field] as string) : null;
}

/** `active: false` rows are withdrawn results; they are passed over before any validation. */
export function isInactive(raw: unknown): boolean {
  return raw !== null && typeof raw === 'object' && (raw as { active?: unknown }).active === false;
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
