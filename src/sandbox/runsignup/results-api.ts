/**
 * GET /Rest/race/{race_id}/results/get-result-sets, get-results and has-result-sets.
 * get-results accepts both page-size names seen in clients (`results_per_page`, `num`; §1.5
 * CONFLICT), capped at 2500; without either, a set comes back whole.
 */
import { ApiError } from './api-errors.js';
import type { CatalogEvent } from './catalog.js';
import { requireRace, type ApiContext } from './context.js';
import { readFlag, readInt, readPage } from './params.js';
import { tallyDivisions, type ResultSetState } from './results.js';

const RESULTS_PAGE_CAP = 2500;

function readEvent(context: ApiContext): CatalogEvent {
  const race = requireRace(context);
  const eventId = readInt(context.params, 'event_id', { min: 1 });
  const event = race.events.find((e) => e.eventId === eventId);
  if (eventId === undefined || !event) throw new ApiError(3);
  return event;
}

/** num_finishers / num_division_finishers, only when asked for (include_*_finishers=T). */
function finisherCounts(context: ApiContext, set: ResultSetState): Record<string, unknown> {
  if (!readFlag(context.params, 'include_total_finishers')) return {};
  const counts: Record<string, unknown> = { num_finishers: set.finisherCount };
  if (readFlag(context.params, 'include_division_finishers')) {
    const perDivision: Record<string, number> = {};
    for (const [column, places] of tallyDivisions(set.rows)) {
      perDivision[column.replace(/^division-(\d+)-placement$/, '$1')] = places;
    }
    counts.num_division_finishers = perDivision;
  }
  return counts;
}

export function getResultSets(context: ApiContext): unknown {
  const event = readEvent(context);
  const sets = context.world.resultSetStates(event);
  return { individual_results_sets: sets.map((set) => ({ ...set.meta, ...finisherCounts(context, set) })) };
}

export function getResults(context: ApiContext): unknown {
  const event = readEvent(context);
  const setId = readInt(context.params, 'individual_result_set_id', { min: 1 });
  const { offset, perPage } = readPage(context.params, ['results_per_page', 'num'], Number.MAX_SAFE_INTEGER, RESULTS_PAGE_CAP);
  let sets = context.world.resultSetStates(event);
  if (setId !== undefined) {
    sets = sets.filter((set) => set.meta.individual_result_set_id === setId);
    if (sets.length === 0) throw new ApiError(3);
  }
  return {
    individual_results_sets: sets.map((set) => ({
      ...set.meta,
      ...finisherCounts(context, set),
      results_headers: set.headers,
      results: set.rows.slice(offset, offset + perPage),
    })),
  };
}

export function hasResultSets(context: ApiContext): unknown {
  const event = readEvent(context);
  return { has_result_sets: context.world.resultSetStates(event).length > 0 ? 'T' : 'F' };
}
