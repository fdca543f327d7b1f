/**
 * One RunSignUp API request → one reply (status, headers, body), without touching the socket, so
 * faults can still mangle the body afterwards. Checks run in the order a client meets them:
 * unknown method (1), HTTP method (2), format (10), credentials (6), budget (14), race (201, 7),
 * parameters (3).
 */
import { ApiError, errorBody } from './api-errors.js';
import type { CallBudget } from './budget.js';
import type { CatalogPartner, CatalogRace } from './catalog.js';
import type { ApiContext } from './context.js';
import type { ResolvedOptions } from './options.js';
import { getParticipants, getRemovedParticipants } from './participants-api.js';
import { getRace, listRaces } from './races-api.js';
import { getResultSets, getResults, hasResultSets } from './results-api.js';
import type { RunSignupWorld } from './world.js';
import { renderXml } from './xml.js';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Route {
  pattern: RegExp;
  handler: (context: ApiContext) => unknown;
  xmlRoot: string;
}

const RACE = '\\/rest\\/race\\/([^/]+)';
const ROUTES: Route[] = [
  { pattern: /^\/rest\/races$/i, handler: listRaces, xmlRoot: 'races' },
  { pattern: new RegExp(`^${RACE}$`, 'i'), handler: getRace, xmlRoot: 'race' },
  { pattern: new RegExp(`^${RACE}\\/participants$`, 'i'), handler: getParticipants, xmlRoot: 'participants' },
  { pattern: new RegExp(`^${RACE}\\/removed-participants$`, 'i'), handler: getRemovedParticipants, xmlRoot: 'removed_participants' },
  { pattern: new RegExp(`^${RACE}\\/results\\/get-result-sets$`, 'i'), handler: getResultSets, xmlRoot: 'individual_results_sets' },
  { pattern: new RegExp(`^${RACE}\\/results\\/get-results$`, 'i'), handler: getResults, xmlRoot: 'individual_results_sets' },
  { pattern: new RegExp(`^${RACE}\\/results\\/has-result-sets$`, 'i'), handler: hasResultSets, xmlRoot: 'has_result_sets' },
];

type Format = 'json' | 'xml';

export interface ApiRequest {
  method: string;
  url: URL;
  /** X-RSU-API-SECRET header, for the rsu_api_key variant of key auth. */
  secretHeader: string | undefined;
}

export interface ApiDependencies {
  world: RunSignupWorld;
  options: ResolvedOptions;
  budget: CallBudget | undefined;
}

function render(value: unknown, format: Format, status: number, xmlRoot: string, headers: Record<string, string> = {}): Reply {
  if (format === 'json') {
    return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
  }
  return { status, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers }, body: renderXml(value, xmlRoot) };
}

export function renderError(code: number, format: Format, options: ResolvedOptions): Reply {
  return render(errorBody(code), format, options.errorHttpStatus, 'error');
}

export function renderThrottled(format: Format, options: ResolvedOptions, retryAfterSeconds: number): Reply {
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

function authenticate(deps: ApiDependencies, request: ApiRequest): CatalogPartner {
  const params = request.url.searchParams;
  const key = params.get('api_key') ?? params.get('rsu_api_key');
  const secret = params.get('api_secret') ?? request.secretHeader;
  const partner = deps.world.partners.find((p) => p.apiKey === key && p.apiSecret === secret);
  if (!partner) throw new ApiError(6);
  return deps.world.catalog.partners[partner.partner - 1] as CatalogPartner;
}

function resolveRace(deps: ApiDependencies, partner: CatalogPartner, idText: string | undefined): CatalogRace | undefined {
  if (idText === undefined) return undefined;
  const race = /^\d+$/.test(idText) ? deps.world.findRace(Number(idText)) : undefined;
  if (!race) throw new ApiError(201);
  if (race.partner !== partner.partner) throw new ApiError(7);
  return race;
}

export function answerApi(deps: ApiDependencies, request: ApiRequest): Reply {
  const { options } = deps;
  const path = request.url.pathname.replace(/\/+$/, '');
  const format = requestedFormat(request.url.searchParams);
  const errorFormat: Format = format ?? 'json';
  const route = ROUTES.find((r) => r.pattern.test(path));
  if (!route) return renderError(1, errorFormat, options);
  if (request.method !== 'GET') return renderError(2, errorFormat, options);
  if (format === undefined) return renderError(10, 'json', options);
  try {
    const partner = authenticate(deps, request);
    const decision = deps.budget?.take(partner.apiKey);
    if (decision && !decision.allowed) return renderThrottled(format, options, decision.retryAfterSeconds);
    if (format === 'xml' && options.xmlAnswer === 'error10') return renderError(10, 'xml', options);
    const race = resolveRace(deps, partner, route.pattern.exec(path)?.[1]);
    const value = route.handler({ world: deps.world, options, params: request.url.searchParams, partner, race });
    return render(value, format, 200, route.xmlRoot);
  } catch (error) {
    // Anything else is a sandbox bug: the server answers 500 with the message, loudly.
    if (error instanceof ApiError) return renderError(error.code, format, options);
    throw error;
  }
}
