/**
 * Every request the hub makes, as the provider sees it: virtual time, provider, the connection whose
 * credential it carries (as the skin itself identifies the caller: api key, client id, or the owner
 * of a bearer token), API call or token request, endpoint, how many RunSignUp events one
 * participants call served, and whether the skin throttled it (RunSignUp error 14, or HTTP 429). The
 * wrapper also moves the virtual clock by the simulated cost of a request.
 */
import type { HttpFetch } from '../../src/providers/types.js';
import type { Sandbox, SkinProvider } from '../../src/sandbox/index.js';
import type { SkinRequest } from '../../src/sandbox/server/request.js';
import type { VirtualClock } from './clock.js';
import { HOUR, MINUTE } from './scenario.js';
import type { SimConnection } from './setup.js';

export interface CallRecord {
  at: number;
  provider: SkinProvider | null;
  /** Null when the skin could not tell whose call it was (an expired token). */
  connectionId: number | null;
  /** api: counts against the provider's budget; token: the token endpoint. */
  kind: 'api' | 'token' | 'unknown';
  endpoint: string;
  /** RunSignUp race id of /race/{id}/… calls. */
  raceId: string | null;
  /** Event ids in `event_id` (RunSignUp participants and removed-participants calls). */
  events: number;
  throttled: boolean;
}

/** The path with ids (numbers, hex, slugs ending in a year) replaced, for counts by endpoint. */
function describe(provider: SkinProvider | null, url: URL): Pick<CallRecord, 'endpoint' | 'raceId' | 'events'> {
  const eventIds = url.searchParams.get('event_id');
  const events = eventIds ? eventIds.split(',').length : 0;
  const path = url.pathname.replace(/\/+$/, '');
  const rsu = provider === 'runsignup' ? /^\/Rest\/race\/([^/]+)(\/.*)?$/i.exec(path) : null;
  if (rsu) return { endpoint: `/race/{id}${rsu[2] ?? ''}`, raceId: rsu[1] ?? null, events };
  const generic = path.split('/').map((part) => (/^\d+$|^[0-9a-f]{12,}$|-\d{4}(-\d+)?$/i.test(part) ? '{id}' : part)).join('/');
  return { endpoint: generic.replace(/^\/Rest/i, ''), raceId: null, events };
}

async function toSkinRequest(request: Request, url: URL): Promise<SkinRequest> {
  const body = Buffer.from(await request.clone().arrayBuffer());
  return { method: request.method, url, path: url.pathname.replace(/\/+$/, '') || '/', body, header: (name) => request.headers.get(name) ?? undefined };
}

export class CallLog {
  readonly calls: CallRecord[] = [];
  private readonly providerAt: Map<string, SkinProvider>;
  private readonly connectionOf = new Map<string, number>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly costMs: number,
    private readonly sandbox: Sandbox,
    connections: readonly SimConnection[],
  ) {
    this.providerAt = new Map(sandbox.endpoints.map((e) => [e.origin, e.provider]));
    for (const c of connections) for (const value of c.credentialValues) this.connectionOf.set(`${c.provider}|${value}`, c.id);
  }

  /** The fetch the workers use: records the call at its send time, then lets the call's cost pass. */
  readonly fetch: HttpFetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const provider = this.providerAt.get(url.origin) ?? null;
    const caller = provider ? this.sandbox.skin(provider).identify(await toSkinRequest(request, url)) : { kind: 'unknown' as const, id: '' };
    const record: CallRecord = {
      at: this.clock.time, provider, connectionId: this.connectionOf.get(`${provider}|${caller.id}`) ?? null, kind: caller.kind,
      ...describe(provider, url), throttled: false,
    };
    this.calls.push(record);
    const response = await fetch(request);
    record.throttled = response.status === 429 || (await response.clone().text()).includes('"error_code":14');
    this.clock.advance(this.costMs);
    return response;
  };
}

/** Most calls in any window of `windowMs` ending at a call (times ascending). */
export function maxInWindow(times: number[], windowMs: number): { calls: number; endingAt: number | null } {
  let best = { calls: 0, endingAt: null as number | null };
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[first]! <= times[last]! - windowMs) first++;
    if (last - first + 1 > best.calls) best = { calls: last - first + 1, endingAt: times[last]! };
  }
  return best;
}

/** Most calls in any 60 whole clock minutes. */
export function maxInClockMinutes(times: number[]): number {
  const perMinute = new Map<number, number>();
  for (const at of times) perMinute.set(Math.floor(at / MINUTE), (perMinute.get(Math.floor(at / MINUTE)) ?? 0) + 1);
  let best = 0;
  for (const end of perMinute.keys()) {
    let sum = 0;
    for (let m = end - 59; m <= end; m++) sum += perMinute.get(m) ?? 0;
    best = Math.max(best, sum);
  }
  return best;
}

/** Calls per clock hour from `from` (hour buckets of the simulated span). */
export function callsPerHour(times: number[], from: number, to: number): number[] {
  const buckets = new Array<number>(Math.ceil((to - from) / HOUR)).fill(0);
  for (const at of times) {
    const index = Math.floor((at - from) / HOUR);
    if (index >= 0 && index < buckets.length) buckets[index]! += 1;
  }
  return buckets;
}
