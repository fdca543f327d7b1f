/**
 * GET /Rest/race/{race_id}/results/get-result-sets, get-results and has-result-sets.
 * get-results accepts both page-size names seen in clients (`results_per_page`, `num`; §1.5
 * CONFLICT), capped at 2500; without either, a set comes back whole. Only the rows of the page
 * asked for are rendered.
 */
import type { World, WorldRace } from '../../world/index.js';
import { eventOfRace, type ApiContext } from './context.js';
import { ApiError } from './errors.js';
import { readFlag, readInt, readPage } from './params.js';
import { divisionFinishers, renderRow, resultSetsOf, type ResultSetView } from './render-results.js';

const RESULTS_PAGE_CAP = 2500;

function readEvent(context: ApiContext): WorldRace {
  return eventOfRace(context, readInt(context.params, 'event_id', { min: 1 }));
}

function setsOf(context: ApiContext, event: WorldRace): ResultSetView[] {
  return resultSetsOf(context.world, context.ids, context.options.resultSetsPerRace, event);
}

/** num_finishers / num_division_finishers, only when asked for (include_*_finishers=T). */
function finisherCounts(context: ApiContext, world: World, event: WorldRace): Record<string, unknown> {
  if (!readFlag(context.params, 'include_total_finishers')) return {};
  const { finished } = world.results(event);
  const counts: Record<string, unknown> = { num_finishers: finished.length };
  if (readFlag(context.params, 'include_division_finishers')) counts.num_division_finishers = divisionFinishers(event, finished);
  return counts;
}

export function getResultSets(context: ApiContext): unknown {
  const event = readEvent(context);
  const sets = setsOf(context, event);
  return { individual_results_sets: sets.map((set) => ({ ...set.meta, ...finisherCounts(context, context.world, event) })) };
}

export function getResults(context: ApiContext): unknown {
  const event = readEvent(context);
  const setId = readInt(context.params, 'individual_result_set_id', { min: 1 });
  const { offset, perPage } = readPage(context.params, ['results_per_page', 'num'], Number.MAX_SAFE_INTEGER, RESULTS_PAGE_CAP);
  let sets = setsOf(context, event);
  if (setId !== undefined) {
    sets = sets.filter((set) => set.meta.individual_result_set_id === setId);
    if (sets.length === 0) throw new ApiError(3);
  }
  const ranked = sets.length > 0 ? context.world.results(event) : undefined;
  const rows = ranked ? [...ranked.finished, ...ranked.unfinished] : [];
  const page = context.emptyPage ? [] : rows.slice(offset, offset + perPage);
  return {
    individual_results_sets: sets.map((set) => ({
      ...set.meta,
      ...finisherCounts(context, context.world, event),
      results_headers: set.headers,
      results: page.map((view) =>
        context.corruptions.apply('result', view.registration.id, renderRow(set, event, context.ids, view))),
    })),
  };
}

export function hasResultSets(context: ApiContext): unknown {
  const event = readEvent(context);
  return { has_result_sets: setsOf(context, event).length > 0 ? 'T' : 'F' };
}
