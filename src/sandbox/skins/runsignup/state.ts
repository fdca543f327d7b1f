/**
 * GET /_admin/state on the RunSignUp port, in RunSignUp's vocabulary: partners with their keys,
 * races with their events and counts (what the API shows now), and the results POSTed so far.
 */
import { formatIsoUtc } from '../../world/time.js';
import type { RsuPartner, RsuSkinState } from './context.js';
import { resultSetsOf } from './render-results.js';

export function describeRunSignupState(state: RsuSkinState, partners: readonly RsuPartner[]): Record<string, unknown> {
  const { world } = state;
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  const races = world.eventsAt('runsignup');
  const events = races.flatMap((race) => race.races);
  return {
    seed: world.seed,
    anchor: iso(world.anchor),
    now: world.clock.now().toISOString(),
    partners: partners.map((p) => ({ ...p, raceIds: world.eventsAt('runsignup', p.partner).map((race) => race.ids.runsignup) })),
    races: races.map((race) => ({
      raceId: race.ids.runsignup,
      partner: race.partner,
      name: race.name,
      timezone: race.timeZone,
      date: race.localDate,
      past: race.past,
      scoredAt: race.scorer,
      events: race.races.map((event) => ({
        eventId: event.ids.runsignup,
        race: event.id,
        name: event.name,
        startTime: iso(event.start),
        past: event.past,
        participants: world.activeCount(event),
        resultSets: resultSetsOf(world, state.ids, state.options.resultSetsPerRace, event).length,
      })),
    })),
    totals: {
      races: races.length,
      events: events.length,
      participants: events.reduce((sum, event) => sum + world.activeCount(event), 0),
    },
    resultPosts: state.posts.map((post) => ({ ...post, at: formatIsoUtc(post.at) })),
  };
}
