/**
 * The RunSignUp adapter (providers.md §1): API key + secret as query parameters, JSON via
 * `format=json`, keyset paging for registrations, page numbers for races and results.
 * Settings (all optional) are described in settings.ts.
 */
import { SyncError } from '../../errors.js';
import type { AdapterContext, ProviderAdapter, ProviderCapabilities } from '../types.js';
import { createRunSignupClient, type RunSignupClient } from './client.js';
import { discoverEvents } from './events.js';
import { findParticipantsByBib, readParticipants, readRemovedParticipants } from './participants.js';
import { publishResults } from './publish.js';
import { readResults } from './results.js';
import { parseRunSignupSettings, type RunSignupSettings } from './settings.js';

export { parseRunSignupSettings, type RunSignupSettings } from './settings.js';

export const RUNSIGNUP_BASE_URL = 'https://runsignup.com/Rest';

/** `modified_after_timestamp`, the removed-participants feed, keyset paging by registration id, several event ids per call. */
export const RUNSIGNUP_CAPABILITIES: ProviderCapabilities = {
  participantsCursor: 'modified_since',
  removals: 'feed',
  keysetPaging: true,
  readsEventRaces: true,
  results: true,
  bibLookup: true,
  push: false,
  publish: true,
};

/** The cheapest authenticated call: one partner race. */
async function testConnection(client: RunSignupClient, settings: RunSignupSettings, credentials: Record<string, string>): Promise<void> {
  if (!credentials.api_key || !credentials.api_secret) {
    throw new SyncError('auth', 'RunSignUp needs both api_key and api_secret; add them to the connection');
  }
  try {
    const partnerFlag = settings.partnerRacesParam ? { [settings.partnerRacesParam]: 'T' } : {};
    await client.get('/races', { results_per_page: 1, page: 1, ...partnerFlag });
  } catch (error) {
    if (error instanceof SyncError && error.errorClass === 'auth') {
      throw new SyncError('auth', `RunSignUp rejected the API key and secret; check them with the partner (${error.message})`, { cause: error });
    }
    throw error;
  }
}

export function createRunSignupAdapter(ctx: AdapterContext): ProviderAdapter {
  const settings = parseRunSignupSettings(ctx.settings);
  const client = createRunSignupClient({ ...ctx, baseUrl: ctx.baseUrl || RUNSIGNUP_BASE_URL }, settings);
  return {
    provider: 'runsignup',
    capabilities: RUNSIGNUP_CAPABILITIES,
    testConnection: () => testConnection(client, settings, ctx.credentials),
    discoverEvents: (options) => discoverEvents(client, settings, options),
    participants: (query) => readParticipants(client, settings, query),
    removedParticipants: (query) => readRemovedParticipants(client, settings, query),
    participantsByBib: (query, bib) => findParticipantsByBib(client, settings, query, bib),
    results: (query) => readResults(client, settings, query),
    publishResults: (query, rows) => publishResults(client, query, rows),
  };
}
