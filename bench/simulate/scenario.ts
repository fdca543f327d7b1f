/**
 * The race weekend being simulated: one RunSignUp connection at `callsPerHour`, `raceDayRaces`
 * RunSignUp races (3 events each, so 30 canonical races) whose first events start `staggerMs` apart
 * from `firstStart` — all 30 starts within 4 h — and `otherRaces` races days to months later. The
 * simulation runs from 5 h before the first start to 1 h after the last one.
 */
import type { RunSignupSandboxOptions } from '../../src/sandbox/index.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Changes per virtual minute, each applied to one event (a canonical race) chosen at random. */
export interface ChangeRates {
  /** New registrations on race-day races, until 10 min before their start. */
  register: number;
  /** Bibs handed to registrations without one on race-day races, until 30 min after the start. */
  assignBib: number;
  /** Withdrawals and transfers on race-day races, until their start (read from the removed feed). */
  remove: number;
  /** New registrations on the other, later races. */
  farRegister: number;
}

export interface Scenario {
  seed: number;
  callsPerHour: number;
  raceDayRaces: number;
  eventsPerRace: number;
  otherRaces: number;
  participantsPerEvent: number;
  /** First event of the first race-day race (a Saturday, 08:00 in New York). */
  firstStart: Date;
  staggerMs: number;
  /** The partner's zone: discovery runs at 06:00 and 18:00 there. */
  timeZone: string;
  rates: ChangeRates;
  /** Simulated time each API call takes: the clock moves while work is done. */
  callCostMs: number;
  /** Share of the budget kept for race-day targets (the CLI default). */
  reserveShare: number;
}

export function defaultScenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    seed: 11,
    callsPerHour: 1000,
    raceDayRaces: 10,
    eventsPerRace: 3,
    otherRaces: 100,
    participantsPerEvent: 200,
    firstStart: new Date('2026-05-16T12:00:00Z'),
    staggerMs: 18 * MINUTE,
    timeZone: 'America/New_York',
    rates: { register: 3, assignBib: 2, remove: 0.1, farRegister: 1 },
    callCostMs: 150,
    reserveShare: 0.3,
    ...overrides,
  };
}

/** Offset of the last event's start from its race's first (the sandbox starts events 07:00, 07:30, 08:15, …). */
const LAST_EVENT_OFFSET_MS = 75 * MINUTE;

export function timeline(s: Scenario): { start: Date; end: Date; lastStart: Date } {
  const lastStart = new Date(s.firstStart.getTime() + (s.raceDayRaces - 1) * s.staggerMs + LAST_EVENT_OFFSET_MS);
  return {
    start: new Date(s.firstStart.getTime() - 5 * HOUR),
    end: new Date(lastStart.getTime() + HOUR),
    lastStart,
  };
}

/** The sandbox world: race-day races first in catalog order, placed by `raceStarts`; nothing in the past. */
export function sandboxOptions(s: Scenario, now: () => Date): RunSignupSandboxOptions {
  return {
    seed: s.seed,
    partners: 1,
    racesPerPartner: s.raceDayRaces + s.otherRaces,
    eventsPerRace: s.eventsPerRace,
    participantsPerEvent: s.participantsPerEvent,
    pastShare: 0,
    anchor: timeline(s).start,
    now,
    callsPerHour: s.callsPerHour,
    raceStarts: (index) => (index < s.raceDayRaces ? new Date(s.firstStart.getTime() + index * s.staggerMs) : undefined),
    cacheParticipants: 1_000_000,
  };
}
