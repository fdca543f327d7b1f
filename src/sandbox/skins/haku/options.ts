/**
 * Haku skin options: the token lifetime (Cognito's usual 3600 s; shorter for tests), the budget
 * (500 calls an hour per client, the rate the one production integration held itself to, §4.1 —
 * null turns it off), and switches for what providers.md §4 marks [CONFLICT]/[INFERRED]: the events
 * list wrapper and the summary's `updated_at`.
 */
import { requireCount } from '../../world/options.js';

export interface HakuSkinOptions {
  /** Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Calls per hour per client before 429 + Retry-After. Default 500; null for no budget. */
  callsPerHour?: number | null;
  /** GET /events as a bare array (default) or {"events": […]} (§4.2 CONFLICT). */
  eventsEnvelope?: 'array' | 'object';
  /** Add `updated_at` to the participants summary (default true; [INFERRED], the incremental strategy needs it). */
  summaryUpdatedAt?: boolean;
}

export interface ResolvedHakuOptions {
  tokenLifetimeSeconds: number;
  callsPerHour: number | undefined;
  eventsEnvelope: 'array' | 'object';
  summaryUpdatedAt: boolean;
}

export function resolveHakuOptions(options: HakuSkinOptions = {}): ResolvedHakuOptions {
  return {
    tokenLifetimeSeconds: requireCount('haku.tokenLifetimeSeconds', options.tokenLifetimeSeconds, 3600, 1),
    callsPerHour: options.callsPerHour === null ? undefined : requireCount('haku.callsPerHour', options.callsPerHour, 500, 1),
    eventsEnvelope: options.eventsEnvelope ?? 'array',
    summaryUpdatedAt: options.summaryUpdatedAt ?? true,
  };
}
