/**
 * Zod schemas of RunSignUp's raw JSON (providers.md §1.6) — the only file that knows its quirks:
 * "$" money, three date formats in two zones, participants in an array per event,
 * removed participants nested the other way, `{}` for "no result sets". Values are converted here
 * by the parsers in values.ts, so a bad field fails validation with its path in the reason.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { SyncError, errorMessage } from '../../errors.js';
import {
  EASTERN_ZONE, parseAge, parseBib, parseBirthdate, parseGender, parseIsoDateTime, parseMoney,
  parsePlace, parseResultTime, parseUnixSeconds, parseUsDateAtMidnight, parseUsDateTime,
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

/** IDs are JSON integers; numeric strings are tolerated. */
const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);
const text = z.string().nullish().transform((value) => (value?.trim() ? value.trim() : null));
const numberOrText = z.union([z.number(), z.string()]).nullish();
const bib = converted(numberOrText, parseBib);
const age = converted(numberOrText, parseAge);
const place = converted(numberOrText, parsePlace);
const gender = converted(z.string().nullish(), parseGender);
const money = converted(z.string().nullish(), parseMoney);
const resultTime = converted(z.string().nullish(), parseResultTime);
const easternUsDateTime = converted(z.string().nullish(), (value) => parseUsDateTime(value, EASTERN_ZONE));
const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone');

const address = z.object({ city: text, state: text, country_code: text }).nullish();

// ---- errors ----

const errorEnvelopeSchema = z.object({
  error: z.object({ error_code: id, error_msg: z.string().nullish() }),
});
export type ErrorEnvelope = z.output<typeof errorEnvelopeSchema>;

/** `{"error":{"error_code":N,"error_msg":"..."}}`, sent with any HTTP status; null when the body is not one. */
export function readErrorEnvelope(body: unknown): ErrorEnvelope | null {
  const parsed = errorEnvelopeSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

// ---- races and events ----

/** `/races` pages are validated entry by entry, so one odd race does not sink the page. */
const racesPageSchema = z.object({ races: z.array(z.unknown()).nullish() });
export const raceEntrySchema = z.object({
  race: z.object({ race_id: id, last_modified: easternUsDateTime.catch(null) }),
});

const eventSchema = z.object({
  event_id: id,
  name: z.string().min(1),
  start_time: z.string().nullish(),
  distance: numberOrText.transform((value) => (value === null || value === undefined || value === '' ? null : String(value))),
});

/** Event start times are in the race's own zone, so they are converted once the zone is known. */
const raceSchema = z
  .object({
    race_id: id,
    name: z.string().min(1),
    timezone: timeZone,
    next_date: z.string().nullish(),
    last_modified: easternUsDateTime,
    address,
    events: z.array(eventSchema).nullish(),
  })
  .transform((race, ctx) => {
    const inRaceZone = (value: string | null | undefined, path: (string | number)[], parse: typeof parseUsDateTime) => {
      try {
        return parse(value, race.timezone);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: errorMessage(error), path, input: value });
        return null;
      }
    };
    const events = (race.events ?? []).map((event, index) => ({
      ...event,
      start_time: inRaceZone(event.start_time, ['events', index, 'start_time'], parseUsDateTime),
    }));
    return { ...race, next_date: inRaceZone(race.next_date, ['next_date'], parseUsDateAtMidnight), events };
  });
export type RaceDetail = z.output<typeof raceSchema>;

export const raceDetailSchema = z.object({ race: raceSchema });

// ---- participants ----

export const participantSchema = z.object({
  registration_id: id,
  /** Always present in samples; the enclosing block's event id stands in if a row lacks it. */
  event_id: id.nullish(),
  bib_num: bib,
  chip_num: bib,
  age,
  registration_date: easternUsDateTime,
  last_modified: converted(z.number().nullish(), parseUnixSeconds),
  team_name: text,
  amount_paid: money,
  user: z.object({
    first_name: text,
    last_name: text,
    email: text,
    dob: converted(z.string().nullish(), parseBirthdate),
    gender,
    address,
  }),
});
export type Participant = z.output<typeof participantSchema>;

/** Removed rows use `Y-m-d H:i:s` (Eastern) and carry their event id only on the enclosing block. */
export const removedParticipantSchema = z.object({
  registration_id: id,
  event_id: id.nullish(),
  removed_reason: z.string().min(1),
  new_registration_id: id.nullish(),
  last_modified: converted(z.string().nullish(), (value) => parseIsoDateTime(value, EASTERN_ZONE)),
  last_modified_ts: converted(z.number().nullish(), parseUnixSeconds),
});

/**
 * One block per requested event. `/participants` puts rows in the top-level `participants` (the
 * block's `event.participants` is always empty, and the key may be missing); `/removed-participants`
 * nests them in `event.participants`. Either endpoint may send one block or an array of blocks.
 */
const participantBlockSchema = z.object({
  event: z.object({ event_id: id.nullish(), participants: z.array(z.unknown()).nullish() }).nullish(),
  participants: z.array(z.unknown()).nullish(),
});
const participantsResponseSchema = z.union([z.array(participantBlockSchema), participantBlockSchema]);

export interface ParticipantRow {
  /** The enclosing block's event id, for rows that do not carry their own. */
  blockEventId: number | null;
  raw: unknown;
}

// ---- results ----

const resultSetSchema = z.object({ individual_result_set_id: id, individual_result_set_name: text });
/** `{}` (no `individual_results_sets` key) means "no result sets". */
export const resultSetsSchema = z.object({ individual_results_sets: z.array(resultSetSchema).nullish() });
export type ResultSet = z.output<typeof resultSetSchema>;

/** `results_headers` maps column key → display label, in display order. */
const getResultsSchema = z.object({
  individual_results_sets: z
    .array(resultSetSchema.extend({
      results_headers: z.record(z.string(), z.string().nullish()).nullish(),
      results: z.array(z.unknown()).nullish(),
    }))
    .nullish(),
});

export const resultRowSchema = z.object({
  result_id: id,
  place,
  bib,
  first_name: text,
  last_name: text,
  gender,
  age,
  clock_time: resultTime,
  chip_time: resultTime,
});

export interface PlacementColumn {
  key: string;
  label: string;
  kind: 'gender' | 'division';
}

/** Labels RunSignUp timers give the gender-place division ("All Male", "Overall Female", "Gender Place"). */
const GENDER_PLACE_LABEL = /^(?:(?:all|overall)\s+)?(?:male|female|men|women|boys|girls)$|^gender(?:\s+place)?$/i;

/**
 * There are no gender/division place fields: places are `division-<id>-placement` columns, and only
 * their `results_headers` label says which one is the gender place. Returned in header order.
 */
export function readPlacementColumns(headers: Record<string, string | null | undefined> | null | undefined): PlacementColumn[] {
  return Object.entries(headers ?? {})
    .filter(([key]) => /^division-\d+-placement$/.test(key))
    .map(([key, rawLabel]) => {
      const label = rawLabel?.trim() || key;
      return { key, label, kind: GENDER_PLACE_LABEL.test(label) ? 'gender' : 'division' };
    });
}

/** Schema of a row's placement columns, so a bad placement fails validation like any other field. */
export function placementsSchema(columns: PlacementColumn[]): z.ZodType<Record<string, number | null>> {
  return z.object(Object.fromEntries(columns.map(({ key }) => [key, place])));
}

// ---- whole responses ----

/** A response whose overall shape is wrong cannot be split into records; retrying may fix it. */
function parseResponse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new SyncError('transient', `RunSignUp ${what} response has an unexpected shape: ${describeIssues(parsed.error)}`, {
    cause: parsed.error,
  });
}

export function readRacesPage(body: unknown): unknown[] {
  return parseResponse(racesPageSchema, body, '/races').races ?? [];
}

export function readParticipantRows(body: unknown, what: string): ParticipantRow[] {
  const parsed = parseResponse(participantsResponseSchema, body, what);
  return (Array.isArray(parsed) ? parsed : [parsed]).flatMap((block) => {
    const rows = block.participants?.length ? block.participants : (block.event?.participants ?? []);
    return rows.map((raw) => ({ blockEventId: block.event?.event_id ?? null, raw }));
  });
}

export function readResultSets(body: unknown): ResultSet[] {
  return parseResponse(resultSetsSchema, body, 'get-result-sets').individual_results_sets ?? [];
}

export type ResultsBlock = NonNullable<z.output<typeof getResultsSchema>['individual_results_sets']>[number];

/** The block of one result set; the set filter is INFERRED, so other sets' blocks are ignored. */
export function readResultsBlock(body: unknown, setId: number): ResultsBlock | null {
  const sets = parseResponse(getResultsSchema, body, 'get-results').individual_results_sets ?? [];
  return sets.find((set) => set.individual_result_set_id === setId) ?? null;
}

const registrationIdSchema = z.object({ registration_id: id });

/** The registration id of a raw row, even one that fails validation, so keyset paging never stalls. */
export function readRegistrationId(raw: unknown): number | null {
  // The schema is built once: zod compiles each new object schema, which cost more than the read.
  const parsed = registrationIdSchema.safeParse(raw);
  return parsed.success ? parsed.data.registration_id : null;
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
