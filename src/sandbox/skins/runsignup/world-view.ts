/**
 * Read access to the world in RunSignUp's shapes and ids, for tests and benchmarks written against
 * the RunSignUp sandbox (`startRunSignupSandbox().world`). Everything is rendered as the API would
 * show it now; arrays are fresh copies.
 */
import type { World, WorldRace } from '../../world/index.js';
import type { RsuPartner, RsuSkinState } from './context.js';
import { renderRace } from './render-events.js';
import { renderRemoved, withQuestions } from './render-participants.js';
import { renderRow, resultSetsOf } from './render-results.js';
import type { RsuParticipant, RsuRace, RsuRemovedParticipant, RsuResultSet } from './shapes.js';

export interface SandboxCredential {
  partner: number;
  apiKey: string;
  apiSecret: string;
}

export interface SandboxPartner extends SandboxCredential {
  /** RunSignUp-style partner id. */
  partnerId: number;
  raceIds: number[];
}

export interface SandboxEventInfo {
  eventId: number;
  raceId: number;
  name: string;
  /** Unix seconds. */
  startTime: number;
  /** Start before the anchor: the event has complete result sets. */
  past: boolean;
  participantCount: number;
  resultSetCount: number;
}

export interface SandboxWorld {
  readonly seed: number;
  /** Unix seconds. */
  readonly anchor: number;
  readonly partners: readonly SandboxPartner[];
  readonly raceIds: readonly number[];
  /** Race detail with all events (as GET /Rest/race/{id}). */
  race(raceId: number): RsuRace | undefined;
  eventIds(raceId?: number): number[];
  eventInfo(eventId: number): SandboxEventInfo | undefined;
  participants(eventId: number, options?: { includeQuestions?: boolean }): RsuParticipant[];
  removedParticipants(eventId: number): RsuRemovedParticipant[];
  resultSets(eventId: number): RsuResultSet[];
  /** Active participants of one event, or of the whole world; never generates participants. */
  participantCount(eventId?: number): number;
}

export function runSignupWorldView(state: RsuSkinState, partners: readonly RsuPartner[]): SandboxWorld {
  const world: World = state.world;
  const races = world.eventsAt('runsignup');
  const event = (eventId: number): WorldRace | undefined => world.raceAt('runsignup', eventId);
  const setsOf = (e: WorldRace) => resultSetsOf(world, state.ids, state.options.resultSetsPerRace, e);
  return {
    seed: world.seed,
    anchor: world.anchor,
    partners: partners.map((p) => ({ ...p, raceIds: world.eventsAt('runsignup', p.partner).map((race) => race.ids.runsignup as number) })),
    raceIds: races.map((race) => race.ids.runsignup as number),
    race: (raceId) => {
      const race = world.eventAt('runsignup', raceId);
      return race ? renderRace(race, { events: race.races, detail: true }) : undefined;
    },
    eventIds: (raceId) => {
      const list = raceId === undefined ? races : races.filter((race) => race.ids.runsignup === raceId);
      return list.flatMap((race) => race.races.map((e) => e.ids.runsignup as number));
    },
    eventInfo: (eventId) => {
      const e = event(eventId);
      if (!e) return undefined;
      const info = { eventId, raceId: e.event.ids.runsignup as number, name: e.name, startTime: e.start, past: e.past };
      return { ...info, participantCount: world.activeCount(e), resultSetCount: setsOf(e).length };
    },
    participants: (eventId, options = {}) => {
      const e = event(eventId);
      if (!e) return [];
      return world.registrationsWith(e, 'active').map((r) => {
        const rendered = state.participant(e, r);
        return options.includeQuestions ? withQuestions(world.seed, e, rendered) : rendered;
      });
    },
    removedParticipants: (eventId) => {
      const e = event(eventId);
      return e ? world.registrationsWith(e, 'removed', 'cancelled').map((r) => renderRemoved(e, r)) : [];
    },
    resultSets: (eventId) => {
      const e = event(eventId);
      if (!e) return [];
      const sets = setsOf(e);
      const { finished, unfinished } = sets.length > 0 ? world.results(e) : { finished: [], unfinished: [] };
      return sets.map((set) => ({ ...set.meta, results_headers: set.headers, results: [...finished, ...unfinished].map((view) => renderRow(set, e, state.ids, view)) }));
    },
    participantCount: (eventId) => {
      if (eventId !== undefined) {
        const e = event(eventId);
        return e ? world.activeCount(e) : 0;
      }
      return races.reduce((sum, race) => sum + race.races.reduce((n, e) => n + world.activeCount(e), 0), 0);
    },
  };
}
