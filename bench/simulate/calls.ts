/**
 * Every API call the hub makes, as the provider sees it: virtual time, endpoint, how many RunSignUp
 * events one participants call served, and whether the sandbox throttled it (error 14). The wrapper
 * also moves the virtual clock by the simulated cost of a call.
 */
import type { HttpFetch } from '../../src/providers/types.js';
import type { VirtualClock } from './clock.js';
import { HOUR, MINUTE } from './scenario.js';

export interface CallRecord {
  at: number;
  endpoint: string;
  /** RunSignUp race id of /race/{id}/… calls. */
  raceId: string | null;
  /** Event ids in `event_id` (participants and removed-participants calls). */
  events: number;
  throttled: boolean;
}

function describe(url: string): Omit<CallRecord, 'at' | 'throttled'> {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/^\/Rest/i, '');
  const match = /^\/race\/([^/]+)(\/.*)?$/.exec(path);
  const eventIds = parsed.searchParams.get('event_id');
  return {
    endpoint: match ? `/race/{id}${match[2] ?? ''}` : path,
    raceId: match?.[1] ?? null,
    events: eventIds ? eventIds.split(',').length : 0,
  };
}

export class CallLog {
  readonly calls: CallRecord[] = [];

  constructor(private readonly clock: VirtualClock, private readonly costMs: number) {}

  /** The fetch the workers use: records the call at its send time, then lets the call's cost pass. */
  readonly fetch: HttpFetch = async (url, init) => {
    const record: CallRecord = { at: this.clock.time, ...describe(url), throttled: false };
    this.calls.push(record);
    const response = await fetch(url, init);
    const body = await response.clone().text();
    record.throttled = body.includes('"error_code":14');
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

/** Most calls in any 60 whole clock minutes: the budget's own definition of "an hour". */
export function maxInClockMinutes(times: number[]): number {
  const perMinute = new Map<number, number>();
  for (const at of times) perMinute.set(Math.floor(at / MINUTE), (perMinute.get(Math.floor(at / MINUTE)) ?? 0) + 1);
  const minutes = [...perMinute.keys()];
  let best = 0;
  for (const end of minutes) {
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
