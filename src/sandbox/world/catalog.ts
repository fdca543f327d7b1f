/**
 * The eagerly built part of the world: partners, events, races, and per-race numbers (counts, bib
 * ranges, registration windows). Cheap even at 1,600 events; registrations are generated later, per
 * race, from these numbers.
 */
import { buildPartner, type WorldPartner } from './accounts.js';
import { distributeRegistrations, endedCountFor } from './counts.js';
import { buildEvent, buildRace, type WorldEvent, type WorldRace } from './event-builder.js';
import type { ResolvedWorldOptions } from './options.js';
import { assignProviderIds } from './provider-ids.js';
export { providerKey } from './provider-ids.js';
import { createRandom, hashSeed } from './random.js';
import { DAY } from './time.js';
import { REGISTRATION_PROVIDERS, type RegistrationProvider } from './types.js';

export type { WorldEvent, WorldRace } from './event-builder.js';

export interface Catalog {
  anchor: number;
  partners: WorldPartner[];
  events: WorldEvent[];
  races: WorldRace[];
  /** `${provider}:${provider id}` → event or race, for skins resolving the ids they show. */
  eventByProviderId: Map<string, WorldEvent>;
  raceByProviderId: Map<string, WorldRace>;
  /** Registration ids are 10,000,000 + slot × races + race index; slots follow registration time. */
  slotOrigin: number;
  slotSeconds: number;
  firstNewSlot: number;
  /** Distinct people registering in several races (their ids come after everyone else's). */
  sharedPeople: number;
}

const REGISTRATION_ID_BASE = 10_000_000;

export function buildCatalog(options: ResolvedWorldOptions): Catalog {
  const random = createRandom(hashSeed(options.seed, 'catalog'));
  const partners = Array.from({ length: options.partners }, (_, i) => buildPartner(options.seed, i + 1));
  const hosts: Array<{ host: RegistrationProvider; partner: number }> = [];
  for (const host of REGISTRATION_PROVIDERS) {
    const count = options.partners * options.eventsPerPartner[host];
    for (let i = 0; i < count; i++) hosts.push({ host, partner: (i % options.partners) + 1 });
  }
  const pastCount = Math.round(options.pastShare * hosts.length);
  const pastSet = new Set(random.shuffle(hosts.map((_, i) => i)).slice(0, pastCount));

  const events: WorldEvent[] = [];
  const races: WorldRace[] = [];
  hosts.forEach(({ host, partner }, index) => {
    const event = buildEvent(options, { index, host, partner, past: pastSet.has(index) });
    for (let position = 0; position < options.racesPerEvent; position++) {
      const race = buildRace(options, event, position, races.length);
      event.races.push(race);
      races.push(race);
    }
    events.push(event);
  });
  return finishCatalog(options, partners, events, races);
}

/** Second pass: counts, bib ranges and ids need every race to exist first. */
function finishCatalog(options: ResolvedWorldOptions, partners: WorldPartner[], events: WorldEvent[], races: WorldRace[]): Catalog {
  const counts =
    options.totalRegistrations === undefined
      ? races.map(() => options.registrationsPerRace)
      : distributeRegistrations(options.seed, races.length, options.totalRegistrations);
  let maxRecords = 0;
  let active = 0;
  for (const race of races) {
    race.count = counts[race.index] ?? 0;
    race.endedCount = endedCountFor(race.count);
    maxRecords = Math.max(maxRecords, race.count + race.endedCount);
    active += race.count;
  }
  for (const event of events) {
    // Bibs are unique within an event (a race day), each race in its own thousand-aligned range.
    let nextBib = 1;
    for (const race of event.races) {
      race.bibBase = nextBib;
      nextBib = Math.ceil((nextBib + race.count + race.endedCount + 1) / 1000) * 1000 + 1;
    }
    event.firstFreeBib = nextBib;
  }
  const { eventByProviderId, raceByProviderId } = assignProviderIds(options.seed, events);
  const slotOrigin = options.anchor - 400 * DAY;
  const slotSeconds = 600;
  return {
    anchor: options.anchor,
    partners,
    events,
    races,
    eventByProviderId,
    raceByProviderId,
    slotOrigin,
    slotSeconds,
    firstNewSlot: Math.floor((options.anchor - slotOrigin) / slotSeconds) + maxRecords + 10,
    sharedPeople: Math.max(20, Math.round((active * options.sharedPeopleShare) / 3)),
  };
}

export function registrationIdOf(catalog: Catalog, slot: number, race: WorldRace): number {
  return REGISTRATION_ID_BASE + slot * catalog.races.length + race.index;
}
