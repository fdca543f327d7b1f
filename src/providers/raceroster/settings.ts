/**
 * Race Roster adapter settings: timeouts, retries, the page size, and one switch for each behaviour
 * providers.md §3 marks [INFERRED] (or shows only weakly), each defaulting to the best evidence.
 * Parsed once when the adapter is created.
 *
 * What §3 leaves open and needs no switch, because the adapter accepts every variant:
 * - the error body ({"error":{"code","message"}} or Laravel's {"message"}): only the HTTP status
 *   classifies an API error (§3.4); the body supplies the message;
 * - the token error's values: Passport's `error` code classifies it (§3.2);
 * - a modified-since filter on participants: none is known, so every read is full
 *   (capabilities `participantsCursor: 'none'`), and the content hash keeps unchanged rows out.
 */
import { z } from 'zod';
import { SyncError } from '../../errors.js';
import { clientSettingsShape } from '../http/settings.js';
import { parseIsoInstant } from './values.js';

const queryParamName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a query parameter name');

export const raceRosterSettingsSchema = z.object({
  ...clientSettingsShape,
  /** Rows asked per page; the API clamps at 100 (the largest it accepts), and the reader copes with any clamp. */
  pageSize: z.number().int().min(1).max(1000).default(100),
  /**
   * [INFERRED] participants and results paging: `offset` sends offset+limit (verified on /events,
   * RR3), `page` sends page+perPage (seen on results, RR5; pages of at most 100, since page numbers
   * count in the server's size). /events always uses offset+limit.
   */
  pagingStyle: z.enum(['offset', 'page']).default('offset'),
  /**
   * [INFERRED] the sub-event filter on /participants, sent when one race is read alone; null sends
   * none and the rows of other sub-events are set aside.
   */
  subEventParam: queryParamName.nullable().default('subEventId'),
  /** [V-CLIENT, weak] the race filter on /results (RR5: `resultsRaceId`); null sends none. */
  resultsRaceParam: queryParamName.nullable().default('resultsRaceId'),
  /** [INFERRED] which id names a participant: its own `participantId`, or the order's `registrationId` (one order may hold several people). */
  participantKey: z.enum(['participantId', 'registrationId']).default('participantId'),
  /** [INFERRED] `status` values that mean the registration is cancelled (still listed, soft-deleted here). */
  cancelledStatuses: z.array(z.string().min(1)).default(['cancelled']),
  /** [INFERRED] the token answer's wrapper: `auto` accepts {"data":{…}}, {"data":[{…}]} and bare (§3.2). */
  tokenEnvelope: z.enum(['auto', 'data-object', 'data-array', 'bare']).default('auto'),
  /** [INFERRED] token lifetime when the answer has no `expires_in` (the documented JWT lives 24 h). */
  tokenLifetimeSeconds: z.number().int().min(60).default(86_400),
  /**
   * /events lists future events unless `eventDateFrom` reaches back (RR3); a discovery that includes
   * past events sends this. ISO 8601 with an offset.
   */
  pastEventsFrom: z.string().refine((value) => {
    try {
      return parseIsoInstant(value) !== null;
    } catch {
      return false;
    }
  }, 'must be an ISO 8601 date-time with an offset').default('2000-01-01T00:00:00+00:00'),
});

export type RaceRosterSettings = Readonly<z.output<typeof raceRosterSettingsSchema>>;

/** Unknown keys are ignored so one settings object can carry other layers' switches. */
export function parseRaceRosterSettings(settings: Record<string, unknown>): RaceRosterSettings {
  const parsed = raceRosterSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SyncError('config', `Invalid Race Roster settings: ${problems.join('; ')}`, { cause: parsed.error });
  }
  return Object.freeze(parsed.data);
}
