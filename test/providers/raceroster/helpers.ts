/**
 * Shared set-up for the Race Roster adapter tests: the sandbox's Race Roster skin on loopback (a
 * virtual clock at a fixed anchor), an adapter bound to one partner's account, and a fetch that
 * remembers every request it sent.
 */
import { createRaceRosterAdapter } from '../../../src/providers/raceroster/index.js';
import { memoryTokenStore, type TokenStore } from '../../../src/providers/http/token-auth.js';
import type { HttpFetch, Page, ProviderAdapter } from '../../../src/providers/types.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';

export const ANCHOR = new Date('2025-06-01T12:00:00Z');

export function startRaceRoster(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ providers: ['raceroster'], seed: 3, partners: 2, anchor: ANCHOR, clock: 'virtual', ...options });
}

/** The partner's credentials under the connection flags' names. */
export function credentialsOf(sandbox: Sandbox, partner = 0): Record<string, string> {
  const { partner: _partner, ...fields } = sandbox.endpoint('raceroster').credentials[partner]!;
  return fields;
}

export interface Recorder {
  fetch: HttpFetch;
  requests: Array<{ url: URL; method: string; body: string | undefined }>;
  /** Requests whose path ends with `suffix`. */
  to(suffix: string): URL[];
}

export function recordingFetch(): Recorder {
  const requests: Recorder['requests'] = [];
  return {
    requests,
    fetch: (url, init) => {
      requests.push({ url: new URL(url), method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? init.body : undefined });
      return fetch(url, init);
    },
    to: (suffix) => requests.filter((r) => r.url.pathname.endsWith(suffix)).map((r) => r.url),
  };
}

export function adapterFor(
  sandbox: Sandbox,
  options: { settings?: Record<string, unknown>; credentials?: Record<string, string>; fetch?: HttpFetch; tokens?: TokenStore; authUrl?: string | null; baseUrl?: string } = {},
): ProviderAdapter {
  return createRaceRosterAdapter({
    baseUrl: options.baseUrl ?? sandbox.endpoint('raceroster').baseUrl,
    authUrl: options.authUrl ?? null,
    tokens: options.tokens ?? memoryTokenStore(),
    credentials: options.credentials ?? credentialsOf(sandbox),
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

/** The partner's Race Roster events in the world (1-based partner), catalog order. */
export function eventsOf(sandbox: Sandbox, partner = 1) {
  return sandbox.world.eventsAt('raceroster', partner);
}

export async function admin(sandbox: Sandbox, path: string, body: unknown): Promise<any> {
  const response = await fetch(`${sandbox.endpoint('raceroster').origin}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`admin ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
