/**
 * GET /events (providers.md §4.3): the client's events, page/per_page, sort_column event_date
 * (default) or updated_at, sort_direction, and show_inactive=true to include events already run
 * (inactive: their date is before today in their zone, on the clock). A bare array by default, or
 * {"events": […]} by switch (§4.2 CONFLICT). Stop rule: a page shorter than per_page.
 */
import type { WorldEvent } from '../../world/index.js';
import { formatIsoDate } from '../../world/time.js';
import type { ApiContext } from './context.js';
import { readPaging, readSort } from './params.js';
import { renderEvent } from './render.js';

const SORTS = {
  event_date: (e: WorldEvent) => e.start,
  updated_at: (e: WorldEvent) => e.lastModifiedAt,
} as const;

export function listEvents(context: ApiContext): unknown {
  const { world, params } = context;
  const { offset, limit } = readPaging(params);
  const { column, sign } = readSort(params, ['event_date', 'updated_at'] as const, 'event_date');
  const showInactive = params.get('show_inactive') === 'true';
  const now = world.now();
  const rendered = world
    .eventsAt('haku', context.partner)
    .sort((a, b) => sign * (SORTS[column](a) - SORTS[column](b)) || a.index - b.index)
    .map((event) => renderEvent(event, formatIsoDate(now, event.timeZone)))
    .filter((event) => showInactive || event.status === 'active');
  const page = context.emptyPage ? [] : rendered.slice(offset, offset + limit);
  return context.options.eventsEnvelope === 'object' ? { events: page } : page;
}
