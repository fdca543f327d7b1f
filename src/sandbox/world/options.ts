/**
 * The world's size and shape. The same options and seed give the same world, whichever skins serve
 * it: which providers are started never changes the data.
 */
import { DISTANCES, type Distance } from './distances.js';
import { REGISTRATION_PROVIDERS, type RegistrationProvider } from './types.js';

export interface WorldOptions {
  /** Default 1. */
  seed?: number;
  /** Timing partners; each has an account at every provider. Default 2. */
  partners?: number;
  /** Events per partner at each registration provider. Default 5 at each of runsignup, raceroster, haku. */
  eventsPerPartner?: Partial<Record<RegistrationProvider, number>>;
  /** Share of events also scored at a scoring provider (ChronoTrack or Copernico, alternately). Default 0.5. */
  scoredShare?: number;
  /** Races (starts) per event. Default 2. */
  racesPerEvent?: number;
  /**
   * Names of the distances races may have (each event's races take them in a shuffled order).
   * Default every distance: 5K, 10K, Half Marathon, Marathon, 1 Mile Fun Run, 15K.
   */
  distances?: string[];
  /** Default 50; ignored when totalRegistrations is set. */
  registrationsPerRace?: number;
  /** Distributes exactly this many active registrations over all races, skewed (few big, many small). */
  totalRegistrations?: number;
  /** Generated history ends here: every date is placed relative to it. Default now() truncated to the hour. */
  anchor?: Date;
  /** Share of events before the anchor (their results are complete). Default 0.3. */
  pastShare?: number;
  /**
   * Start of the first race of the event at `eventIndex` (0-based, catalog order), for worlds that
   * need events at chosen times (a race weekend). Later races keep their offsets (30 min, 75 min, …).
   */
  eventStarts?: (eventIndex: number) => Date | undefined;
  /** Share of registrations made by people who register in other races too. Default 0.1. */
  sharedPeopleShare?: number;
  /** Most registrations kept generated in the race cache (a weight, not a count of races). Default 30000. */
  cacheRegistrations?: number;
}

export interface ResolvedWorldOptions {
  seed: number;
  partners: number;
  eventsPerPartner: Record<RegistrationProvider, number>;
  scoredShare: number;
  racesPerEvent: number;
  distances: readonly Distance[];
  registrationsPerRace: number;
  totalRegistrations: number | undefined;
  /** Unix seconds. */
  anchor: number;
  pastShare: number;
  eventStarts: ((eventIndex: number) => Date | undefined) | undefined;
  sharedPeopleShare: number;
  cacheRegistrations: number;
}

export function requireCount(name: string, value: number | undefined, fallback: number, min: number): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < min) {
    throw new RangeError(`sandbox option ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return resolved;
}

export function requireShare(name: string, value: number | undefined, fallback: number): number {
  const share = value ?? fallback;
  if (!(share >= 0 && share <= 1)) throw new RangeError(`sandbox option ${name} must be within 0..1, got ${String(value)}`);
  return share;
}

function requireDistances(names: string[] | undefined): readonly Distance[] {
  if (names === undefined) return DISTANCES;
  const chosen = DISTANCES.filter((d) => names.includes(d.name));
  const unknown = names.filter((name) => !DISTANCES.some((d) => d.name === name));
  if (unknown.length > 0 || chosen.length === 0) {
    throw new RangeError(`sandbox option distances takes names among ${DISTANCES.map((d) => d.name).join(', ')}; got ${JSON.stringify(names)}`);
  }
  return chosen;
}

export function resolveWorldOptions(options: WorldOptions, now: Date): ResolvedWorldOptions {
  const anchorMs = options.anchor?.getTime() ?? Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  if (!Number.isFinite(anchorMs)) throw new RangeError('sandbox option anchor is not a valid date');
  const perPartner = options.eventsPerPartner ?? {};
  const eventsPerPartner = Object.fromEntries(
    REGISTRATION_PROVIDERS.map((p) => [p, requireCount(`eventsPerPartner.${p}`, perPartner[p], options.eventsPerPartner ? 0 : 5, 0)]),
  ) as Record<RegistrationProvider, number>;
  return {
    seed: requireCount('seed', options.seed, 1, 0),
    partners: requireCount('partners', options.partners, 2, 1),
    eventsPerPartner,
    scoredShare: requireShare('scoredShare', options.scoredShare, 0.5),
    racesPerEvent: requireCount('racesPerEvent', options.racesPerEvent, 2, 1),
    distances: requireDistances(options.distances),
    registrationsPerRace: requireCount('registrationsPerRace', options.registrationsPerRace, 50, 0),
    totalRegistrations:
      options.totalRegistrations === undefined ? undefined : requireCount('totalRegistrations', options.totalRegistrations, 0, 0),
    anchor: Math.floor(anchorMs / 1000),
    pastShare: requireShare('pastShare', options.pastShare, 0.3),
    eventStarts: options.eventStarts,
    sharedPeopleShare: requireShare('sharedPeopleShare', options.sharedPeopleShare, 0.1),
    cacheRegistrations: requireCount('cacheRegistrations', options.cacheRegistrations, 30_000, 0),
  };
}
