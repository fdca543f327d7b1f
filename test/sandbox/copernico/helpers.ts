/** Shared set-up for the Copernico skin tests: every event scored somewhere, x-api-key calls. */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';

export const ANCHOR = new Date('2025-06-01T12:00:00Z');

export function startCopernico(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ providers: ['copernico'], seed: 1, anchor: ANCHOR, clock: 'virtual', scoredShare: 1, ...options });
}

export function racesOf(sandbox: Sandbox, partner = 1) {
  return sandbox.world.eventsAt('copernico', partner);
}

export function call(sandbox: Sandbox, path: string, init: RequestInit = {}, partner = 0): Promise<Response> {
  const key = sandbox.endpoint('copernico').credentials[partner]!.api_key;
  return fetch(`${sandbox.endpoint('copernico').baseUrl}${path}`, { ...init, headers: { 'x-api-key': key, ...(init.headers ?? {}) } });
}

export async function json(sandbox: Sandbox, path: string, init: RequestInit = {}, partner = 0) {
  const response = await call(sandbox, path, init, partner);
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

/** POST /race-registrations/{raceId}: beside /api/races, at the origin. */
export function push(sandbox: Sandbox, raceId: string, items: unknown) {
  const { origin, credentials } = sandbox.endpoint('copernico');
  return fetch(`${origin}/race-registrations/${encodeURIComponent(raceId)}`, {
    method: 'POST', headers: { 'x-api-key': credentials[0]!.api_key, 'content-type': 'application/json' }, body: JSON.stringify(items),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
}
