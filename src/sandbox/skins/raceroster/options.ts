/**
 * Race Roster skin options: switches for what providers.md §3 marks [INFERRED] (the token answer's
 * wrapper, the error body), the token lifetime (24 h per the documented JWT; shorter for tests),
 * and an optional budget (no limit is documented, §3.4).
 */
import { requireCount } from '../../world/options.js';

export interface RaceRosterSkinOptions {
  /** Token answer wrapped as {"data":{…}} (default), {"data":[{…}]} or bare (§3.2: clients accept all three). */
  tokenEnvelope?: 'data-object' | 'data-array' | 'bare';
  /** Access token lifetime; default 86400 (the documented JWT's exp − iat). */
  tokenLifetimeSeconds?: number;
  /** API error body: {"error":{"code","message"}} (default, §3.4) or Laravel's bare {"message"}. */
  errorShape?: 'error-object' | 'message';
  /** Per-client budget; over it 429 with Retry-After. Default off. */
  callsPerHour?: number;
}

export interface ResolvedRaceRosterOptions {
  tokenEnvelope: 'data-object' | 'data-array' | 'bare';
  tokenLifetimeSeconds: number;
  errorShape: 'error-object' | 'message';
  callsPerHour: number | undefined;
}

export function resolveRaceRosterOptions(options: RaceRosterSkinOptions = {}): ResolvedRaceRosterOptions {
  return {
    tokenEnvelope: options.tokenEnvelope ?? 'data-object',
    tokenLifetimeSeconds: requireCount('raceroster.tokenLifetimeSeconds', options.tokenLifetimeSeconds, 86_400, 1),
    errorShape: options.errorShape ?? 'error-object',
    callsPerHour: options.callsPerHour === undefined ? undefined : requireCount('raceroster.callsPerHour', options.callsPerHour, 0, 1),
  };
}
