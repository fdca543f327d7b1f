/**
 * GET /api/v1/events/{eventId}/results (RR5: rows under `data`, page/perPage, `resultsRaceId`;
 * also subEventId): every visible result of the event's sub-events — finishers by place, then
 * DNF/DNS/DQ, then withdrawn ones (active: false) — per sub-event in order, perPage clamped at 100,
 * with the same `metadata` as participants. The row shape is this skin's assumption (shapes.ts).
 */
import type { ResultNow, WorldRace } from '../../world/index.js';
import type { ApiContext } from './context.js';
import { metadataOf, readPaging } from './params.js';
import { racesAsked } from './participants.js';
import { renderResult } from './render-results.js';

export function getResults(context: ApiContext): unknown {
  const { world, corruptions } = context;
  const paging = readPaging(context.params, 100);
  const rows: Array<{ race: WorldRace; view: ResultNow }> = [];
  for (const race of racesAsked(context)) {
    if (!world.hasResults(race)) continue;
    const { finished, unfinished, withdrawn } = world.results(race);
    for (const view of [...finished, ...unfinished, ...withdrawn]) rows.push({ race, view });
  }
  const page = context.emptyPage ? [] : rows.slice(paging.offset, paging.offset + paging.limit);
  return {
    data: page.map(({ race, view }) => corruptions.apply('result', view.registration.id, renderResult(race, view))),
    metadata: metadataOf(rows.length, paging),
  };
}
