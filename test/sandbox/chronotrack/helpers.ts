/** Shared set-up for the ChronoTrack skin tests: every event scored somewhere, simple-auth URLs, JSON calls. */
import { createHash } from 'node:crypto';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';

export const ANCHOR = new Date('2025-06-01T12:00:00Z');

export function startChronoTrack(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ providers: ['chronotrack'], seed: 1, anchor: ANCHOR, clock: 'virtual', scoredShare: 1, ...options });
}

export const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** An API URL with simple auth (client_id, user_id, user_pass = sha1) and format=json unless overridden. */
export function ctUrl(sandbox: Sandbox, path: string, params: Record<string, string | number | undefined> = {}, partner = 0): string {
  const c = sandbox.endpoint('chronotrack').credentials[partner]!;
  const url = new URL(`${sandbox.endpoint('chronotrack').baseUrl}${path}`);
  const all = { client_id: c.client_id, user_id: c.username, user_pass: sha1(c.password), format: 'json', ...params };
  for (const [key, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(key, String(value));
  return url.toString();
}

export async function getJson<T = any>(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('<') ? undefined : JSON.parse(text)) as T, text, headers: response.headers };
}

export function eventsOf(sandbox: Sandbox, partner = 1) {
  return sandbox.world.eventsAt('chronotrack', partner);
}
