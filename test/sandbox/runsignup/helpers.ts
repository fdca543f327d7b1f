/**
 * Shared set-up for the RunSignUp sandbox tests: a fixed anchor with a virtual clock standing at it
 * (so races after the anchor stay unrun whatever today's date is), URL building and JSON fetches.
 */
import { startRunSignupSandbox, type RunSignupSandbox, type RunSignupSandboxOptions, type SandboxCredential } from '../../../src/sandbox/index.js';
import { getJson, type JsonReply } from '../shared/http.js';

export { getJson, type JsonReply };

export const ANCHOR = new Date('2025-06-01T12:00:00Z');

export function startSandbox(options: RunSignupSandboxOptions = {}): Promise<RunSignupSandbox> {
  return startRunSignupSandbox({ seed: 1, anchor: ANCHOR, clock: 'virtual', ...options });
}

export type Params = Record<string, string | number | undefined>;

/** An API URL with the credential's keys and format=json unless the params say otherwise. */
export function apiUrl(sandbox: RunSignupSandbox, path: string, params: Params = {}, credential?: SandboxCredential): string {
  const who = credential ?? (sandbox.credentials[0] as SandboxCredential);
  const url = new URL(`${sandbox.baseUrl}${path}`);
  const all: Params = { api_key: who.apiKey, api_secret: who.apiSecret, format: 'json', ...params };
  for (const [key, value] of Object.entries(all)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** The first race of a partner whose past-ness matches (any race when `past` is omitted). */
export function findRace(sandbox: RunSignupSandbox, partner: number, past?: boolean): number {
  const raceIds = sandbox.world.partners[partner - 1]?.raceIds ?? [];
  const isPast = (id: number) => sandbox.world.eventInfo(sandbox.world.eventIds(id)[0] as number)?.past;
  const raceId = raceIds.find((id) => past === undefined || isPast(id) === past);
  if (raceId === undefined) throw new Error(`partner ${partner} has no ${past ? 'past' : 'future'} race`);
  return raceId;
}

export function allParticipants(page: Array<{ participants?: Array<{ registration_id: number }> }>) {
  return page.flatMap((element) => element.participants ?? []);
}
