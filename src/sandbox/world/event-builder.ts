/**
 * One event (a race day in one city and time zone) and its races (starts at 07:00, 07:30, 08:15, …
 * local, each a distance with its split points). Every choice comes from a random seeded by the
 * event's or race's index, so building them in any order gives the same world.
 */
import { START_TIMES, type Distance } from './distances.js';
import { RACE_THEMES } from './names.js';
import type { ResolvedWorldOptions } from './options.js';
import { hostCities, STREETS, type City } from './places.js';
import { createRandom, hashSeed, type Random } from './random.js';
import { DAY, epochOfWallTime, formatIsoDate } from './time.js';
import type { RegistrationProvider, ScoringProvider, Split } from './types.js';

export interface EventIds {
  runsignup?: number;
  raceroster?: number;
  haku?: string;
  chronotrack?: number;
  copernico?: string;
}

export interface RaceIds {
  runsignup?: number;
  raceroster?: number;
  haku?: number;
  chronotrack?: number;
  copernico?: string;
}

export interface WorldEvent {
  /** Neutral id (index + 1); providers show their own ids (`ids`). */
  id: number;
  index: number;
  partner: number;
  host: RegistrationProvider;
  scorer: ScoringProvider | null;
  name: string;
  theme: string;
  city: City;
  street: string;
  timeZone: string;
  /** Unix seconds of the first race's start. */
  start: number;
  /** "YYYY-MM-DD" in the event's zone. */
  localDate: string;
  /** Before the anchor: its results are complete. */
  past: boolean;
  lastYearStart: number | null;
  createdAt: number;
  lastModifiedAt: number;
  isPrivate: boolean;
  feeAbsorbed: boolean;
  hasLogo: boolean;
  races: WorldRace[];
  /** First bib above every race's range; bibs handed out by mutations start here. */
  firstFreeBib: number;
  ids: EventIds;
}

export interface WorldRace {
  id: number;
  /** Position in the whole world; part of registration ids so they are unique without coordination. */
  index: number;
  event: WorldEvent;
  position: number;
  distance: Distance;
  name: string;
  /** The free-text distance one provider shows ("5K", "3.1 Miles"). */
  distanceLabel: string;
  details: string | null;
  start: number;
  past: boolean;
  registrationOpens: number;
  earlyUntil: number;
  /** Base registrations are placed before this instant (before the race and before the anchor). */
  registrationCloses: number;
  earlyFeeCents: number;
  feeCents: number;
  count: number;
  /** Base registrations removed or cancelled, on top of `count`. */
  endedCount: number;
  bibBase: number;
  splits: readonly Split[];
  /** Some timers record hundredths, some do not; some have no chip mats. */
  hundredths: boolean;
  chipTimed: boolean;
  ids: RaceIds;
}

interface EventSeat {
  index: number;
  host: RegistrationProvider;
  partner: number;
  past: boolean;
}

function pickScorer(random: Random, share: number): ScoringProvider | null {
  if (!random.chance(share)) return null;
  return random.chance(0.5) ? 'chronotrack' : 'copernico';
}

export function buildEvent(options: ResolvedWorldOptions, seat: EventSeat): WorldEvent {
  const random = createRandom(hashSeed(options.seed, 'event', seat.index));
  const city = random.pick(hostCities(seat.host, random.next()));
  const theme = random.pick(RACE_THEMES);
  const dayOffset = seat.past ? random.int(-60, -1) : random.int(1, 120);
  const day = new Date((options.anchor + dayOffset * DAY) * 1000);
  const [hour, minute] = START_TIMES[0] as [number, number];
  const placed = options.eventStarts?.(seat.index);
  const start = placed
    ? Math.floor(placed.getTime() / 1000)
    : epochOfWallTime(city.timeZone, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hour, minute);
  const past = placed ? start < options.anchor : seat.past;
  return {
    id: seat.index + 1,
    index: seat.index,
    partner: seat.partner,
    host: seat.host,
    scorer: pickScorer(random, options.scoredShare),
    name: `${city.city} ${theme}`,
    theme,
    city,
    street: `${random.int(1, 999)} ${random.pick(STREETS)}`,
    timeZone: city.timeZone,
    start,
    localDate: formatIsoDate(start, city.timeZone),
    past,
    lastYearStart: !past && random.chance(0.6) ? start - 364 * DAY : null,
    createdAt: start - random.int(200, 700) * DAY - random.int(0, DAY),
    lastModifiedAt: random.int(start - 160 * DAY, Math.min(start, options.anchor) - 3600),
    isPrivate: random.chance(0.05),
    feeAbsorbed: random.chance(0.1),
    hasLogo: random.chance(0.7),
    races: [],
    firstFreeBib: 0,
    ids: {},
  };
}

function pickDistance(random: Random, position: number, distances: readonly Distance[]): { distance: Distance; suffix: string } {
  const order = random.shuffle([...distances]);
  const distance = order[position % order.length] as Distance;
  const wave = Math.floor(position / order.length);
  return { distance, suffix: wave > 0 ? ` (Wave ${wave + 1})` : '' };
}

export function buildRace(options: ResolvedWorldOptions, event: WorldEvent, position: number, index: number): WorldRace {
  const { distance, suffix } = pickDistance(createRandom(hashSeed(options.seed, 'event-distances', event.index)), position, options.distances);
  const random = createRandom(hashSeed(options.seed, 'race', index));
  // Beyond the listed start times, one more wave every half hour from 11:00.
  const extra = position - START_TIMES.length;
  const [hour, minute] = START_TIMES[position] ?? [11 + Math.floor(extra / 2), (extra % 2) * 30];
  // Same local day as the event's first start (07:00); no DST switch happens between 07:00 and noon.
  const start = event.start + ((hour - 7) * 60 + minute) * 60;
  const registrationOpens = event.start - 150 * DAY;
  const registrationCloses = Math.min(start, options.anchor) - 3600;
  const feeCents = distance.feeCents + random.int(0, 4) * 500;
  return {
    id: index + 1,
    index,
    event,
    position,
    distance,
    name: `${distance.name}${suffix}`,
    distanceLabel: random.pick(distance.labels),
    details: random.chance(0.5) ? 'subject to change' : null,
    start,
    past: start < options.anchor,
    registrationOpens,
    earlyUntil: registrationOpens + Math.floor((registrationCloses - registrationOpens) / 2),
    registrationCloses,
    earlyFeeCents: feeCents - 1000,
    feeCents,
    count: 0,
    endedCount: 0,
    bibBase: 0,
    splits: distance.splits,
    hundredths: random.chance(0.6),
    chipTimed: random.chance(0.7),
    ids: {},
  };
}
