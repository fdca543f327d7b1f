import { createRunSignupAdapter, RUNSIGNUP_BASE_URL } from './runsignup/index.js';
import type { AdapterContext, ProviderAdapter, ProviderName } from './types.js';

interface ProviderEntry {
  defaultBaseUrl: string;
  /** Credential fields `p88 connection add` asks for; the secret ones are never printed. */
  credentialFields: { name: string; secret: boolean }[];
  defaultBudgetPerHour: number;
  create(ctx: AdapterContext): ProviderAdapter;
}

export const PROVIDERS: Partial<Record<ProviderName, ProviderEntry>> = {
  runsignup: {
    defaultBaseUrl: RUNSIGNUP_BASE_URL,
    credentialFields: [
      { name: 'api_key', secret: false },
      { name: 'api_secret', secret: true },
    ],
    defaultBudgetPerHour: 1000,
    create: createRunSignupAdapter,
  },
};

export function providerEntry(provider: string): ProviderEntry {
  const entry = PROVIDERS[provider as ProviderName];
  if (!entry) {
    throw new Error(`Provider "${provider}" is not supported yet; supported: ${Object.keys(PROVIDERS).join(', ')}`);
  }
  return entry;
}
