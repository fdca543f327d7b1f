/** Shared set-up for the Copernico adapter tests: the sandbox skin on loopback and an adapter bound to it. */
import assert from 'node:assert/strict';
import { SyncError, type ErrorClass } from '../../../src/errors.js';
import { createCopernicoAdapter } from '../../../src/providers/copernico/index.js';
import { memoryTokenStore } from '../../../src/providers/http/token-auth.js';
import type { HttpFetch, Page, ProviderAdapter } from '../../../src/providers/types.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';
import type { WorldEvent, WorldRace } from '../../../src/sandbox/world/index.js';

export const ANCHOR = new Date('2025-06-01T12:00:00Z');

/** Every event scored somewhere (Copernico gets every other one), on a virtual clock. */
export function startCopernico(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ providers: ['copernico'], seed: 1, anchor: ANCHOR, clock: 'virtual', scoredShare: 1, partners: 2, ...options });
}

export const apiKeyOf = (sandbox: Sandbox, partner = 1): string => sandbox.endpoint('copernico').credentials[partner - 1]!.api_key;

/** Partner `partner`'s Copernico races (world events). */
export const racesOf = (sandbox: Sandbox, partner = 1): WorldEvent[] => sandbox.world.eventsAt('copernico', partner);

/** Our race id of a world race at Copernico: `<race slug>/<event name>`. */
export const raceIdOf = (race: WorldRace): string => `${race.event.ids.copernico}/${race.ids.copernico}`;

export function adapterFor(
  target: Sandbox | { baseUrl: string },
  options: { settings?: Record<string, unknown>; apiKey?: string; fetch?: HttpFetch; partner?: number } = {},
): ProviderAdapter {
  const sandbox = 'world' in target ? target : null;
  const baseUrl = sandbox ? sandbox.endpoint('copernico').baseUrl : (target as { baseUrl: string }).baseUrl;
  const raceIds = sandbox ? racesOf(sandbox, options.partner ?? 1).map((event) => event.ids.copernico) : [];
  return createCopernicoAdapter({
    baseUrl,
    authUrl: null,
    tokens: memoryTokenStore(),
    credentials: { api_key: options.apiKey ?? (sandbox ? apiKeyOf(sandbox, options.partner ?? 1) : FIXTURE_KEY) },
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    // Keep retries fast; backoff itself is not under test here.
    settings: { raceIds, retryBaseMs: 1, ...options.settings },
  });
}

export const FIXTURE_KEY = 'fixture-key-do-not-leak';

export async function collectPages<T>(stream: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  for await (const page of stream) pages.push(page);
  return pages;
}

export const recordsOf = <T>(pages: Page<T>[]): T[] => pages.flatMap((page) => page.records);

/** The participants query of one world race. */
export const queryOf = (race: WorldRace, resumeAfter?: string | null) => ({
  providerEventId: race.event.ids.copernico!, providerRaceIds: [raceIdOf(race)], providerRaceId: raceIdOf(race), resumeAfter,
});

/** Checks the error's class and that the secret is in no message. */
export async function expectSyncError(promise: Promise<unknown>, errorClass: ErrorClass, secret: string, message?: RegExp): Promise<SyncError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof SyncError, `expected a SyncError, got ${String(caught)}`);
  assert.equal(caught.errorClass, errorClass, caught.message);
  assert.ok(!caught.message.includes(secret), `message leaks the key: ${caught.message}`);
  if (message) assert.match(caught.message, message);
  return caught;
}

/** POST to the sandbox's admin API on the Copernico port. */
export async function admin(sandbox: Sandbox, path: string, body: unknown, method = 'POST'): Promise<any> {
  const response = await fetch(`${sandbox.endpoint('copernico').origin}/_admin/${path}`, { method, body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

/** The athletes the skin lists for a race right now, as served (decoded JSON). */
export async function servedAthletes(sandbox: Sandbox, race: WorldRace, partner = 1): Promise<any[]> {
  const url = `${sandbox.endpoint('copernico').baseUrl}/${race.event.ids.copernico}/athletes?event=${encodeURIComponent(race.ids.copernico!)}`;
  const response = await fetch(url, { headers: { 'x-api-key': apiKeyOf(sandbox, partner) } });
  return (await response.json()) as any[];
}
