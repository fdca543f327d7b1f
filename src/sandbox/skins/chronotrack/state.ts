/**
 * GET /_admin/state on the ChronoTrack port, in CT Live's vocabulary: each partner's credentials
 * (with the SHA-1 user_pass simple auth sends), events with their races and counts, and which
 * registration provider each event's entries come from.
 */
import type { World } from '../../world/index.js';
import { sha1Hex } from './auth.js';

export function describeChronoTrackState(world: World): Record<string, unknown> {
  const events = world.eventsAt('chronotrack');
  return {
    seed: world.seed,
    anchor: new Date(world.anchor * 1000).toISOString(),
    partners: world.partners.map(({ partner, accounts }) => ({ partner, ...accounts.chronotrack, user_pass: sha1Hex(accounts.chronotrack.password) })),
    events: events.map((event) => ({
      eventId: event.ids.chronotrack,
      event: event.id,
      partner: event.partner,
      name: event.name,
      startTime: new Date(event.start * 1000).toISOString(),
      registeredAt: event.host,
      races: event.races.map((race) => ({
        raceId: race.ids.chronotrack,
        race: race.id,
        name: race.name,
        entries: world.activeCount(race),
        hasResults: world.hasResults(race),
      })),
    })),
    totals: {
      events: events.length,
      races: events.reduce((n, e) => n + e.races.length, 0),
      entries: events.reduce((n, e) => n + e.races.reduce((m, r) => m + world.activeCount(r), 0), 0),
    },
  };
}
