/**
 * GET /_admin/state on the Copernico port, in Copernico's vocabulary: each partner's api key,
 * races (world events) with their events (world races) and athlete counts, and how many
 * registrations were pushed to each race, and every registration POST as it came.
 */
import type { World } from '../../world/index.js';
import type { RegistrationStore } from './registrations.js';

export function describeCopernicoState(world: World, registrations: RegistrationStore): Record<string, unknown> {
  const races = world.eventsAt('copernico');
  return {
    seed: world.seed,
    anchor: new Date(world.anchor * 1000).toISOString(),
    partners: world.partners.map(({ partner, accounts }) => ({ partner, ...accounts.copernico })),
    races: races.map((event) => ({
      raceId: event.ids.copernico,
      event: event.id,
      partner: event.partner,
      name: event.name,
      date: event.localDate,
      registeredAt: event.host,
      events: event.races.map((race) => ({ name: race.ids.copernico, race: race.id, athletes: world.activeCount(race), hasResults: world.hasResults(race) })),
    })),
    pushedRegistrations: registrations.counts(),
    registrationPosts: registrations.posts,
  };
}
