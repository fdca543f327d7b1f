/**
 * ChronoTrack Live adapter settings: timeouts, retries, page sizes, and one switch for every
 * behaviour providers.md §2 marks INFERRED or CONFLICT. Parsed once when the adapter is created.
 */
import { z } from 'zod';
import { SyncError } from '../../errors.js';
import { clientSettingsShape } from '../http/settings.js';

/** Root keys to try in order; the first whose value is an array holds the list. */
const rootKeys = (...keys: string[]) => z.array(z.string().min(1)).min(1).default(keys);

const resultStatus = z.enum(['dnf', 'dns', 'dq']);

export const chronotrackSettingsSchema = z.object({
  ...clientSettingsShape,
  /**
   * How requests authenticate (§2.2). `auto`: OAuth when the connection holds a client_secret,
   * otherwise the simple query mode (client_id + user_id + user_pass = sha1 hex). `basic` (HTTP
   * Basic login:password + client_id) is used only when chosen here.
   */
  authMode: z.enum(['auto', 'simple', 'basic', 'oauth']).default('auto'),
  /** [INFERRED] the documented token call is a GET; POST "likely also works". */
  tokenMethod: z.enum(['GET', 'POST']).default('GET'),
  /** Simple mode: the password field already holds the 40-hex SHA-1 (some clients store it so, C7); sent as it is. */
  passwordIsSha1: z.boolean().default(false),
  /** Events per page of GET /event ([INFERRED] a cap of 100 like other lists). */
  eventsPageSize: z.number().int().min(1).max(1000).default(100),
  /** Entries per page: the API clamps at 100 ([V-CLIENT, weak] C4); a bigger ask is clamped, and paging follows the headers. */
  entriesPageSize: z.number().int().min(1).max(1000).default(100),
  /** Result rows per page (clients used 1000, C5). */
  resultsPageSize: z.number().int().min(1).max(5000).default(1000),
  /** Canonical results per stream page (each page is one database transaction). */
  resultsBatchSize: z.number().int().min(1).max(10_000).default(1000),
  /** Interval names that mean the finish (§2.5: "Full Course"/"Finish"); every other interval is a split. Compared case-insensitively. */
  finishIntervals: z.array(z.string().min(1)).min(1).default(['Full Course', 'Finish']),
  /** [INFERRED] `results_entry_id` identifies a result; `bib` uses `results_bib` where a server lacks it. */
  resultKey: z.enum(['entry', 'bib']).default('entry'),
  /** [INFERRED] entry_status values (on result rows) that are a status, not a finish. Upper-case keys. */
  resultStatuses: z.record(z.string(), resultStatus).default({ DNF: 'dnf', DNS: 'dns', DQ: 'dq', DSQ: 'dq' }),
  /** [INFERRED] entry_status values that mean the entry is withdrawn though still listed (none is documented). Upper-case. */
  cancelledEntryStatuses: z.array(z.string().min(1)).default([]),
  /** Sent as include_test_entries (C4, C7). */
  includeTestEntries: z.boolean().default(false),
  /** Unpublished events (`event_is_published` "0") are synced too unless this is set. */
  skipUnpublishedEvents: z.boolean().default(false),
  /** Without --include-past, events that ended more than this many days ago are not read (their races cost a call each). */
  discoveryPastDays: z.number().int().min(0).default(7),
  // ---- root keys (§2.5): the documented key first, then the plural or CONFLICT variant ----
  /** GET /event. */
  eventListRoots: rootKeys('event', 'events'),
  /** [CONFLICT] GET /event/{id}/race: `event_race` (wrapper, C3) or `races` (a third-party doc, C4). */
  raceListRoots: rootKeys('event_race', 'races'),
  /** GET /event/{id}/entry. */
  eventEntryRoots: rootKeys('event_entry', 'event_entries'),
  /** GET /race/{id}/entry. */
  raceEntryRoots: rootKeys('race_entry', 'race_entries'),
  /** GET /race/{id}/results. */
  raceResultsRoots: rootKeys('race_results'),
  /** [CONFLICT] GET /event/{id}/interval: `event_interval` (C3) or `event_intervals` (the production plugin, C4). */
  intervalListRoots: rootKeys('event_interval', 'event_intervals'),
});

export type ChronoTrackSettings = Readonly<z.output<typeof chronotrackSettingsSchema>>;

/** Unknown keys are ignored so one settings object can carry other layers' switches. */
export function parseChronoTrackSettings(settings: Record<string, unknown>): ChronoTrackSettings {
  const parsed = chronotrackSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SyncError('config', `Invalid ChronoTrack settings: ${problems.join('; ')}`, { cause: parsed.error });
  }
  return Object.freeze(parsed.data);
}
