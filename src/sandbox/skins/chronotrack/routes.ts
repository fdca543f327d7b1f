/**
 * CT Live's resources (providers.md §2.5): each route names its JSON root key (`<parent>_<child>`
 * for lists under a parent, the singular name for one entity; the [CONFLICT] ones by switch) and
 * resolves its ids to the world, refusing another partner's events (403) and unknown ids (404).
 */
import { HttpError } from '../../server/http-error.js';
import type { Registration, WorldEvent, WorldRace } from '../../world/index.js';
import { bracketsOf, intervalsOf } from './brackets.js';
import type { CtContext } from './context.js';
import type { ResolvedChronoTrackOptions } from './options.js';
import { registrationIdOfEntry, renderBrackets, renderEntry, renderEvent, renderIntervals, renderRace, renderWave } from './render.js';
import { raceResultRows } from './results.js';
import type { CtRecord } from './strings.js';

export interface Listing {
  rows: CtRecord[];
  cap: 'entry' | 'results' | 'other';
}

type Answer = Listing | { record: CtRecord };

interface Route {
  pattern: RegExp;
  root(options: ResolvedChronoTrackOptions): string;
  handler(context: CtContext): Answer;
}

const numeric = (id: string | undefined): number => (id !== undefined && /^\d+$/.test(id) ? Number(id) : Number.NaN);

function ownEvent(context: CtContext, event: WorldEvent | undefined): WorldEvent {
  if (!event) throw new HttpError(404, 'not found');
  if (event.partner !== context.partner) throw new HttpError(403, 'forbidden');
  return event;
}

const eventOf = (c: CtContext) => ownEvent(c, c.world.eventAt('chronotrack', numeric(c.id)));

function raceOf(c: CtContext): WorldRace {
  const race = c.world.raceAt('chronotrack', numeric(c.id));
  ownEvent(c, race?.event);
  return race as WorldRace;
}

/** A bracket or interval id encodes its race's index (see brackets.ts). */
function raceByIndexedId(c: CtContext, base: number): WorldRace {
  const race = c.world.races[Math.floor((numeric(c.id) - base) / 20)];
  if (!race || race.ids.chronotrack === undefined) throw new HttpError(404, 'not found');
  ownEvent(c, race.event);
  return race;
}

function entries(c: CtContext, races: readonly WorldRace[]): Listing {
  const withBirthdate = c.params.get('need_athlete_birthdate') === 'true' || c.params.get('include_all_fields') === 'true';
  const rows = races.flatMap((race) =>
    c.world.registrationsWith(race, 'active').map((r: Registration) => c.corruptions.apply('participant', r.id, renderEntry(race, r, withBirthdate))));
  return { rows, cap: 'entry' };
}

function results(c: CtContext, races: readonly WorldRace[], params = c.params): Listing {
  const rows = races.flatMap((race) =>
    raceResultRows(c.world, race, params).map((row) => c.corruptions.apply('result', registrationIdOfEntry(Number(row.results_entry_id)), row)));
  return { rows, cap: 'results' };
}

/** One URL parameter set to a value, for the bracket/interval result routes. */
function withParam(params: URLSearchParams, name: string, value: string): URLSearchParams {
  const copy = new URLSearchParams(params);
  copy.set(name, value);
  return copy;
}

const fixed = (root: string) => () => root;
const list = (rows: CtRecord[]): Listing => ({ rows, cap: 'other' });

export const ROUTES: Route[] = [
  { pattern: /^\/event$/, root: fixed('event'), handler: (c) => list(c.world.eventsAt('chronotrack', c.partner).map(renderEvent)) },
  { pattern: /^\/event\/([^/]+)$/, root: fixed('event'), handler: (c) => ({ record: renderEvent(eventOf(c)) }) },
  { pattern: /^\/event\/([^/]+)\/race$/, root: (o) => o.raceListRoot, handler: (c) => list(eventOf(c).races.map(renderRace)) },
  { pattern: /^\/event\/([^/]+)\/entry$/, root: fixed('event_entry'), handler: (c) => entries(c, eventOf(c).races) },
  { pattern: /^\/event\/([^/]+)\/results$/, root: fixed('event_results'), handler: (c) => results(c, eventOf(c).races) },
  { pattern: /^\/event\/([^/]+)\/bracket$/, root: (o) => o.bracketRoot, handler: (c) => list(eventOf(c).races.flatMap(renderBrackets)) },
  { pattern: /^\/event\/([^/]+)\/interval$/, root: (o) => o.intervalRoot, handler: (c) => list(eventOf(c).races.flatMap(renderIntervals)) },
  { pattern: /^\/event\/([^/]+)\/wave$/, root: (o) => o.waveRoot, handler: (c) => list(eventOf(c).races.map(renderWave)) },
  { pattern: /^\/race\/([^/]+)$/, root: (o) => o.raceRoot, handler: (c) => ({ record: renderRace(raceOf(c)) }) },
  { pattern: /^\/race\/([^/]+)\/entry$/, root: fixed('race_entry'), handler: (c) => entries(c, [raceOf(c)]) },
  { pattern: /^\/race\/([^/]+)\/results$/, root: fixed('race_results'), handler: (c) => results(c, [raceOf(c)]) },
  { pattern: /^\/race\/([^/]+)\/bracket$/, root: fixed('race_bracket'), handler: (c) => list(renderBrackets(raceOf(c))) },
  {
    pattern: /^\/entry\/([^/]+)$/,
    root: fixed('entry'),
    handler: (c) => {
      const registrationId = registrationIdOfEntry(numeric(c.id));
      const race = c.world.races[(registrationId - 10_000_000) % c.world.races.length];
      const registration = race?.ids.chronotrack === undefined ? undefined : c.world.registration(race, registrationId);
      if (!race || !registration || registration.status !== 'active') throw new HttpError(404, 'not found');
      ownEvent(c, race.event);
      return { record: c.corruptions.apply('participant', registration.id, renderEntry(race, registration, true)) };
    },
  },
  {
    pattern: /^\/bracket\/([^/]+)\/results$/,
    root: fixed('bracket_results'),
    handler: (c) => {
      const race = raceByIndexedId(c, 700_000);
      if (!bracketsOf(race).some((b) => b.id === numeric(c.id))) throw new HttpError(404, 'not found');
      return results(c, [race], withParam(c.params, 'bracket', c.id as string));
    },
  },
  {
    pattern: /^\/interval\/([^/]+)\/results$/,
    root: fixed('interval_results'),
    handler: (c) => {
      const race = raceByIndexedId(c, 800_000);
      if (!intervalsOf(race).some((i) => i.id === numeric(c.id))) throw new HttpError(404, 'not found');
      return results(c, [race], withParam(c.params, 'interval', c.id as string));
    },
  },
];
