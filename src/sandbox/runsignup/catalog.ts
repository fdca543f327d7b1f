/**
 * The eagerly built part of the world: partners, races, events, and per-event numbers (counts, id
 * bases, registration windows). Cheap even at 1,600 races; participants are generated later, per
 * event, from these numbers.
 */
import { distributeParticipants, removedCountFor } from './counts.js';
import { epochOfWallTime } from './formats.js';
import { CITIES, DISTANCES, RACE_THEMES, START_TIMES, STREETS, type City, type Distance } from './names.js';
import type { ResolvedOptions } from './options.js';
import { createRandom, hashSeed, type Random } from './random.js';

const DAY = 86_400;

export interface CatalogPartner {
  partner: number;
  partnerId: number;
  apiKey: string;
  apiSecret: string;
  raceIds: number[];
}

export interface CatalogEvent {
  eventId: number;
  /** Position in the whole world; part of registration ids so they are unique without coordination. */
  index: number;
  race: CatalogRace;
  position: number;
  distance: Distance;
  name: string;
  distanceLabel: string;
  details: string | null;
  start: number;
  registrationOpens: number;
  earlyUntil: number;
  /** Base registrations are placed before this instant (before the event and before the anchor). */
  registrationCloses: number;
  earlyFeeCents: number;
  feeCents: number;
  count: number;
  removedCount: number;
  bibBase: number;
  past: boolean;
  resultSetCount: number;
  resultSetIdBase: number;
  resultIdBase: number;
  divisionIdBase: number;
  customFieldIdBase: number;
  /** Some timers record hundredths, some do not; some have no chip mats. */
  hundredths: boolean;
  chipTimed: boolean;
}

export interface CatalogRace {
  raceId: number;
  index: number;
  partner: number;
  name: string;
  city: City;
  street: string;
  timezone: string;
  past: boolean;
  start: number;
  lastYearStart: number | null;
  createdAt: number;
  lastModifiedAt: number;
  isPrivate: boolean;
  feeAbsorbed: boolean;
  raceEventDaysId: number;
  url: string;
  logoUrl: string | null;
  description: string;
  questionIdBase: number;
  /** First bib above every event's range; bibs handed out by mutations start here. */
  firstFreeBib: number;
  events: CatalogEvent[];
}

export interface Catalog {
  anchor: number;
  partners: CatalogPartner[];
  races: CatalogRace[];
  events: CatalogEvent[];
  raceById: Map<number, CatalogRace>;
  eventById: Map<number, CatalogEvent>;
  /** Registration ids are 10,000,000 + slot × events + event index; slots follow registration time. */
  slotOrigin: number;
  slotSeconds: number;
  firstNewSlot: number;
  firstNewResultId: number;
  firstNewResultSetId: number;
}

export const REGISTRATION_ID_BASE = 10_000_000;

export function buildCatalog(options: ResolvedOptions): Catalog {
  const random = createRandom(hashSeed(options.seed, 'catalog'));
  const partners = buildPartners(options, random);
  const raceCount = options.partners * options.racesPerPartner;
  const pastCount = Math.round(options.pastShare * raceCount);
  const pastOrder = random.shuffle(Array.from({ length: raceCount }, (_, i) => i));
  const pastSet = new Set(pastOrder.slice(0, pastCount));

  const races: CatalogRace[] = [];
  const events: CatalogEvent[] = [];
  let raceId = 1000 + random.int(0, 900);
  let eventId = 500_000 + random.int(0, 9000);
  for (let i = 0; i < raceCount; i++) {
    raceId += random.int(1, 37);
    const race = buildRace(options, i, raceId, pastSet.has(i));
    for (let position = 0; position < options.eventsPerRace; position++) {
      eventId += random.int(1, 23);
      const event = buildEvent(options, race, position, eventId, events.length);
      race.events.push(event);
      events.push(event);
    }
    races.push(race);
    partners[race.partner - 1]?.raceIds.push(race.raceId);
  }
  return finishCatalog(options, partners, races, events);
}

function buildPartners(options: ResolvedOptions, random: Random): CatalogPartner[] {
  return Array.from({ length: options.partners }, (_, i) => ({
    partner: i + 1,
    partnerId: 3000 + i * 17 + random.int(0, 16),
    apiKey: random.hex(32),
    apiSecret: random.hex(32),
    raceIds: [],
  }));
}

function buildRace(options: ResolvedOptions, index: number, raceId: number, past: boolean): CatalogRace {
  const random = createRandom(hashSeed(options.seed, 'race', raceId));
  const city = random.pick(CITIES);
  const theme = random.pick(RACE_THEMES);
  const dayOffset = past ? random.int(-60, -1) : random.int(1, 120);
  const day = new Date((options.anchor + dayOffset * DAY) * 1000);
  const [hour, minute] = START_TIMES[0] as [number, number];
  const placed = options.raceStarts?.(index);
  const start = placed
    ? Math.floor(placed.getTime() / 1000)
    : epochOfWallTime(city.timezone, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hour, minute);
  if (placed) past = start < options.anchor;
  const createdAt = start - random.int(200, 700) * DAY - random.int(0, DAY);
  const lastModifiedAt = random.int(start - 160 * DAY, Math.min(start, options.anchor) - 3600);
  const slug = `${theme.replace(/\W/g, '')}${raceId}`;
  return {
    raceId,
    index,
    partner: (index % options.partners) + 1,
    name: `${city.city} ${theme}`,
    city,
    street: `${random.int(1, 999)} ${random.pick(STREETS)}`,
    timezone: city.timezone,
    past,
    start,
    lastYearStart: !past && random.chance(0.6) ? start - 364 * DAY : null,
    createdAt,
    lastModifiedAt,
    isPrivate: random.chance(0.05),
    feeAbsorbed: random.chance(0.1),
    raceEventDaysId: 90_000 + index * 3 + random.int(0, 2),
    url: `https://runsignup.com/Race/${city.state}/${city.city.replace(/\W/g, '')}/${slug}`,
    logoUrl: random.chance(0.7) ? `https://d368g9lw5ileu7.cloudfront.net/races/race${raceId}-logo.png` : null,
    description: `<p>The ${theme} in ${city.city}. This a loop course.</p>`,
    questionIdBase: 1 + index * 4,
    firstFreeBib: 0,
    events: [],
  };
}

function pickDistance(random: Random, position: number): { distance: Distance; suffix: string } {
  const order = random.shuffle([...DISTANCES]);
  const distance = order[position % order.length] as Distance;
  const wave = Math.floor(position / order.length);
  return { distance, suffix: wave > 0 ? ` (Wave ${wave + 1})` : '' };
}

function buildEvent(options: ResolvedOptions, race: CatalogRace, position: number, eventId: number, index: number): CatalogEvent {
  const raceRandom = createRandom(hashSeed(options.seed, 'race-distances', race.raceId));
  const { distance, suffix } = pickDistance(raceRandom, position);
  const random = createRandom(hashSeed(options.seed, 'event', eventId));
  // Beyond the listed start times, one more wave every half hour from 11:00.
  const extra = position - START_TIMES.length;
  const [hour, minute] = START_TIMES[position] ?? [11 + Math.floor(extra / 2), (extra % 2) * 30];
  // Same local day as the race's first start (07:00); no DST switch happens between 07:00 and noon.
  const start = race.start + ((hour - 7) * 60 + minute) * 60;
  const registrationOpens = race.start - 150 * DAY;
  const registrationCloses = Math.min(start, options.anchor) - 3600;
  const feeCents = distance.feeCents + random.int(0, 4) * 500;
  return {
    eventId,
    index,
    race,
    position,
    distance,
    name: `${distance.name}${suffix}`,
    distanceLabel: random.pick(distance.labels),
    details: random.chance(0.5) ? 'subject to change' : null,
    start,
    registrationOpens,
    earlyUntil: registrationOpens + Math.floor((registrationCloses - registrationOpens) / 2),
    registrationCloses,
    earlyFeeCents: feeCents - 1000,
    feeCents,
    count: 0,
    removedCount: 0,
    bibBase: 0,
    past: start < options.anchor,
    resultSetCount: 0,
    resultSetIdBase: 0,
    resultIdBase: 0,
    divisionIdBase: 9_554_000 + index * 16,
    customFieldIdBase: 649_000 + index * 4,
    hundredths: random.chance(0.6),
    chipTimed: random.chance(0.7),
  };
}

/** Second pass: counts, bib ranges and id bases need every event to exist first. */
function finishCatalog(options: ResolvedOptions, partners: CatalogPartner[], races: CatalogRace[], events: CatalogEvent[]): Catalog {
  const counts =
    options.totalParticipants === undefined
      ? events.map(() => options.participantsPerEvent)
      : distributeParticipants(options.seed, events.length, options.totalParticipants);
  let resultId = 100_000_000;
  let resultSetId = 690_000;
  let maxRecords = 0;
  for (const event of events) {
    event.count = counts[event.index] ?? 0;
    event.removedCount = removedCountFor(event.count);
    event.resultSetCount = event.past ? options.resultSetsPerEvent : 0;
    event.resultSetIdBase = resultSetId;
    resultSetId += event.resultSetCount + 3;
    event.resultIdBase = resultId;
    resultId += event.resultSetCount * (event.count + 1) + 97;
    maxRecords = Math.max(maxRecords, event.count + event.removedCount);
  }
  for (const race of races) {
    let nextBib = 1;
    for (const event of race.events) {
      event.bibBase = nextBib;
      nextBib = Math.ceil((nextBib + event.count + event.removedCount + 1) / 1000) * 1000 + 1;
    }
    race.firstFreeBib = nextBib;
  }
  const slotOrigin = options.anchor - 400 * DAY;
  const slotSeconds = 600;
  return {
    anchor: options.anchor,
    partners,
    races,
    events,
    raceById: new Map(races.map((race) => [race.raceId, race])),
    eventById: new Map(events.map((event) => [event.eventId, event])),
    slotOrigin,
    slotSeconds,
    firstNewSlot: Math.floor((options.anchor - slotOrigin) / slotSeconds) + maxRecords + 10,
    firstNewResultId: resultId + 1000,
    firstNewResultSetId: resultSetId + 1000,
  };
}

export function registrationIdOf(catalog: Catalog, slot: number, event: CatalogEvent): number {
  return REGISTRATION_ID_BASE + slot * catalog.events.length + event.index;
}
