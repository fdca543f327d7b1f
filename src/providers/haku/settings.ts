/**
 * Haku adapter settings: the HTTP client's, the scheduler's assumed start time for date-only races,
 * and a switch for each behaviour providers.md §4 marks [INFERRED] or [CONFLICT]. Value formats
 * (gender spellings, money as number or string, ISO stamps with or without fractions) need no
 * switch: the parsers accept every form seen or guessed. Parsed once when the adapter is created.
 */
import { z } from 'zod';
import { SyncError } from '../../errors.js';
import { clientSettingsShape } from '../http/settings.js';
import { scheduleSettingsShape } from '../schedule-settings.js';
import { isTimeZone } from './values.js';

const timeZone = z.string().refine(isTimeZone, 'not an IANA time zone');

export const hakuSettingsSchema = z.object({
  ...clientSettingsShape,
  ...scheduleSettingsShape,
  /**
   * [CONFLICT] `per_page`: the staging spec says 25 at most, production runs used 100, the final
   * code sent 500. The server clamps silently, so the stop rule never trusts this number (list.ts).
   */
  pageSize: z.number().int().min(1).max(500).default(100),
  /**
   * [INFERRED] the server's real page cap, once an operator has seen it. Unknown (null), a list
   * ends only on an empty page or one shorter than the pages before it — one extra call for a list
   * that fits in one page. Known, a page shorter than min(pageSize, cap) ends the list at once.
   */
  serverPageCap: z.number().int().min(1).nullable().default(null),
  /** [CONFLICT] GET /events as a bare array, or as {"events": […]}; `auto` takes either. */
  eventsEnvelope: z.enum(['auto', 'array', 'object']).default('auto'),
  /**
   * [INFERRED] the participants summary carries the registration's `updated_at`. Trusted (default)
   * when present, it is the version that lets unchanged registrations skip their detail call and the
   * incremental read stop early; false makes every row's detail call tell it instead.
   */
  trustSummaryUpdatedAt: z.boolean().default(true),
  /** [INFERRED] stamps are ISO 8601; one without an offset is read in this zone. */
  timestampZone: timeZone.default('UTC'),
  /** [INFERRED] `time_zone` on events; an event without one is read in this zone (none: the event is rejected). */
  defaultTimeZone: timeZone.nullable().default(null),
  /** The integration's rule (§4.3): no `tag_number`, then `chip_number` is the bib. */
  bibFromChip: z.boolean().default(true),
  /** Detail calls per yielded page: what a run loses when it stops mid-page (budget, kill). */
  detailsPerPage: z.number().int().min(1).max(500).default(25),
});

export type HakuSettings = Readonly<z.output<typeof hakuSettingsSchema>>;

/** Unknown keys are ignored so one settings object can carry other layers' switches. */
export function parseHakuSettings(settings: Record<string, unknown>): HakuSettings {
  const parsed = hakuSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SyncError('config', `Invalid Haku settings: ${problems.join('; ')}`, { cause: parsed.error });
  }
  return Object.freeze(parsed.data);
}
