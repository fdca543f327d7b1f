/**
 * The ChronoTrack Live adapter (providers.md §2): the API root ending in /api, JSON via
 * `format=json` (XML otherwise), three auth modes chosen by what the connection holds (auth.ts),
 * page-numbered lists with their totals in X-Ctlive-* headers, and no modified-since filter: every
 * participants read is a full read whose absences are the deletions. Settings are in settings.ts.
 */
import { SyncError } from '../../errors.js';
import type { AdapterContext, ProviderAdapter, ProviderCapabilities } from '../types.js';
import { missingCredentials, resolveAuthMode, type AuthMode } from './auth.js';
import { createChronoTrackClient, type ChronoTrackClient } from './client.js';
import { discoverEvents } from './events.js';
import { createIntervalSource } from './intervals.js';
import { readParticipants } from './participants.js';
import { readResults } from './results.js';
import { parseChronoTrackSettings } from './settings.js';

export { parseChronoTrackSettings, type ChronoTrackSettings } from './settings.js';

export const CHRONOTRACK_BASE_URL = 'https://api.chronotrack.com/api';

/**
 * No modified-since filter (§2.7): full reads, the content hash keeping unchanged rows away and the
 * full-read diff finding withdrawals; pages by number, not by key; one event list serves all its
 * races; results yes; no bib look-up (a `bib` filter exists only on results); no push (CT's results
 * upload format, C2, is not a registration import) and no publish (CT is where results come from).
 */
export const CHRONOTRACK_CAPABILITIES: ProviderCapabilities = {
  participantsCursor: 'none',
  removals: 'full_diff',
  keysetPaging: false,
  readsEventRaces: true,
  results: true,
  bibLookup: false,
  push: false,
  publish: false,
};

const MODE_NAMES: Record<AuthMode, string> = {
  simple: 'client_id, username and SHA-1 of the password',
  basic: 'HTTP Basic username:password with the client_id',
  oauth: 'OAuth password grant with client_id and client_secret',
};

/** The cheapest authenticated call: one event of the list. */
async function testConnection(client: ChronoTrackClient, mode: AuthMode, credentials: Record<string, string>): Promise<void> {
  const missing = missingCredentials(mode, credentials);
  if (missing.length > 0) {
    throw new SyncError('auth', `ChronoTrack (${mode} auth) needs ${missing.join(', ')}; add them to the connection`);
  }
  try {
    await client.get('/event', { page: 1, size: 1 });
  } catch (error) {
    if (error instanceof SyncError && error.errorClass === 'auth') {
      throw new SyncError('auth', `ChronoTrack refused the credentials (${MODE_NAMES[mode]}); check them with the partner (${error.message})`, { cause: error });
    }
    throw error;
  }
}

export function createChronoTrackAdapter(ctx: AdapterContext): ProviderAdapter {
  const settings = parseChronoTrackSettings(ctx.settings);
  const withBase = { ...ctx, baseUrl: ctx.baseUrl || CHRONOTRACK_BASE_URL };
  const mode = resolveAuthMode(settings, ctx.credentials);
  const client = createChronoTrackClient(withBase, settings, mode);
  const intervals = createIntervalSource(client, settings);
  return {
    provider: 'chronotrack',
    capabilities: CHRONOTRACK_CAPABILITIES,
    testConnection: () => testConnection(client, mode, ctx.credentials),
    discoverEvents: (options) => discoverEvents(client, settings, options),
    participants: (query) => readParticipants(client, settings, query),
    results: (query) => readResults(client, settings, query, intervals),
  };
}
