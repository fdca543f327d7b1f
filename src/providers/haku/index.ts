/**
 * The Haku adapter (providers.md §4): a Cognito client-credentials token sent raw in
 * `Authorization`, numbered pages the server clamps, a participants summary sorted by `updated_at`
 * and one detail call per new or changed registration. A Haku event is a canonical event, each of
 * its event categories a race; events have a date and no time. No results, no bib look-up, no push,
 * nothing to publish to.
 * Settings (all optional) are described in settings.ts.
 */
import { SyncError } from '../../errors.js';
import type { AdapterContext, ProviderAdapter, ProviderCapabilities } from '../types.js';
import { createHakuClient, type HakuClient } from './client.js';
import { discoverEvents } from './events.js';
import { readParticipants } from './participants.js';
import { recordSchemas } from './payloads.js';
import { parseHakuSettings } from './settings.js';

export { parseHakuSettings, type HakuSettings } from './settings.js';

export const HAKU_BASE_URL = 'https://api.hakuapp.com';
/** The Cognito user-pool domain the production integration used (§4.1); `ctx.authUrl` overrides it. */
export const HAKU_AUTH_URL = 'https://prod-auth.hakuapp.com/oauth2/token';

/**
 * Sorted by updated_at descending (the incremental read stops at the first older registration);
 * cancellations are a flag on listed registrations (`is_cancelled`); pages are numbered, not keyed;
 * one participants list per event covers every category.
 */
export const HAKU_CAPABILITIES: ProviderCapabilities = {
  participantsCursor: 'updated_desc',
  removals: 'cancellation_flag',
  keysetPaging: false,
  readsEventRaces: true,
  results: false,
  bibLookup: false,
  push: false,
  // Haku has no results API to publish to (providers.md §4: registrations only).
  publish: false,
};

/** The cheapest authenticated call: a token, then one event. */
async function testConnection(client: HakuClient, credentials: Record<string, string>): Promise<void> {
  if (!credentials.client_id || !credentials.client_secret) {
    throw new SyncError('auth', 'Haku needs both client_id and client_secret; add them to the connection');
  }
  try {
    await client.get('/events', { page: 1, per_page: 1 });
  } catch (error) {
    if (error instanceof SyncError && error.errorClass === 'auth') {
      throw new SyncError('auth', `Haku refused the client credentials; check the client id and secret with the partner (${error.message})`, { cause: error });
    }
    throw error;
  }
}

export function createHakuAdapter(ctx: AdapterContext): ProviderAdapter {
  const settings = parseHakuSettings(ctx.settings);
  const schemas = recordSchemas(settings);
  const client = createHakuClient({ ctx: { ...ctx, baseUrl: ctx.baseUrl || HAKU_BASE_URL }, settings, authUrl: ctx.authUrl || HAKU_AUTH_URL });
  return {
    provider: 'haku',
    capabilities: HAKU_CAPABILITIES,
    testConnection: () => testConnection(client, ctx.credentials),
    discoverEvents: (options) => discoverEvents(client, settings, schemas, options),
    participants: (query) => readParticipants(client, settings, schemas, query),
  };
}
