/**
 * GET /_admin/state on the Race Roster port, in Race Roster's vocabulary: each partner's
 * credentials, events with their sub-events and counts (what the API shows now), and the tokens issued.
 */
import type { World } from '../../world/index.js';

export function describeRaceRosterState(world: World): Record<string, unknown> {
  const events = world.eventsAt('raceroster');
  return {
    seed: world.seed,
    anchor: new Date(world.anchor * 1000).toISOString(),
    partners: world.partners.map(({ partner, accounts }) => ({ partner, ...accounts.raceroster })),
    events: events.map((event) => ({
      eventId: event.ids.raceroster,
      event: event.id,
      partner: event.partner,
      name: event.name,
      startDate: new Date(event.start * 1000).toISOString(),
      timeZone: event.timeZone,
      past: event.past,
      scoredAt: event.scorer,
      subEvents: event.races.map((race) => ({
        subEventId: race.ids.raceroster,
        race: race.id,
        name: race.name,
        activeParticipants: world.activeCount(race),
        hasResults: world.hasResults(race),
      })),
    })),
    totals: {
      events: events.length,
      subEvents: events.reduce((n, e) => n + e.races.length, 0),
      activeParticipants: events.reduce((n, e) => n + e.races.reduce((m, r) => m + world.activeCount(r), 0), 0),
    },
  };
}
