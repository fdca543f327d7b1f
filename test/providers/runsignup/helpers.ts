/** Shared set-up for the RunSignUp adapter tests: an adapter bound to a fixture server. */
import type { HttpFetch, Page, ProviderAdapter } from '../../../src/providers/types.js';
import { memoryTokenStore } from '../../../src/providers/http/token-auth.js';
import { createRunSignupAdapter } from '../../../src/providers/runsignup/index.js';
import { FIXTURE_API_KEY, FIXTURE_API_SECRET, type RunSignupFixture } from './fixture-server.js';

export const GOOD_CREDENTIALS = { api_key: FIXTURE_API_KEY, api_secret: FIXTURE_API_SECRET };

export function adapterFor(
  fixture: RunSignupFixture,
  options: { settings?: Record<string, unknown>; credentials?: Record<string, string>; fetch?: HttpFetch } = {},
): ProviderAdapter {
  return createRunSignupAdapter({
    baseUrl: fixture.baseUrl,
    authUrl: null,
    tokens: memoryTokenStore(),
    credentials: options.credentials ?? GOOD_CREDENTIALS,
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    // Keep retries fast; backoff itself is not under test here.
    settings: { retryBaseMs: 1, ...options.settings },
  });
}

export async function collectPages<T>(stream: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  for await (const page of stream) pages.push(page);
  return pages;
}

/** The requests the fixture saw for paths ending in `suffix` (case-insensitive). */
export function requestsTo(fixture: RunSignupFixture, suffix: string): URL[] {
  return fixture.requests.filter((url) => url.pathname.toLowerCase().endsWith(suffix.toLowerCase()));
}
