/**
 * The Race Roster adapter (providers.md §3): an OAuth password-style grant for a 24 h bearer JWT,
 * shared by the connection's processes; JSON under `/api/v1`; offset+limit paging checked against
 * `metadata.totalCount`; events with their sub-events inline; participants read in full (there is no
 * modified-since filter) and diffed by the engine; results per sub-event. Settings (all optional)
 * are described in settings.ts.
 */
import { SyncError } from '../../errors.js';
import type { AdapterContext, ProviderAdapter, ProviderCapabilities } from '../types.js';
import { createRaceRosterClient, type RaceRosterClient } from './client.js';
import { discoverEvents } from './events.js';
import { readParticipants } from './participants.js';
import { readResults } from './results.js';
import { parseRaceRosterSettings } from './settings.js';
import { missingCredentials } from './token.js';

export { parseRaceRosterSettings, raceRosterSettingsSchema, type RaceRosterSettings } from './settings.js';

export const RACEROSTER_BASE_URL = 'https://raceroster.com/api/v1';

/**
 * No modified-since filter is known (every read is full; the content hash keeps unchanged rows out),
 * so withdrawals are learnt from the full read's diff; pages are offsets, not keys; one read of an
 * event's participants serves all its sub-events; results exist; no bib look-up or push endpoint.
 */
export const RACEROSTER_CAPABILITIES: ProviderCapabilities = {
  participantsCursor: 'none',
  removals: 'full_diff',
  keysetPaging: false,
  readsEventRaces: true,
  results: true,
  bibLookup: false,
  push: false,
  // Race Roster's API takes results writes (PATCH to toggle a result, providers.md §3.3), but no
  // documented bulk results upload: publishing stays RunSignUp's for now.
  publish: false,
};

/** The cheapest authenticated call: a token (unless one is stored) and one event. */
async function testConnection(client: RaceRosterClient, credentials: Record<string, string>): Promise<void> {
  const missing = missingCredentials(credentials);
  if (missing.length > 0) {
    throw new SyncError('auth', `Race Roster needs client_id, client_secret, username and password; add ${missing.join(', ')} to the connection`);
  }
  try {
    await client.get('/events', { offset: 0, limit: 1 });
  } catch (error) {
    if (error instanceof SyncError && error.errorClass === 'auth') {
      throw new SyncError('auth', `Race Roster refused the client id and secret or the username and password; check them with the partner (${error.message})`, { cause: error });
    }
    throw error;
  }
}

export function createRaceRosterAdapter(ctx: AdapterContext): ProviderAdapter {
  const settings = parseRaceRosterSettings(ctx.settings);
  const client = createRaceRosterClient({ ...ctx, baseUrl: ctx.baseUrl || RACEROSTER_BASE_URL }, settings);
  return {
    provider: 'raceroster',
    capabilities: RACEROSTER_CAPABILITIES,
    testConnection: () => testConnection(client, ctx.credentials),
    discoverEvents: (options) => discoverEvents(client, settings, options),
    participants: (query) => readParticipants(client, settings, query),
    results: (query) => readResults(client, settings, query),
  };
}
