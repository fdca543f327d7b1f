/**
 * Sandbox options, their defaults, and the switches for behaviours providers.md marks [INFERRED]
 * or [CONFLICT] (§6.1: "make every inferred behaviour a switch").
 */

export interface RunSignupSandboxOptions {
  /** Same options and seed give byte-identical data. Default 1. */
  seed?: number;
  /** Default 2; each partner has its own api_key/api_secret and owns its races. */
  partners?: number;
  /** Default 5. */
  racesPerPartner?: number;
  /** Default 2 (RunSignUp "events" are the distances within a race). */
  eventsPerRace?: number;
  /** Default 50; ignored when totalParticipants is set. */
  participantsPerEvent?: number;
  /** Distributes exactly this many active participants over all events, skewed (few big, many small). */
  totalParticipants?: number;
  /** Default 1; only events whose start is before the anchor have results. */
  resultSetsPerEvent?: number;
  /** All data dates are placed relative to this instant; default now() truncated to the hour. */
  anchor?: Date;
  /** Share of races in the past (they have results). Default 0.3. */
  pastShare?: number;
  /**
   * Start of the first event of the race at `raceIndex` (0-based, catalog order), for worlds that need
   * races at chosen times (a race weekend). Undefined keeps the generated date. Later events of the race
   * keep their offsets from the first (30 min, 75 min, …); a race placed before the anchor is past.
   */
  raceStarts?: (raceIndex: number) => Date | undefined;
  /** Clock for last_modified of mutations, budgets and future_events_only. Default () => new Date(). */
  now?: () => Date;
  /** Per-api_key token bucket; when empty the API answers error 14 (or 429). Default off. */
  callsPerHour?: number;
  /** Delay added to every API request. Default 0. */
  latencyMs?: number;
  /** HTTP status sent with API error envelopes. Default 200 (providers.md §1.3: INFERRED). */
  errorHttpStatus?: number;
  /** How throttling is answered: error 14 envelope, or HTTP 429 with Retry-After seconds. */
  throttleAs?: 'error14' | 'http429';
  /** A captured fixture shows an empty page without the top-level `participants` key. Default false. */
  omitEmptyParticipantsKey?: boolean;
  /** removed-participants: an array per event (MTEC client) or the single object of the official example. */
  removedShape?: 'array' | 'object';
  /** Requests without format (or format=xml): a small XML rendering of the data, or an XML error 10. */
  xmlAnswer?: 'document' | 'error10';
  /** Most participants kept in the event cache (a weight, not a count of events). Default 30000 (~100 MB). */
  cacheParticipants?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
}

export interface ResolvedOptions {
  seed: number;
  partners: number;
  racesPerPartner: number;
  eventsPerRace: number;
  participantsPerEvent: number;
  totalParticipants: number | undefined;
  resultSetsPerEvent: number;
  /** Unix seconds. */
  anchor: number;
  pastShare: number;
  raceStarts: ((raceIndex: number) => Date | undefined) | undefined;
  now: () => Date;
  callsPerHour: number | undefined;
  latencyMs: number;
  errorHttpStatus: number;
  throttleAs: 'error14' | 'http429';
  omitEmptyParticipantsKey: boolean;
  removedShape: 'array' | 'object';
  xmlAnswer: 'document' | 'error10';
  cacheParticipants: number;
  host: string;
  port: number;
}

function requireCount(name: string, value: number | undefined, fallback: number, min: number): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < min) {
    throw new RangeError(`RunSignUp sandbox option ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return resolved;
}

export function resolveOptions(options: RunSignupSandboxOptions = {}): ResolvedOptions {
  const now = options.now ?? (() => new Date());
  const anchorMs = options.anchor?.getTime() ?? Math.floor(now().getTime() / 3_600_000) * 3_600_000;
  if (!Number.isFinite(anchorMs)) throw new RangeError('RunSignUp sandbox option anchor is not a valid date');
  const pastShare = options.pastShare ?? 0.3;
  if (!(pastShare >= 0 && pastShare <= 1)) throw new RangeError('RunSignUp sandbox option pastShare must be within 0..1');
  return {
    seed: requireCount('seed', options.seed, 1, 0),
    partners: requireCount('partners', options.partners, 2, 1),
    racesPerPartner: requireCount('racesPerPartner', options.racesPerPartner, 5, 1),
    eventsPerRace: requireCount('eventsPerRace', options.eventsPerRace, 2, 1),
    participantsPerEvent: requireCount('participantsPerEvent', options.participantsPerEvent, 50, 0),
    totalParticipants:
      options.totalParticipants === undefined ? undefined : requireCount('totalParticipants', options.totalParticipants, 0, 0),
    resultSetsPerEvent: requireCount('resultSetsPerEvent', options.resultSetsPerEvent, 1, 0),
    anchor: Math.floor(anchorMs / 1000),
    pastShare,
    raceStarts: options.raceStarts,
    now,
    callsPerHour: options.callsPerHour === undefined ? undefined : requireCount('callsPerHour', options.callsPerHour, 0, 1),
    latencyMs: requireCount('latencyMs', options.latencyMs, 0, 0),
    errorHttpStatus: requireCount('errorHttpStatus', options.errorHttpStatus, 200, 100),
    throttleAs: options.throttleAs ?? 'error14',
    omitEmptyParticipantsKey: options.omitEmptyParticipantsKey ?? false,
    removedShape: options.removedShape ?? 'array',
    xmlAnswer: options.xmlAnswer ?? 'document',
    cacheParticipants: requireCount('cacheParticipants', options.cacheParticipants, 30_000, 0),
    host: options.host ?? '127.0.0.1',
    port: requireCount('port', options.port, 0, 0),
  };
}
