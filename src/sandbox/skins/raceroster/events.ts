/**
 * GET /api/v1/events and /api/v1/events/{eventId} (providers.md §3.3): the account's events,
 * offset/limit paging (limit clamped at 100), sort (startDate, name, eventId, lastModifiedDate) and
 * order, and the eventDateFrom/eventDateTo window on the start date. "Future dates" by default
 * (RR3): eventDateFrom defaults to the start of today (UTC, on the clock), so an event already run
 * is listed only when eventDateFrom reaches back to it. Stop rule: a page shorter than the limit.
 */
import { HttpError } from '../../server/http-error.js';
import type { WorldEvent } from '../../world/index.js';
import { requireEvent, type ApiContext } from './context.js';
import { metadataOf, readIsoDate, readPaging } from './params.js';
import { renderEvent } from './render-events.js';

const SORTS: Readonly<Record<string, (e: WorldEvent) => number | string>> = {
  startDate: (e) => e.start,
  name: (e) => e.name,
  eventId: (e) => e.ids.raceroster as number,
  lastModifiedDate: (e) => e.lastModifiedAt,
};

function compareBy(context: ApiContext): (a: WorldEvent, b: WorldEvent) => number {
  const sort = context.params.get('sort') ?? 'startDate';
  const key = SORTS[sort];
  if (!key) throw new HttpError(400, `The sort must be one of ${Object.keys(SORTS).join(', ')}.`);
  const order = (context.params.get('order') ?? 'asc').toLowerCase();
  if (order !== 'asc' && order !== 'desc') throw new HttpError(400, 'The order must be asc or desc.');
  const sign = order === 'desc' ? -1 : 1;
  return (a, b) => {
    const [x, y] = [key(a), key(b)];
    const byKey = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
    return sign * byKey || a.index - b.index;
  };
}

export function listEvents(context: ApiContext): unknown {
  const { world, params } = context;
  const paging = readPaging(params, 20);
  const today = Math.floor(world.now() / 86_400) * 86_400;
  const from = readIsoDate(params, 'eventDateFrom') ?? today;
  const to = readIsoDate(params, 'eventDateTo');
  const events = world
    .eventsAt('raceroster', context.partner)
    .filter((event) => event.start >= from && (to === undefined || event.start <= to))
    .sort(compareBy(context));
  const page = context.emptyPage ? [] : events.slice(paging.offset, paging.offset + paging.limit);
  return { data: page.map(renderEvent), metadata: metadataOf(events.length, paging) };
}

export function getEvent(context: ApiContext): unknown {
  return { data: renderEvent(requireEvent(context)) };
}
