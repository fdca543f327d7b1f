/**
 * GET /Rest/race/{race_id}/participants and /removed-participants (providers.md §1.6):
 * required event_id (a comma list allowed), page/results_per_page (max 2500), sort,
 * after_registration_id (>), modified_after_timestamp (>=), search_bib, registration_id and name
 * or email filters. Participants answer one array element per event with the quirk of an always
 * empty `event.participants`; removed participants use the other nesting and date formats.
 */
import { ApiError } from './api-errors.js';
import type { CatalogEvent } from './catalog.js';
import { requireRace, type ApiContext } from './context.js';
import { pageStreams, type EventStream } from './paging.js';
import { readFlag, readIdList, readInt, readPage } from './params.js';
import type { RsuParticipant, RsuRemovedParticipant, RsuUser } from './shapes.js';
import { searchById } from './world.js';

const PAGE_CAP = 2500;
const SORT_KEYS = ['registration_id', 'last_name', 'first_name'] as const;

interface Access<T> {
  user(item: T): RsuUser;
  modified(item: T): number;
  bib(item: T): number | string | null | undefined;
}

const participantAccess: Access<RsuParticipant> = {
  user: (p) => p.user,
  modified: (p) => p.last_modified,
  bib: (p) => p.bib_num,
};

const removedAccess: Access<RsuRemovedParticipant> = {
  user: (p) => p.user,
  modified: (p) => p.last_modified_ts,
  bib: () => undefined,
};

interface Query<T> {
  events: CatalogEvent[];
  offset: number;
  limit: number;
  after: number | undefined;
  filter: ((item: T) => boolean) | undefined;
  compare: (a: T & { registration_id: number }, b: T & { registration_id: number }) => number;
  descending: boolean;
  byId: boolean;
}

function readEvents(context: ApiContext): CatalogEvent[] {
  const race = requireRace(context);
  return readIdList(context.params, 'event_id').map((id) => {
    const event = race.events.find((e) => e.eventId === id);
    if (!event) throw new ApiError(3);
    return event;
  });
}

function readQuery<T extends { registration_id: number }>(context: ApiContext, access: Access<T>): Query<T> {
  const params = context.params;
  const events = readEvents(context);
  const { offset, perPage } = readPage(params, ['results_per_page'], 50, PAGE_CAP);
  const after = readInt(params, 'after_registration_id', { min: 0 });
  const modifiedAfter = readInt(params, 'modified_after_timestamp', { min: 0 });
  const registrationId = readInt(params, 'registration_id', { min: 0 });
  const bib = params.get('search_bib');
  const names = (['first_name', 'last_name', 'email'] as const)
    .map((key) => ({ key, value: params.get(key)?.toLowerCase() }))
    .filter((entry): entry is { key: 'first_name' | 'last_name' | 'email'; value: string } => !!entry.value);
  const checks: Array<(item: T) => boolean> = [];
  if (modifiedAfter !== undefined) checks.push((item) => access.modified(item) >= modifiedAfter);
  if (registrationId !== undefined) checks.push((item) => item.registration_id === registrationId);
  if (bib !== null && bib !== '') checks.push((item) => { const b = access.bib(item); return b !== null && b !== '' && String(b) === bib; });
  for (const { key, value } of names) checks.push((item) => (access.user(item)[key] ?? '').toLowerCase() === value);
  const { key, descending } = readSort(params.get('sort'));
  const direction = descending ? -1 : 1;
  const compare =
    key === 'registration_id'
      ? (a: T, b: T) => direction * (a.registration_id - b.registration_id)
      : (a: T, b: T) =>
          direction * access.user(a)[key].localeCompare(access.user(b)[key]) || a.registration_id - b.registration_id;
  return {
    events,
    offset,
    limit: perPage,
    after,
    filter: checks.length === 0 ? undefined : (item) => checks.every((check) => check(item)),
    compare,
    descending,
    byId: key === 'registration_id',
  };
}

function readSort(text: string | null): { key: (typeof SORT_KEYS)[number]; descending: boolean } {
  if (text === null || text.trim() === '') return { key: 'registration_id', descending: false };
  const match = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(text);
  const key = SORT_KEYS.find((k) => k === match?.[1]?.toLowerCase());
  if (!match || !key) throw new ApiError(3);
  return { key, descending: match[2]?.toLowerCase() === 'desc' };
}

/** One event's items narrowed and ordered as the query asks; `items` is ascending by id. */
function prepareStream<T extends { registration_id: number }>(items: T[], query: Query<T>): T[] {
  let list = query.after === undefined ? items : items.slice(searchById(items, query.after + 1).index);
  if (query.filter) list = list.filter(query.filter);
  if (query.byId) return query.descending ? [...list].reverse() : list;
  return [...list].sort(query.compare);
}

function pageOf<T extends { registration_id: number }>(query: Query<T>, itemsOf: (event: CatalogEvent) => T[]) {
  const streams: EventStream<T>[] = query.events.map((event) => ({
    eventId: event.eventId,
    items: prepareStream(itemsOf(event), query),
  }));
  return pageStreams(streams, query.compare, query.offset, query.limit);
}

export function getParticipants(context: ApiContext): unknown {
  const { world, options } = context;
  const query = readQuery(context, participantAccess);
  const includeQuestions = readFlag(context.params, 'include_questions');
  const pages = pageOf(query, (event) => world.view(event).active);
  return query.events.map((event) => {
    const page = pages.get(event.eventId) ?? [];
    const element: { event: { event_id: number; participants: [] }; participants?: RsuParticipant[] } = {
      event: { event_id: event.eventId, participants: [] },
    };
    if (page.length > 0 || !options.omitEmptyParticipantsKey) {
      element.participants = includeQuestions ? page.map((p) => world.withQuestions(p)) : page;
    }
    return element;
  });
}

export function getRemovedParticipants(context: ApiContext): unknown {
  const { world, options } = context;
  const query = readQuery(context, removedAccess);
  const pages = pageOf(query, (event) => world.view(event).removed);
  const elements = query.events.map((event) => ({
    event: { event_id: event.eventId, participants: pages.get(event.eventId) ?? [] },
  }));
  return options.removedShape === 'object' && elements.length === 1 ? elements[0] : elements;
}
