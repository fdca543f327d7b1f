/** Shared set-up for the ChronoTrack adapter tests: a sandbox world, adapters bound to it, page collection. */
import { createChronoTrackAdapter } from '../../../src/providers/chronotrack/index.js';
import { memoryTokenStore, type TokenStore } from '../../../src/providers/http/token-auth.js';
import type { HttpFetch, Page, ProviderAdapter } from '../../../src/providers/types.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';
import type { WorldEvent, WorldRace } from '../../../src/sandbox/world/index.js';

export const ANCHOR = new Date('2025-06-01T12:00:00Z');
const DAY_MS = 86_400_000;

/**
 * Two partners, every event scored somewhere (half of them at ChronoTrack); every third event two
 * days before the anchor (results complete), the others 3+ days after it.
 */
export function startWorld(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({
    providers: ['chronotrack'],
    seed: 7,
    anchor: ANCHOR,
    clock: 'virtual',
    scoredShare: 1,
    partners: 2,
    eventsPerPartner: { runsignup: 12, raceroster: 0, haku: 0 },
    registrationsPerRace: 40,
    eventStarts: (i) => new Date(ANCHOR.getTime() + (i % 3 === 0 ? -2 : 3 + i) * DAY_MS),
    ...options,
  });
}

/** The partner's (1-based) events scored at ChronoTrack. */
export function ctEvents(sandbox: Sandbox, partner = 1): WorldEvent[] {
  return sandbox.world.eventsAt('chronotrack', partner);
}

export const pastEvents = (sandbox: Sandbox, partner = 1) => ctEvents(sandbox, partner).filter((e) => e.past);
export const futureEvents = (sandbox: Sandbox, partner = 1) => ctEvents(sandbox, partner).filter((e) => !e.past);

/** A past race that has splits and finishers. */
export function pastRaceWithSplits(sandbox: Sandbox, partner = 1): WorldRace {
  const race = pastEvents(sandbox, partner).flatMap((e) => e.races).find((r) => r.splits.length > 0 && sandbox.world.results(r).finished.length > 0);
  if (!race) throw new Error('the test world has no past ChronoTrack race with splits');
  return race;
}

export type AuthChoice = 'simple' | 'oauth' | 'basic';

/** The partner's credentials (0-based index), shaped for an auth mode: a client_secret makes it OAuth. */
export function credentialsFor(sandbox: Sandbox, mode: AuthChoice = 'simple', partner = 0): Record<string, string> {
  const { client_id, client_secret, username, password } = sandbox.endpoint('chronotrack').credentials[partner]!;
  return mode === 'oauth' ? { client_id, client_secret, username, password } : { client_id, username, password };
}

export interface AdapterOptions {
  settings?: Record<string, unknown>;
  credentials?: Record<string, string>;
  mode?: AuthChoice;
  fetch?: HttpFetch;
  tokens?: TokenStore;
  authUrl?: string | null;
}

export function adapterFor(sandbox: Sandbox, options: AdapterOptions = {}): ProviderAdapter {
  const mode = options.mode ?? 'simple';
  return createChronoTrackAdapter({
    baseUrl: sandbox.endpoint('chronotrack').baseUrl,
    authUrl: options.authUrl ?? null,
    credentials: options.credentials ?? credentialsFor(sandbox, mode),
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    tokens: options.tokens ?? memoryTokenStore(),
    // Keep retries fast; backoff itself is not under test here.
    settings: { retryBaseMs: 1, ...(mode === 'basic' ? { authMode: 'basic' } : {}), ...options.settings },
  });
}

export async function collectPages<T>(stream: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  for await (const page of stream) pages.push(page);
  return pages;
}

/** A fetch that remembers every URL it was asked for (with the request's headers). */
export function recordingFetch(): { fetch: HttpFetch; calls: { url: URL; headers: Headers }[] } {
  const calls: { url: URL; headers: Headers }[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push({ url: new URL(url), headers: new Headers(init?.headers) });
      return fetch(url, init);
    },
  };
}

/** Provider ids as text, the way the adapter reports them. */
export const idOf = (id: number | string | undefined): string => String(id);
