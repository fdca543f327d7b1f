/**
 * Copernico adapter settings: timeouts, retries, the page size of the streamed athletes list, and a
 * switch for every behaviour providers.md §5 leaves open ([INFERRED]) — how a timer's races are
 * found, the paths of the race document and the athletes list, and what the athlete fields not in
 * any sample (`rankings`, `withdrawn`, a status-less athlete) mean. Parsed once when the adapter is
 * created; defaults follow the sandbox skin, which models the inferred endpoints.
 */
import { z } from 'zod';
import { SyncError } from '../../errors.js';
import { clientSettingsShape } from '../http/settings.js';

/** A race slug (`generali-maraton-malaga-2025`): one path segment. */
const raceId = z.string().trim().min(1).regex(/^[^/?#]+$/, 'must be a Copernico race id (one path segment)');

/** A list given as JSON (`["a","b"]`) or as text (`a,b`), as `--setting` passes it. */
const raceIdList = z
  .union([z.array(raceId), z.string().transform((text) => text.split(',').map((part) => part.trim()).filter(Boolean))])
  .pipe(z.array(raceId));

/** A path template under the base URL with `{raceId}` in it. */
const racePathTemplate = z.string().startsWith('/').includes('{raceId}');

export const copernicoSettingsSchema = z.object({
  ...clientSettingsShape,
  /**
   * [INFERRED] No call lists a timer's races (§5.4: "not found"), so the connection names them: the
   * race ids (slugs) discovery reads. Text `a,b` or a JSON array.
   */
  raceIds: raceIdList.default([]),
  /** [INFERRED] The race document (race + its events) under the base URL; the skin's model. */
  racePath: racePathTemplate.default('/{raceId}'),
  /** [INFERRED] The list of one event's athlete documents (one unpaged array) under the base URL. */
  athletesPath: racePathTemplate.default('/{raceId}/athletes'),
  /** [INFERRED] The query parameter that names the event (by its name) on the athletes list. */
  eventParam: z.string().min(1).default('event'),
  /** Athletes per page the stream yields (the list itself is unpaged); a page is one database transaction. */
  pageSize: z.number().int().min(1).max(5000).default(250),
  /**
   * [INFERRED] Whether the registration import (§5.2: only `Content-Type` documented) takes the
   * `x-api-key` header like the athlete endpoints (`api-key`) or nothing (`none`).
   */
  pushAuth: z.enum(['api-key', 'none']).default('api-key'),
  /**
   * [INFERRED] The import names a race and its events by Sportmaniacs ids (K2's UUIDs), which no
   * read here serves; a race slug and an event name are sent as they are unless mapped here:
   * `{"<race slug>": "<race uuid>", "<race slug>/<event name>": "<event uuid>"}`.
   */
  pushIds: z.record(z.string().min(1), z.string().trim().min(1)).default({}),
  /**
   * [INFERRED] After a 400 listing refused items: `resend` the rest (safe whether or not the 400
   * took them, since the import updates by id) or trust that the rest was taken (`rest-taken`).
   */
  pushRefused: z.enum(['resend', 'rest-taken']).default('resend'),
  /** The `times` entry that is the finish (K4/K5 call it "Meta"); every other entry is a split. */
  finishSplit: z.string().min(1).default('Meta'),
  /**
   * [INFERRED] What status `withdrawn` means: `remove` — the timer took the result back, so it is no
   * result (the skin's reading: the full read's diff deletes it) — or `dnf`, the athlete withdrew.
   */
  withdrawn: z.enum(['remove', 'dnf']).default('remove'),
  /**
   * [INFERRED] An athlete whose status says nothing (`notstarted`, none) and who has no time at all:
   * `none` — no result yet (before a race every athlete looks so) — or `dns`, for timers whose final
   * lists leave non-starters so. An explicit `dns` status is DNS either way.
   */
  unstarted: z.enum(['none', 'dns']).default('none'),
  /**
   * [INFERRED] The keys of `rankings` (`{}` in every sample) that hold the overall, gender and
   * category places; each value a number or `{pos}`/`{position}`, directly or under the finish's name.
   */
  rankingKeys: z
    .object({
      overall: z.string().min(1).default('general'),
      gender: z.string().min(1).default('gender'),
      category: z.string().min(1).default('category'),
    })
    .prefault({}),
});

export type CopernicoSettings = Readonly<z.output<typeof copernicoSettingsSchema>>;

/** Unknown keys are ignored so one settings object can carry other layers' switches. */
export function parseCopernicoSettings(settings: Record<string, unknown>): CopernicoSettings {
  const parsed = copernicoSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SyncError('config', `Invalid Copernico settings: ${problems.join('; ')}`, { cause: parsed.error });
  }
  return Object.freeze(parsed.data);
}

/** A path template with the race id filled in (URL-encoded). */
export function racePath(template: string, raceId: string): string {
  return template.replaceAll('{raceId}', encodeURIComponent(raceId));
}
