/**
 * The results phase's world: one timing partner whose past events are scored at one scoring
 * provider, about 200 races of about 2,000 registrations each. Every event has a 10K (1 split), a
 * half marathon (3) and a marathon (8): 4 splits a finisher on average. Every event is in the past,
 * so every result is visible; only the chosen scorer's skin runs, so events scored elsewhere stay
 * dormant (each event is scored at ChronoTrack or Copernico, about half at each).
 */
import type { SandboxOptions, SkinProvider } from '../../src/sandbox/index.js';

export const SCORERS = ['chronotrack', 'copernico'] as const satisfies readonly SkinProvider[];
export type Scorer = (typeof SCORERS)[number];

export interface ScoringScale {
  /** Events in the world, at both scorers together. */
  events: number;
  registrationsPerRace: number;
}

const DISTANCES = ['10K', 'Half Marathon', 'Marathon'];

/** About 200 races at each scorer with 2,000 registrations each (every one bibbed, 95 % finishing). */
export const SCORING_SCALE: ScoringScale = { events: 134, registrationsPerRace: 2000 };

/** JSON-safe (it crosses to the sandbox process as an argument). */
export function scoringSandboxOptions(scorer: Scorer, scale: ScoringScale): SandboxOptions {
  return {
    providers: [scorer],
    seed: 11,
    partners: 1,
    eventsPerPartner: { runsignup: scale.events },
    racesPerEvent: DISTANCES.length,
    distances: DISTANCES,
    registrationsPerRace: scale.registrationsPerRace,
    scoredShare: 1,
    pastShare: 1,
    sharedPeopleShare: 0,
    // Keep every generated race: a real API does not rebuild a race for every request.
    cacheRegistrations: scale.events * DISTANCES.length * scale.registrationsPerRace,
    // The hub's budget is not under test here.
    haku: { callsPerHour: null },
  };
}

/** One round of result changes before the re-collection: corrections, late finishes, withdrawals. */
export function resultChanges(share: number, results: number) {
  const total = Math.max(3, Math.round(share * results));
  const dnfToFinish = Math.round(total / 10);
  const withdrawResults = Math.round(total / 10);
  return { correctTimes: total - dnfToFinish - withdrawResults, dnfToFinish, withdrawResults };
}

export interface ScorerWorld {
  events: number;
  races: number;
  registrations: number;
  /** Copernico's race ids (its events), which a Copernico connection must name. */
  copernicoRaceIds: string[];
}

interface ChronoTrackState { events: { races: { entries: number }[] }[] }
interface CopernicoState { races: { raceId: string; events: { athletes: number }[] }[] }

/** The figures of what the scorer's skin serves, from its GET /_admin/state (each skin has its own shape). */
export function scorerWorld(scorer: Scorer, state: Record<string, unknown>): ScorerWorld {
  if (scorer === 'chronotrack') {
    const { events } = state as unknown as ChronoTrackState;
    const races = events.flatMap((e) => e.races);
    return { events: events.length, races: races.length, registrations: races.reduce((n, r) => n + r.entries, 0), copernicoRaceIds: [] };
  }
  const events = (state as unknown as CopernicoState).races; // Copernico's race is our event
  const races = events.flatMap((e) => e.events);
  return { events: events.length, races: races.length, registrations: races.reduce((n, r) => n + r.athletes, 0), copernicoRaceIds: events.map((e) => e.raceId) };
}
