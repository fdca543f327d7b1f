/** Shared set-up for the Race Roster skin tests: a fixed anchor on a virtual clock, tokens and JSON calls. */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';
import { getJson, type JsonReply } from '../shared/http.js';

export { getJson, type JsonReply };

export const ANCHOR = new Date('2025-06-01T12:00:00Z');

export function startRaceRoster(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ providers: ['raceroster'], seed: 1, anchor: ANCHOR, clock: 'virtual', ...options });
}

export function requestToken(sandbox: Sandbox, fields: Record<string, string>): Promise<JsonReply> {
  return getJson(sandbox.endpoint('raceroster').authUrl as string, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
  });
}

export function passwordFields(sandbox: Sandbox, partner = 0): Record<string, string> {
  const c = sandbox.endpoint('raceroster').credentials[partner]!;
  return { grant_type: 'access_token', client_id: c.client_id, client_secret: c.client_secret, username: c.username, password: c.password };
}

/** A fresh access (and refresh) token for a partner. */
export async function login(sandbox: Sandbox, partner = 0): Promise<{ access: string; refresh: string }> {
  const { body } = await requestToken(sandbox, passwordFields(sandbox, partner));
  return { access: body.data.access_token, refresh: body.data.refresh_token };
}

export function api(sandbox: Sandbox, path: string, token: string | undefined, params: Record<string, string | number> = {}): Promise<JsonReply> {
  const url = new URL(`${sandbox.endpoint('raceroster').baseUrl}${path}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
  return getJson(url.toString(), { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

/** The partner's Race Roster events in the world, catalog order. */
export function eventsOf(sandbox: Sandbox, partner = 1) {
  return sandbox.world.eventsAt('raceroster', partner);
}
