/**
 * GET /events/{id}/participants — the summary list (providers.md §4.3, a bare array; no `id`, no
 * birthdate, no bib: those need the detail call) — and GET /events/{id}/registrations/{number},
 * the full registration. Every registration of the event is listed, cancelled and removed ones with
 * is_cancelled true. sort_column=updated_at&sort_direction=desc orders by updated_at descending
 * (ties by registration), which is the incremental strategy: stop at the first older record.
 */
import { HttpError } from '../../server/http-error.js';
import type { Registration, WorldRace } from '../../world/index.js';
import { requireEvent, type ApiContext } from './context.js';
import { readPaging, readSort } from './params.js';
import { renderRegistration, renderSummary } from './render.js';

const SORTS = {
  registered_at: (r: Registration) => r.registeredAt,
  updated_at: (r: Registration) => r.modifiedAt,
} as const;

function listed(context: ApiContext): Array<{ race: WorldRace; r: Registration }> {
  return requireEvent(context).races.flatMap((race) => context.world.registrations(race).map((r) => ({ race, r })));
}

export function getParticipants(context: ApiContext): unknown {
  const { offset, limit } = readPaging(context.params);
  const { column, sign } = readSort(context.params, ['registered_at', 'updated_at'] as const, 'registered_at');
  const sorted = listed(context).sort((a, b) => sign * (SORTS[column](a.r) - SORTS[column](b.r) || a.r.id - b.r.id));
  const page = context.emptyPage ? [] : sorted.slice(offset, offset + limit);
  return page.map(({ race, r }) => context.corruptions.apply('participant', r.id, renderSummary(race, r, context.options.summaryUpdatedAt)));
}

export function getRegistration(context: ApiContext): unknown {
  const match = /^R-(\d+)$/.exec(context.registrationNumber ?? '');
  const id = match ? Number(match[1]) : undefined;
  for (const race of requireEvent(context).races) {
    const r = id === undefined ? undefined : context.world.registration(race, id);
    if (r) return context.corruptions.apply('participant', r.id, renderRegistration(race, r));
  }
  throw new HttpError(404, 'Registration not found');
}
