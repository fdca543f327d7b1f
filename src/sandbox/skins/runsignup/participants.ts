/**
 * GET /Rest/race/{race_id}/participants and /removed-participants (providers.md §1.6):
 * required event_id (a comma list allowed), page/results_per_page (max 2500), sort,
 * after_registration_id (>), modified_after_timestamp (>=), search_bib, registration_id and name
 * or email filters. Participants answer one array element per event with the quirk of an always
 * empty `event.participants`; removed participants use the other nesting and date formats.
 * Queries run on the world's registrations; only the page asked for is rendered.
 */
import type { Registration, WorldRace } from '../../world/index.js';
import { searchById } from '../../world/race-view.js';
import { requireRace, type ApiContext } from './context.js';
import { ApiError } from './errors.js';
import { pageStreams, type EventStream } from './paging.js';
import { readFlag, readIdList, readInt, readPage } from './params.js';
import { renderRemoved, withQuestions } from './render-participants.js';
import type { RsuParticipant } from './shapes.js';

const PAGE_CAP = 2500;
const SORT_KEYS = { registration_id: null, last_name: 'lastName', first_name: 'firstName' } as const;
type SortKey = keyof typeof SORT_KEYS;

interface Query {
  events: WorldRace[];
  offset: number;
  limit: number;
  after: number | undefined;
  filter: ((r: Registration) => boolean) | undefined;
  compare: (a: Registration, b: Registration) => number;
  descending: boolean;
  byId: boolean;
}

function readEvents(context: ApiContext): WorldRace[] {
  const race = requireRace(context);
  return readIdList(context.params, 'event_id').map((id) => {
    const event = race.races.find((e) => e.ids.runsignup === id);
    if (!event) throw new ApiError(3);
    return event;
  });
}

/** Filters on the wire values: search_bib matches the bib as sent; removed rows have no bib to search. */
function readFilter(params: URLSearchParams, searchBibs: boolean): Query['filter'] {
  const modifiedAfter = readInt(params, 'modified_after_timestamp', { min: 0 });
  const registrationId = readInt(params, 'registration_id', { min: 0 });
  const bib = params.get('search_bib');
  const checks: Array<(r: Registration) => boolean> = [];
  if (modifiedAfter !== undefined) checks.push((r) => r.modifiedAt >= modifiedAfter);
  if (registrationId !== undefined) checks.push((r) => r.id === registrationId);
  if (bib !== null && bib !== '') checks.push((r) => searchBibs && r.bib !== null && String(r.bib) === bib);
  for (const [key, field] of [['first_name', 'firstName'], ['last_name', 'lastName'], ['email', 'email']] as const) {
    const value = params.get(key)?.toLowerCase();
    if (value) checks.push((r) => (r.person[field] ?? '').toLowerCase() === value);
  }
  return checks.length === 0 ? undefined : (r) => checks.every((check) => check(r));
}

function readQuery(context: ApiContext, searchBibs: boolean): Query {
  const params = context.params;
  const events = readEvents(context);
  const { offset, perPage } = readPage(params, ['results_per_page'], 50, PAGE_CAP);
  const { key, descending } = readSort(params.get('sort'));
  const direction = descending ? -1 : 1;
  const field = SORT_KEYS[key];
  const compare =
    field === null
      ? (a: Registration, b: Registration) => direction * (a.id - b.id)
      : (a: Registration, b: Registration) => direction * a.person[field].localeCompare(b.person[field]) || a.id - b.id;
  return {
    events,
    offset,
    limit: perPage,
    after: readInt(params, 'after_registration_id', { min: 0 }),
    filter: readFilter(params, searchBibs),
    compare,
    descending,
    byId: field === null,
  };
}

function readSort(text: string | null): { key: SortKey; descending: boolean } {
  if (text === null || text.trim() === '') return { key: 'registration_id', descending: false };
  const match = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(text);
  const key = match?.[1]?.toLowerCase();
  if (!match || key === undefined || !(key in SORT_KEYS)) throw new ApiError(3);
  return { key: key as SortKey, descending: match[2]?.toLowerCase() === 'desc' };
}

/** One event's registrations narrowed and ordered as the query asks; `items` is ascending by id. */
function prepareStream(items: readonly Registration[], query: Query): readonly Registration[] {
  let list = query.after === undefined ? items : items.slice(searchById(items, query.after + 1).index);
  if (query.filter) list = list.filter(query.filter);
  if (query.byId) return query.descending ? [...list].reverse() : list;
  return [...list].sort(query.compare);
}

function pageOf(context: ApiContext, query: Query, itemsOf: (event: WorldRace) => readonly Registration[]) {
  if (context.emptyPage) return new Map<WorldRace, Registration[]>();
  const streams: EventStream<Registration>[] = query.events.map((event) => ({ eventId: event.id, items: prepareStream(itemsOf(event), query) }));
  const pages = pageStreams(streams, query.compare, query.offset, query.limit);
  return new Map(query.events.map((event) => [event, pages.get(event.id) ?? []]));
}

export function getParticipants(context: ApiContext): unknown {
  const { world, options, corruptions } = context;
  const query = readQuery(context, true);
  const includeQuestions = readFlag(context.params, 'include_questions');
  const pages = pageOf(context, query, (event) => world.registrationsWith(event, 'active'));
  return query.events.map((event) => {
    const page = pages.get(event) ?? [];
    const element: { event: { event_id: number; participants: [] }; participants?: RsuParticipant[] } = {
      event: { event_id: event.ids.runsignup as number, participants: [] },
    };
    if (page.length > 0 || !options.omitEmptyParticipantsKey) {
      element.participants = page.map((r) => {
        const rendered = context.participant(event, r);
        return corruptions.apply('participant', r.id, includeQuestions ? withQuestions(world.seed, event, rendered) : rendered);
      });
    }
    return element;
  });
}

export function getRemovedParticipants(context: ApiContext): unknown {
  const { world, options, corruptions } = context;
  const query = readQuery(context, false);
  const pages = pageOf(context, query, (event) => world.registrationsWith(event, 'removed', 'cancelled'));
  const elements = query.events.map((event) => ({
    event: {
      event_id: event.ids.runsignup as number,
      participants: (pages.get(event) ?? []).map((r) => corruptions.apply('participant', r.id, renderRemoved(event, r))),
    },
  }));
  return options.removedShape === 'object' && elements.length === 1 ? elements[0] : elements;
}
