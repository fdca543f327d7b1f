/**
 * GET /_admin/state on the Haku port, in Haku's vocabulary: each partner's client credentials, and
 * events with their categories and counts (what the API shows now).
 */
import type { World } from '../../world/index.js';

export function describeHakuState(world: World): Record<string, unknown> {
  const events = world.eventsAt('haku');
  return {
    seed: world.seed,
    anchor: new Date(world.anchor * 1000).toISOString(),
    partners: world.partners.map(({ partner, accounts }) => ({ partner, ...accounts.haku })),
    events: events.map((event) => ({
      id: event.ids.haku,
      event: event.id,
      partner: event.partner,
      name: event.name,
      eventDate: event.localDate,
      timeZone: event.timeZone,
      scoredAt: event.scorer,
      categories: event.races.map((race) => ({
        id: race.ids.haku,
        race: race.id,
        name: race.name,
        activeRegistrations: world.activeCount(race),
      })),
    })),
    totals: {
      events: events.length,
      activeRegistrations: events.reduce((n, e) => n + e.races.reduce((m, r) => m + world.activeCount(r), 0), 0),
    },
  };
}
