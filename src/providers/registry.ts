import type { z } from 'zod';
import { SyncError } from '../errors.js';
import { CHRONOTRACK_BASE_URL, CHRONOTRACK_CAPABILITIES, createChronoTrackAdapter } from './chronotrack/index.js';
import { chronotrackSettingsSchema } from './chronotrack/settings.js';
import { createHakuAdapter, HAKU_BASE_URL, HAKU_CAPABILITIES } from './haku/index.js';
import { hakuSettingsSchema } from './haku/settings.js';
import { COPERNICO_BASE_URL, COPERNICO_CAPABILITIES, createCopernicoAdapter } from './copernico/index.js';
import { copernicoSettingsSchema } from './copernico/settings.js';
import { createRunSignupAdapter, RUNSIGNUP_BASE_URL, RUNSIGNUP_CAPABILITIES } from './runsignup/index.js';
import { runsignupSettingsSchema } from './runsignup/settings.js';
import { createRaceRosterAdapter, RACEROSTER_BASE_URL, RACEROSTER_CAPABILITIES, raceRosterSettingsSchema } from './raceroster/index.js';
import type { AdapterContext, ProviderAdapter, ProviderCapabilities, ProviderName } from './types.js';

export interface CredentialField {
  /** As stored, and as the `p88 connection add` flag (`api_secret` → `--api-secret`). */
  name: string;
  /** Never printed or logged; may be given as "-" to read it from stdin. */
  secret: boolean;
  /** Needed only in some auth modes (e.g. an OAuth client secret). */
  optional?: boolean;
}

export interface ProviderEntry {
  label: string;
  defaultBaseUrl: string;
  /** What `--base-url` must name, for `--help`. */
  baseUrlHint: string;
  credentialFields: CredentialField[];
  /** The credential fields that name the provider account (one connection per account and partner). */
  accountFields: string[];
  defaultBudgetPerHour: number;
  /** What its API can do (the same object its adapters declare), for the scheduler. */
  capabilities: ProviderCapabilities;
  /** The connection `--setting` switches this provider takes, with their types and defaults. */
  settingsSchema: z.ZodObject;
  create(ctx: AdapterContext): ProviderAdapter;
}

export const PROVIDERS: Partial<Record<ProviderName, ProviderEntry>> = {
  runsignup: {
    label: 'RunSignUp',
    defaultBaseUrl: RUNSIGNUP_BASE_URL,
    baseUrlHint: 'the REST root, e.g. https://runsignup.com/Rest',
    credentialFields: [
      { name: 'api_key', secret: false },
      { name: 'api_secret', secret: true },
    ],
    accountFields: ['api_key'],
    defaultBudgetPerHour: 1000,
    capabilities: RUNSIGNUP_CAPABILITIES,
    settingsSchema: runsignupSettingsSchema,
    create: createRunSignupAdapter,
  },
  chronotrack: {
    label: 'ChronoTrack Live',
    defaultBaseUrl: CHRONOTRACK_BASE_URL,
    baseUrlHint: 'the API root ending in /api, e.g. https://api.chronotrack.com/api',
    credentialFields: [
      { name: 'client_id', secret: false },
      { name: 'username', secret: false },
      { name: 'password', secret: true },
      // With it the connection uses OAuth (the password grant); without it the SHA-1 query mode.
      { name: 'client_secret', secret: true, optional: true },
    ],
    accountFields: ['client_id', 'username'],
    defaultBudgetPerHour: 1000,
    capabilities: CHRONOTRACK_CAPABILITIES,
    settingsSchema: chronotrackSettingsSchema,
    create: createChronoTrackAdapter,
  },
  raceroster: {
    label: 'Race Roster',
    defaultBaseUrl: RACEROSTER_BASE_URL,
    baseUrlHint: 'the API root ending in /api/v1, e.g. https://raceroster.com/api/v1 (tokens from /api/oauth/authorize on its host, or --auth-url)',
    credentialFields: [
      { name: 'client_id', secret: false },
      { name: 'client_secret', secret: true },
      { name: 'username', secret: false },
      { name: 'password', secret: true },
    ],
    accountFields: ['client_id', 'username'],
    defaultBudgetPerHour: 1000,
    capabilities: RACEROSTER_CAPABILITIES,
    settingsSchema: raceRosterSettingsSchema,
    create: createRaceRosterAdapter,
  },
  haku: {
    label: 'Haku',
    defaultBaseUrl: HAKU_BASE_URL,
    baseUrlHint: 'the API root, e.g. https://api.hakuapp.com (the token URL, default https://prod-auth.hakuapp.com/oauth2/token, is the connection\'s auth URL)',
    credentialFields: [
      { name: 'client_id', secret: false },
      { name: 'client_secret', secret: true },
    ],
    accountFields: ['client_id'],
    // The budget the one production integration held itself to (providers.md §4.1).
    defaultBudgetPerHour: 500,
    capabilities: HAKU_CAPABILITIES,
    settingsSchema: hakuSettingsSchema,
    create: createHakuAdapter,
  },
  copernico: {
    label: 'Copernico',
    defaultBaseUrl: COPERNICO_BASE_URL,
    baseUrlHint: 'the API root ending in /api/races, e.g. https://api.copernico.cloud/api/races',
    credentialFields: [{ name: 'api_key', secret: true }],
    accountFields: ['api_key'],
    defaultBudgetPerHour: 1000,
    capabilities: COPERNICO_CAPABILITIES,
    settingsSchema: copernicoSettingsSchema,
    create: createCopernicoAdapter,
  },
};

export const providerNames = (): ProviderName[] => Object.keys(PROVIDERS) as ProviderName[];

export function providerEntry(provider: string): ProviderEntry {
  const entry = PROVIDERS[provider as ProviderName];
  if (!entry) throw new SyncError('config', `Unknown provider "${provider}"; the providers are: ${providerNames().join(', ')}`);
  return entry;
}

/** One entry per setting: `name (default …)`, for messages and `--help`. */
export function describeSettings(entry: ProviderEntry): string[] {
  return Object.entries(entry.settingsSchema.shape).map(([key, schema]) => {
    const parsed = (schema as z.ZodType).safeParse(undefined);
    return parsed.success && parsed.data !== undefined ? `${key} (default ${JSON.stringify(parsed.data)})` : key;
  });
}

/** Refuses unknown keys and bad values with a message that lists the provider's settings. */
export function validateSettings(provider: string, settings: Record<string, unknown>): void {
  const entry = providerEntry(provider);
  const known = Object.keys(entry.settingsSchema.shape);
  const unknown = Object.keys(settings).filter((key) => !known.includes(key));
  const parsed = entry.settingsSchema.safeParse(settings);
  const problems = [
    ...unknown.map((key) => `"${key}" is not a ${entry.label} setting`),
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
  ];
  if (problems.length > 0) {
    throw new SyncError('config', `Invalid --setting for ${entry.label}: ${problems.join('; ')}. Its settings are: ${describeSettings(entry).join(', ')}`);
  }
}

/**
 * What names the account a connection logs in as: the provider, the base URL it talks to, and the
 * fields that name the account (never the secrets). Stored only as a keyed hash.
 */
export function accountIdentity(provider: string, baseUrl: string | null, credentials: Record<string, string>): string {
  const entry = providerEntry(provider);
  const url = (baseUrl ?? entry.defaultBaseUrl).replace(/\/+$/, '').toLowerCase();
  return [provider, url, ...entry.accountFields.map((field) => credentials[field] ?? '')].join('\n');
}

/** The read group of a participants target: the races one provider read serves together. */
export function participantsGroupKey(provider: string, eventId: number): string | null {
  return providerEntry(provider).capabilities.readsEventRaces ? `event:${eventId}` : null;
}
