/**
 * The ids each provider gives the events and races it shows: the same event is RunSignUp race 1234
 * and ChronoTrack event 89332. Each provider counts up in catalog order with random gaps of its own
 * (from its own seeded stream), in the id style it uses: integers, Haku's 20-hex slugs, Copernico's
 * name slugs and event names.
 */
import type { WorldEvent, WorldRace } from './event-builder.js';
import { asciiOf } from './names.js';
import { createRandom, hashSeed, type Random } from './random.js';
import type { ProviderName } from './types.js';

export const providerKey = (provider: ProviderName, id: string | number): string => `${provider}:${id}`;

const HOST_PREFIX = { runsignup: 'RSU', raceroster: 'RR', haku: 'HAKU' } as const;

/** How a scoring provider names a registration it got from the event's registration provider: "RSU-2645624". */
export function hostRegistrationKey(event: WorldEvent, registrationId: number): string {
  return `${HOST_PREFIX[event.host]}-${registrationId}`;
}

interface Counter {
  next(): number;
}

function counter(random: Random, start: number, maxGap: number): Counter {
  let value = start + random.int(0, maxGap * 20);
  return { next: () => (value += random.int(1, maxGap)) };
}

/** "Boston Turkey Trot" in 2025 → "boston-turkey-trot-2025"; repeats get "-2", "-3". */
function copernicoSlug(event: WorldEvent, used: Map<string, number>): string {
  const words = event.name.split(/\s+/).map((word) => asciiOf(word)).join('-');
  const base = `${words}-${event.localDate.slice(0, 4)}`;
  const seen = (used.get(base) ?? 0) + 1;
  used.set(base, seen);
  return seen === 1 ? base : `${base}-${seen}`;
}

export function assignProviderIds(seed: number, events: readonly WorldEvent[]) {
  const stream = (provider: ProviderName) => createRandom(hashSeed(seed, 'ids', provider));
  const rsuRandom = stream('runsignup');
  const ids = {
    rsuRace: counter(rsuRandom, 1000, 37),
    rsuEvent: counter(rsuRandom, 500_000, 23),
    rrEvent: counter(stream('raceroster'), 120_000, 41),
    rrSubEvent: counter(stream('raceroster'), 980_000, 17),
    hakuCategory: counter(stream('haku'), 4000, 9),
    ctEvent: counter(stream('chronotrack'), 80_000, 29),
    ctRace: counter(stream('chronotrack'), 100_000, 13),
  };
  const slugs = new Map<string, number>();
  const eventByProviderId = new Map<string, WorldEvent>();
  const raceByProviderId = new Map<string, WorldRace>();
  const label = (event: WorldEvent, provider: ProviderName, id: number | string) => eventByProviderId.set(providerKey(provider, id), event);
  const labelRace = (race: WorldRace, provider: ProviderName, id: number | string) => raceByProviderId.set(providerKey(provider, id), race);

  for (const event of events) {
    const at = new Set<ProviderName>([event.host, ...(event.scorer ? [event.scorer] : [])]);
    if (at.has('runsignup')) label(event, 'runsignup', (event.ids.runsignup = ids.rsuRace.next()));
    if (at.has('raceroster')) label(event, 'raceroster', (event.ids.raceroster = ids.rrEvent.next()));
    if (at.has('haku')) label(event, 'haku', (event.ids.haku = createRandom(hashSeed(seed, 'haku-event', event.index)).hex(20)));
    if (at.has('chronotrack')) label(event, 'chronotrack', (event.ids.chronotrack = ids.ctEvent.next()));
    if (at.has('copernico')) label(event, 'copernico', (event.ids.copernico = copernicoSlug(event, slugs)));
    for (const race of event.races) {
      if (at.has('runsignup')) labelRace(race, 'runsignup', (race.ids.runsignup = ids.rsuEvent.next()));
      if (at.has('raceroster')) labelRace(race, 'raceroster', (race.ids.raceroster = ids.rrSubEvent.next()));
      if (at.has('haku')) labelRace(race, 'haku', (race.ids.haku = ids.hakuCategory.next()));
      if (at.has('chronotrack')) labelRace(race, 'chronotrack', (race.ids.chronotrack = ids.ctRace.next()));
      // Copernico addresses an event (our race) by its name within the race (our event).
      if (at.has('copernico')) labelRace(race, 'copernico', `${event.ids.copernico}/${(race.ids.copernico = race.name)}`);
    }
  }
  return { eventByProviderId, raceByProviderId };
}
