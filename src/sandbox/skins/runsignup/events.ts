/**
 * GET /Rest/races (the calling partner's races; page ≤ 1000, events=T, start_date/end_date on
 * next_date, sort) and GET /Rest/race/{race_id} (all events, future_events_only=T on the clock).
 */
import type { WorldEvent } from '../../world/index.js';
import { ApiError } from './errors.js';
import { requireRace, type ApiContext } from './context.js';
import { parseIsoDate } from './formats.js';
import { readFlag, readPage } from './params.js';
import { renderRace } from './render-events.js';

const RACES_PAGE_CAP = 1000;

function readDate(params: URLSearchParams, name: string): string | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  const date = parseIsoDate(text);
  if (date === undefined) throw new ApiError(3);
  return date;
}

function compareRaces(sort: string | null): (a: WorldEvent, b: WorldEvent) => number {
  const [key, direction] = (sort ?? '').trim().toLowerCase().split(/\s+/);
  const sign = direction === 'desc' ? -1 : 1;
  if (key === 'date') return (a, b) => sign * (a.start - b.start) || a.index - b.index;
  if (key === 'name') return (a, b) => sign * a.name.localeCompare(b.name) || a.index - b.index;
  // Unknown sorts are ignored like other search options; race id order is stable across pages.
  return (a, b) => (key === 'race_id' ? sign : 1) * (a.index - b.index);
}

export function listRaces(context: ApiContext): unknown {
  const { params, world, partner, emptyPage } = context;
  const { offset, perPage } = readPage(params, ['results_per_page'], 50, RACES_PAGE_CAP);
  const includeEvents = readFlag(params, 'events');
  const startDate = readDate(params, 'start_date');
  const endDate = readDate(params, 'end_date');
  const name = params.get('name')?.toLowerCase();
  const races = world
    .eventsAt('runsignup', partner.partner)
    .filter((race) => {
      const nextDate = race.localDate;
      if (startDate !== undefined && nextDate < startDate) return false;
      if (endDate !== undefined && nextDate > endDate) return false;
      return name === undefined || name === '' || race.name.toLowerCase().includes(name);
    })
    .sort(compareRaces(params.get('sort')));
  return {
    races: (emptyPage ? [] : races.slice(offset, offset + perPage)).map((race) => ({
      race: renderRace(race, includeEvents ? { events: race.races } : {}),
    })),
  };
}

export function getRace(context: ApiContext): unknown {
  const race = requireRace(context);
  const nowSeconds = Math.floor(context.world.now());
  const events = readFlag(context.params, 'future_events_only')
    ? race.races.filter((event) => event.start >= nowSeconds)
    : race.races;
  return { race: renderRace(race, { events, detail: true }) };
}
