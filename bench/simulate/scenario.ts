/**
 * The race weekends the simulation can run (`--scenario`), as data: which partners hold connections
 * to which providers at what budgets, how many events each partner holds at each registration provider
 * on race day and later, when race day starts, and how fast the world changes.
 *
 * - `current`: today's weekend — one RunSignUp connection at 1000 calls/h, 10 races × 3 events on
 *   race day (30 canonical races, first events 18 min apart), 100 later races.
 * - `tight`: the same world at 500 calls/h.
 * - `weekend`: 3 partners, each with a RunSignUp, Race Roster, Haku and ChronoTrack connection at the
 *   provider's default budget; 3 events per partner at each registration provider on race day (27
 *   events, 81 canonical races, first events 8 min apart, interleaved across providers), 201 later
 *   events; events the world scores at ChronoTrack are read there too.
 */
import { providerEntry } from '../../src/providers/registry.js';
import type { SkinProvider } from '../../src/sandbox/index.js';
import type { RegistrationProvider } from '../../src/sandbox/world/types.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const SCENARIO_NAMES = ['current', 'tight', 'weekend'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Changes per virtual minute, each applied to one canonical race (a world race) chosen at random. */
export interface ChangeRates {
  /** New registrations on race-day races, until 10 min before their start. */
  register: number;
  /** Bibs handed to registrations without one on race-day races, until 30 min after the start. */
  assignBib: number;
  /** Withdrawals and transfers on race-day races, until their start. */
  remove: number;
  /** New registrations on the other, later races. */
  farRegister: number;
}

export interface Scenario {
  name: ScenarioName;
  seed: number;
  /** Timing partners, each with one connection per provider in `providers`. */
  partners: number;
  providers: SkinProvider[];
  /** Calls per hour of each provider's connections (the sandbox enforces the same per credential). */
  budgets: Partial<Record<SkinProvider, number>>;
  /** Per partner at each registration provider: events (provider races) on race day, and later ones. */
  raceDayEvents: Partial<Record<RegistrationProvider, number>>;
  laterEvents: Partial<Record<RegistrationProvider, number>>;
  /** Canonical races per event (RunSignUp "events"), starting at +0, +30, +75 min, … */
  racesPerEvent: number;
  registrationsPerRace: number;
  /** Share of events the world also scores at ChronoTrack or Copernico (it picks which, by seed). */
  scoredShare: number;
  /** First race-day event's start (a Saturday, 08:00 in New York); the others follow `staggerMs` apart. */
  firstStart: Date;
  staggerMs: number;
  /** The partners' zone: discovery runs at 06:00 and 18:00 there. */
  timeZone: string;
  rates: ChangeRates;
  /** Simulated time each API call takes: the clock moves while work is done. */
  callCostMs: number;
  /** Share of the budget kept for race-day targets (the CLI default). */
  reserveShare: number;
  /** Phases (worker counts) when `--workers` is not given. */
  defaultWorkers: number[];
  /**
   * Virtual hours the hub runs before the measured window (5 h before the first start) without the
   * world changing: the initial loads a real hub made days before race day. 0 starts cold.
   */
  warmUpHours: number;
}

/**
 * Today's rates per race: 0.1 registrations, 0.067 bibs and 0.0033 withdrawals a minute per race-day
 * race, and 1 registration a minute per 300 later races (3, 2, 0.1 and 1 a minute in `current`).
 */
function ratesFor(raceDayRaces: number, laterRaces: number): ChangeRates {
  const round = (n: number) => Math.round(n * 100) / 100;
  return { register: round(raceDayRaces / 10), assignBib: round(raceDayRaces / 15), remove: round(raceDayRaces / 300), farRegister: round(laterRaces / 300) };
}

function base(): Omit<Scenario, 'name' | 'rates'> {
  return {
    seed: 11,
    partners: 1,
    providers: ['runsignup'],
    budgets: { runsignup: 1000 },
    raceDayEvents: { runsignup: 10 },
    laterEvents: { runsignup: 100 },
    racesPerEvent: 3,
    registrationsPerRace: 200,
    scoredShare: 0,
    firstStart: new Date('2026-05-16T12:00:00Z'),
    staggerMs: 18 * MINUTE,
    timeZone: 'America/New_York',
    callCostMs: 150,
    reserveShare: 0.3,
    defaultWorkers: [1, 4],
    warmUpHours: 0,
  };
}

function withRates(s: Omit<Scenario, 'rates'>): Scenario {
  const events = (counts: Partial<Record<string, number>>) => Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0) * s.partners * s.racesPerEvent;
  return { ...s, rates: ratesFor(events(s.raceDayEvents), events(s.laterEvents)) };
}

const WEEKEND_PROVIDERS: SkinProvider[] = ['runsignup', 'raceroster', 'haku', 'chronotrack'];

const BUILDERS: Record<ScenarioName, () => Scenario> = {
  current: () => withRates({ ...base(), name: 'current' }),
  tight: () => withRates({ ...base(), name: 'tight', budgets: { runsignup: 500 } }),
  weekend: () => withRates({
    ...base(),
    name: 'weekend',
    partners: 3,
    providers: WEEKEND_PROVIDERS,
    budgets: Object.fromEntries(WEEKEND_PROVIDERS.map((p) => [p, providerEntry(p).defaultBudgetPerHour])),
    raceDayEvents: { runsignup: 3, raceroster: 3, haku: 3 },
    // 201 later events in all (3 partners × 67): the catalog deals each provider's events to the partners in turn.
    laterEvents: { runsignup: 23, raceroster: 22, haku: 22 },
    scoredShare: 0.5,
    staggerMs: 8 * MINUTE,
    defaultWorkers: [2],
    // Haku's reads cost one detail call per registration: its 15,000 take 30 h of its 500 calls/h.
    warmUpHours: 36,
  }),
};

export function buildScenario(name: ScenarioName, overrides: { budget?: number; seed?: number } = {}): Scenario {
  const scenario = BUILDERS[name]();
  if (overrides.seed !== undefined) scenario.seed = overrides.seed;
  if (overrides.budget !== undefined) scenario.budgets = Object.fromEntries(scenario.providers.map((p) => [p, overrides.budget!]));
  return scenario;
}

/** Budget of the scenario's connections to `provider`. */
export function budgetOf(s: Scenario, provider: SkinProvider): number {
  return s.budgets[provider] ?? providerEntry(provider).defaultBudgetPerHour;
}
