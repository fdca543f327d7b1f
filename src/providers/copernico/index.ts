/**
 * The Copernico adapter (providers.md §5): `x-api-key` on every call, against the authenticated API
 * root `https://api.copernico.cloud/api/races` — the host K3 names for the athlete endpoints, whose
 * origin also serves the registration import (`POST /race-registrations/{raceId}`, K2) the push
 * direction uses (push.ts); the public host only serves unauthenticated presets and leaders. A Copernico
 * race is our event and its events (by name) our races (DESIGN.md §1). The athletes of an event are
 * one unpaged array, streamed (athletes.ts); gzip is read whether announced or not (body.ts).
 * Settings (all optional) are described in settings.ts.
 */
import { SyncError } from '../../errors.js';
import type { AdapterContext, ProviderAdapter, ProviderCapabilities } from '../types.js';
import { createCopernicoClient, type CopernicoClient } from './client.js';
import { discoverEvents } from './events.js';
import { readParticipants } from './participants.js';
import { pushParticipants } from './push.js';
import { readResults } from './results.js';
import { parseCopernicoSettings, racePath, type CopernicoSettings } from './settings.js';

export { parseCopernicoSettings, type CopernicoSettings } from './settings.js';

export const COPERNICO_BASE_URL = 'https://api.copernico.cloud/api/races';

/**
 * No modified-since and no removed feed (§5.4: "full re-pull + diff"), so every read is full and
 * withdrawals are the full read's diff; the list is one unpaged array in the provider's order (no
 * keyset); one call per event (`?event=<name>`); results are the athletes' times. Push (the
 * registration import) takes new and changed registrations (push.ts); Copernico takes no results from us
 * (nothing to publish).
 */
export const COPERNICO_CAPABILITIES: ProviderCapabilities = {
  participantsCursor: 'none',
  removals: 'full_diff',
  keysetPaging: false,
  readsEventRaces: false,
  results: true,
  bibLookup: false,
  push: true,
  publish: false,
};

/** The cheapest authenticated call: the first configured race's document, else any race id (404 proves the key). */
async function testConnection(client: CopernicoClient, settings: CopernicoSettings, credentials: Record<string, string>): Promise<void> {
  if (!credentials.api_key) throw new SyncError('auth', 'Copernico needs an api_key; add it to the connection');
  const [raceId] = settings.raceIds;
  try {
    await client.getJson(racePath(settings.racePath, raceId ?? 'p88-connection-test'));
  } catch (error) {
    if (error instanceof SyncError && error.errorClass === 'auth') {
      throw new SyncError('auth', `Copernico rejected the api key; check it with the partner (${error.message})`, { cause: error });
    }
    // Without a configured race, "no such race" still means the key was accepted.
    if (!(raceId === undefined && error instanceof SyncError && error.errorClass === 'not_found')) throw error;
  }
}

export function createCopernicoAdapter(ctx: AdapterContext): ProviderAdapter {
  const settings = parseCopernicoSettings(ctx.settings);
  const client = createCopernicoClient({ ...ctx, baseUrl: ctx.baseUrl || COPERNICO_BASE_URL }, settings);
  return {
    provider: 'copernico',
    capabilities: COPERNICO_CAPABILITIES,
    testConnection: () => testConnection(client, settings, ctx.credentials),
    discoverEvents: () => discoverEvents(client, settings),
    participants: (query) => readParticipants(client, settings, query),
    results: (query) => readResults(client, settings, query),
    pushParticipants: (query, items) => pushParticipants(client, settings, query, items),
  };
}
