/**
 * POST /Rest/race/{race_id}/results/new-result-set and /results/full-results (providers.md §1.6,
 * R9): accepted, checked and recorded for the admin state, but not applied to the world — what
 * publishing results back to RunSignUp sends is for tests to inspect. Form fields: `event_id`,
 * `request_format=json`, `request` (JSON), and for full-results `individual_result_set_id`.
 * The answers' shapes are [INFERRED]: {"individual_result_set_id": n} and {"num_results": n}.
 */
import { formOf } from '../../server/request.js';
import { eventOfRace, requireRace, type ApiContext } from './context.js';
import { ApiError } from './errors.js';
import { resultSetsOf } from './render-results.js';

export interface ResultPost {
  kind: 'new-result-set' | 'full-results';
  /** Unix seconds on the clock. */
  at: number;
  partner: number;
  raceId: number;
  eventId: number;
  individualResultSetId: number;
  request: unknown;
}

/** New sets are numbered far above generated ones. */
const POSTED_SET_BASE = 9_000_000;

function readPost(context: ApiContext) {
  const form = formOf(context.request);
  const field = (name: string) => form.get(name) ?? context.params.get(name) ?? undefined;
  const eventText = field('event_id');
  const event = eventOfRace(context, eventText !== undefined && /^\d+$/.test(eventText) ? Number(eventText) : undefined);
  if ((field('request_format') ?? 'json').toLowerCase() !== 'json') throw new ApiError(10);
  let request: unknown;
  try {
    request = JSON.parse(field('request') ?? '');
  } catch {
    throw new ApiError(3);
  }
  if (request === null || typeof request !== 'object') throw new ApiError(3);
  return { event, request, field };
}

function record(context: ApiContext, post: Omit<ResultPost, 'at' | 'partner' | 'raceId'>): void {
  context.posts.push({
    ...post,
    at: Math.floor(context.world.now()),
    partner: context.partner.partner,
    raceId: requireRace(context).ids.runsignup as number,
  });
}

export function postNewResultSet(context: ApiContext): unknown {
  const { event, request } = readPost(context);
  const individualResultSetId = POSTED_SET_BASE + context.posts.filter((p) => p.kind === 'new-result-set').length + 1;
  record(context, { kind: 'new-result-set', eventId: event.ids.runsignup as number, individualResultSetId, request });
  return { individual_result_set_id: individualResultSetId };
}

export function postFullResults(context: ApiContext): unknown {
  const { event, request, field } = readPost(context);
  const setText = field('individual_result_set_id') ?? '';
  const setId = /^\d+$/.test(setText) ? Number(setText) : undefined;
  const eventId = event.ids.runsignup as number;
  const known =
    context.posts.some((p) => p.kind === 'new-result-set' && p.eventId === eventId && p.individualResultSetId === setId) ||
    resultSetsOf(context.world, context.ids, context.options.resultSetsPerRace, event).some((s) => s.meta.individual_result_set_id === setId);
  const results = (request as { results?: unknown }).results;
  if (setId === undefined || !known || !Array.isArray(results)) throw new ApiError(3);
  record(context, { kind: 'full-results', eventId, individualResultSetId: setId, request });
  return { num_results: results.length };
}
