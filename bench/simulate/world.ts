/**
 * The scenario's sandbox: one seeded world on the simulation's clock, served by the scenario's
 * skins, with race-day events placed on Saturday morning and every other event days to months later.
 * Each skin enforces the scenario's budget per credential (a token bucket on the same clock), so a
 * hub that overspends is throttled as it would be in production.
 *
 * Race-day events are placed in turn across the registration providers (RunSignUp's first, then Race
 * Roster's, then Haku's, then RunSignUp's second, …), `staggerMs` apart; the catalog deals each
 * provider's events to the partners in turn, so every connection gets early and late starts.
 */
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { WorldRace } from '../../src/sandbox/world/index.js';
import { REGISTRATION_PROVIDERS, type RegistrationProvider } from '../../src/sandbox/world/types.js';
import { budgetOf, HOUR, type Scenario } from './scenario.js';

/** A canonical race (world race) the simulation watches. */
export interface WatchedRace {
  race: WorldRace;
  startMs: number;
  raceDay: boolean;
  /** Race-day races by start: the first third of them, or the rest; null for later races. */
  group: 'first_third' | 'rest' | null;
}

export interface ScenarioWorld {
  sandbox: Sandbox;
  races: WatchedRace[];
  /** Neutral race id → what the simulation knows of it. */
  byRaceId: Map<number, WatchedRace>;
  start: Date;
  end: Date;
}

const eventsPerPartner = (s: Scenario, host: RegistrationProvider) => (s.raceDayEvents[host] ?? 0) + (s.laterEvents[host] ?? 0);

/**
 * Start of each race-day event by catalog index. The catalog lists RunSignUp's events, then Race
 * Roster's, then Haku's (`partners × eventsPerPartner` each); the first `partners × raceDayEvents`
 * of each provider are on race day.
 */
export function raceDayStarts(s: Scenario): Map<number, Date> {
  const queues: number[][] = [];
  let offset = 0;
  for (const host of REGISTRATION_PROVIDERS) {
    const raceDay = s.partners * (s.raceDayEvents[host] ?? 0);
    queues.push(Array.from({ length: raceDay }, (_, i) => offset + i));
    offset += s.partners * eventsPerPartner(s, host);
  }
  const order: number[] = [];
  for (let round = 0; queues.some((q) => round < q.length); round++) for (const q of queues) if (round < q.length) order.push(q[round]!);
  return new Map(order.map((index, slot) => [index, new Date(s.firstStart.getTime() + slot * s.staggerMs)]));
}

/** The run: from 5 h before the first start to 1 h after the last race-day race's start. */
export function timelineStart(s: Scenario): Date {
  return new Date(s.firstStart.getTime() - 5 * HOUR);
}

export async function startScenarioWorld(s: Scenario, now: () => Date): Promise<ScenarioWorld> {
  const starts = raceDayStarts(s);
  const budget = (provider: Scenario['providers'][number]) => (s.providers.includes(provider) ? budgetOf(s, provider) : undefined);
  const sandbox = await startSandbox({
    providers: s.providers,
    seed: s.seed,
    partners: s.partners,
    eventsPerPartner: Object.fromEntries(REGISTRATION_PROVIDERS.map((host) => [host, eventsPerPartner(s, host)])),
    scoredShare: s.scoredShare,
    racesPerEvent: s.racesPerEvent,
    registrationsPerRace: s.registrationsPerRace,
    pastShare: 0,
    anchor: timelineStart(s),
    now,
    eventStarts: (index) => starts.get(index),
    cacheRegistrations: 1_000_000,
    runsignup: { callsPerHour: budget('runsignup') },
    raceroster: { callsPerHour: budget('raceroster') },
    haku: { callsPerHour: budget('haku') ?? null },
    chronotrack: { callsPerHour: budget('chronotrack') },
    copernico: { callsPerHour: budget('copernico') },
  });
  const races = watchedRaces(sandbox, new Set(starts.keys()));
  const lastStart = Math.max(...races.filter((r) => r.raceDay).map((r) => r.startMs));
  return { sandbox, races, byRaceId: new Map(races.map((r) => [r.race.id, r])), start: timelineStart(s), end: new Date(lastStart + HOUR) };
}

function watchedRaces(sandbox: Sandbox, raceDayEvents: Set<number>): WatchedRace[] {
  const races = sandbox.world.races.map((race): WatchedRace => ({
    race, startMs: race.start * 1000, raceDay: raceDayEvents.has(race.event.index), group: null,
  }));
  const raceDay = races.filter((r) => r.raceDay).sort((a, b) => a.startMs - b.startMs || a.race.id - b.race.id);
  const third = Math.ceil(raceDay.length / 3);
  raceDay.forEach((r, i) => (r.group = i < third ? 'first_third' : 'rest'));
  return races;
}
