/** Shared set-up for the Haku skin tests: a fixed anchor on a virtual clock, Cognito tokens and JSON calls. */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';
import { getJson, type JsonReply } from '../shared/http.js';

export { getJson, type JsonReply };

export const ANCHOR = new Date('2025-06-01T12:00:00Z');

export function startHaku(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ providers: ['haku'], seed: 1, anchor: ANCHOR, clock: 'virtual', ...options });
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export function requestToken(sandbox: Sandbox, authorization: string, body = 'grant_type=client_credentials'): Promise<JsonReply> {
  return getJson(sandbox.endpoint('haku').authUrl as string, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

export async function login(sandbox: Sandbox, partner = 0): Promise<string> {
  const c = sandbox.endpoint('haku').credentials[partner]!;
  return (await requestToken(sandbox, basic(c.client_id, c.client_secret))).body.access_token;
}

/** An API call with the raw token in Authorization, as Haku wants it. */
export function api(sandbox: Sandbox, path: string, authorization: string | undefined, params: Record<string, string | number> = {}): Promise<JsonReply> {
  const url = new URL(`${sandbox.endpoint('haku').baseUrl}${path}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
  return getJson(url.toString(), { headers: authorization === undefined ? {} : { authorization } });
}

export function eventsOf(sandbox: Sandbox, partner = 1) {
  return sandbox.world.eventsAt('haku', partner);
}
