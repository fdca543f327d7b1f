import type { z } from 'zod';
import { SyncError } from '../errors.js';
import { COPERNICO_BASE_URL, COPERNICO_CAPABILITIES, createCopernicoAdapter } from './copernico/index.js';
import { copernicoSettingsSchema } from './copernico/settings.js';
import { createRunSignupAdapter, RUNSIGNUP_BASE_URL, RUNSIGNUP_CAPABILITIES } from './runsignup/index.js';
import { runsignupSettingsSchema } from './runsignup/settings.js';
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
