/**
 * One RunSignUp API request → one reply. Checks run in the order a client meets them: unknown
 * method (1), HTTP method (2), format (10), credentials (6), budget (14), race (201, 7),
 * parameters (3). API errors are the {"error":{"error_code","error_msg"}} envelope (providers.md
 * §1.3) with HTTP 200 unless the errorHttpStatus switch says otherwise.
 */
import type { Reply } from '../../server/reply.js';
import type { SkinContext } from '../../server/skin.js';
import type { SkinRequest } from '../../server/request.js';
import type { WorldEvent } from '../../world/index.js';
import type { ApiContext, RsuPartner, RsuSkinState } from './context.js';
import { authenticate } from './auth.js';
import { ApiError, errorBody } from './errors.js';
import { listRaces, getRace } from './events.js';
import type { ResolvedRunSignupOptions } from './options.js';
import { getParticipants, getRemovedParticipants } from './participants.js';
import { postFullResults, postNewResultSet } from './result-posts.js';
import { getResultSets, getResults, hasResultSets } from './results.js';
import { renderXml } from '../../server/xml.js';

interface Route {
  pattern: RegExp;
  method: 'GET' | 'POST';
  handler: (context: ApiContext) => unknown;
  xmlRoot: string;
}

const RACE = '\\/rest\\/race\\/([^/]+)';
const route = (path: string, method: Route['method'], handler: Route['handler'], xmlRoot: string): Route => ({
  pattern: new RegExp(`^${path}$`, 'i'), method, handler, xmlRoot,
});
const ROUTES: Route[] = [
  route('\\/rest\\/races', 'GET', listRaces, 'races'),
  route(RACE, 'GET', getRace, 'race'),
  route(`${RACE}\\/participants`, 'GET', getParticipants, 'participants'),
  route(`${RACE}\\/removed-participants`, 'GET', getRemovedParticipants, 'removed_participants'),
  route(`${RACE}\\/results\\/get-result-sets`, 'GET', getResultSets, 'individual_results_sets'),
  route(`${RACE}\\/results\\/get-results`, 'GET', getResults, 'individual_results_sets'),
  route(`${RACE}\\/results\\/has-result-sets`, 'GET', hasResultSets, 'has_result_sets'),
  route(`${RACE}\\/results\\/new-result-set`, 'POST', postNewResultSet, 'result'),
  route(`${RACE}\\/results\\/full-results`, 'POST', postFullResults, 'result'),
];

type Format = 'json' | 'xml';

function render(value: unknown, format: Format, status: number, xmlRoot: string, headers: Record<string, string> = {}): Reply {
  if (format === 'json') {
    return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
  }
  return { status, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers }, body: renderXml(value, xmlRoot) };
}

export function renderError(code: number, format: Format, options: ResolvedRunSignupOptions): Reply {
  return render(errorBody(code), format, options.errorHttpStatus, 'error');
}

export function renderThrottled(format: Format, options: ResolvedRunSignupOptions, retryAfterSeconds: number): Reply {
  if (options.throttleAs === 'http429') {
    return render(errorBody(14), format, 429, 'error', { 'retry-after': String(retryAfterSeconds) });
  }
  return renderError(14, format, options);
}

/** json, xml (also the default when absent), or undefined for anything RunSignUp would refuse. */
export function requestedFormat(params: URLSearchParams): Format | undefined {
  const format = (params.get('format') ?? '').toLowerCase();
  if (format === 'json') return 'json';
  return format === '' || format === 'xml' ? 'xml' : undefined;
}

function resolveRace(state: RsuSkinState, partner: RsuPartner, idText: string | undefined): WorldEvent | undefined {
  if (idText === undefined) return undefined;
  const race = /^\d+$/.test(idText) ? state.world.eventAt('runsignup', Number(idText)) : undefined;
  if (!race || race.host !== 'runsignup') throw new ApiError(201);
  if (race.partner !== partner.partner) throw new ApiError(7);
  return race;
}

export function answerApi(state: RsuSkinState, partners: readonly RsuPartner[], request: SkinRequest, skin: SkinContext): Reply {
  const { options } = state;
  const path = request.path;
  const params = request.url.searchParams;
  const format = requestedFormat(params);
  const errorFormat: Format = format ?? 'json';
  const matched = ROUTES.filter((r) => r.pattern.test(path));
  if (matched.length === 0) return renderError(1, errorFormat, options);
  const found = matched.find((r) => r.method === request.method);
  if (!found) return renderError(2, errorFormat, options);
  if (format === undefined) return renderError(10, 'json', options);
  try {
    const partner = authenticate(partners, request);
    const retryAfter = skin.spend(partner.apiKey);
    if (retryAfter !== undefined) return renderThrottled(format, options, retryAfter);
    if (format === 'xml' && options.xmlAnswer === 'error10') return renderError(10, 'xml', options);
    const race = resolveRace(state, partner, found.pattern.exec(path)?.[1]);
    const value = found.handler({ ...state, request, params, partner, race, emptyPage: skin.emptyPage });
    return render(value, format, 200, found.xmlRoot);
  } catch (error) {
    // Anything else is a sandbox bug: the server answers 500 with the message, loudly.
    if (error instanceof ApiError) return renderError(error.code, format, options);
    throw error;
  }
}
