/**
 * One CT Live API request → one reply (providers.md §2.3–§2.5). JSON only with `format=json` or a
 * `.json` suffix on the first path segment (/api/event.json/{id}/results); XML otherwise. Lists
 * page with `page` and `size` (entries clamped at 100 a page, results at 1000) and carry their
 * totals in X-Ctlive-Row-Count / -Page-Count / -Page-Size / -Current-Page; the body has no paging.
 * Checks: unknown path (404), method (405), credentials (401), budget (429), resource (404, 403).
 */
import { HttpError } from '../../server/http-error.js';
import { jsonReply, type Reply } from '../../server/reply.js';
import type { SkinRequest } from '../../server/request.js';
import type { SkinContext } from '../../server/skin.js';
import { renderXml } from '../../server/xml.js';
import type { ChronoTrackAuth } from './auth.js';
import { errorReply, throttledReply } from './errors.js';
import type { CtContext, CtSkinState } from './context.js';
import { ROUTES, type Listing } from './routes.js';

const PAGE_CAPS = { entry: 100, results: 1000, other: 100 } as const;

/** "/api/event.json/1/results" → ["/event/1/results", true]. */
export function normalisePath(path: string): { path: string; json: boolean } {
  const match = /^\/api\/([^/.]+)\.json(\/.*)?$/.exec(path);
  if (match) return { path: `/${match[1]}${match[2] ?? ''}`, json: true };
  return { path: path.replace(/^\/api(?=\/|$)/, '') || '/', json: false };
}

function readInt(params: URLSearchParams, name: string, fallback: number): number {
  const text = params.get(name);
  if (text === null || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new HttpError(400, `${name} must be a positive integer`);
  return Number(text);
}

function pageOf(listing: Listing, params: URLSearchParams, fallbackSize: number, emptyPage: boolean) {
  const size = Math.min(readInt(params, 'size', fallbackSize), PAGE_CAPS[listing.cap]);
  const page = readInt(params, 'page', 1);
  const rows = emptyPage ? [] : listing.rows.slice((page - 1) * size, page * size);
  const headers = {
    'x-ctlive-row-count': String(listing.rows.length),
    'x-ctlive-page-count': String(Math.max(1, Math.ceil(listing.rows.length / size))),
    'x-ctlive-page-size': String(size),
    'x-ctlive-current-page': String(page),
  };
  return { rows, headers };
}

function render(value: unknown, root: string, json: boolean, headers: Record<string, string> = {}): Reply {
  if (json) return jsonReply(200, value, headers);
  return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers }, body: renderXml(value, root) };
}

export function answerApi(state: CtSkinState, auth: ChronoTrackAuth, request: SkinRequest, skin: SkinContext): Reply {
  const { path, json } = normalisePath(request.path);
  const params = request.url.searchParams;
  const asJson = json || params.get('format')?.toLowerCase() === 'json';
  const route = ROUTES.find((r) => r.pattern.test(path));
  if (!route) return errorReply(404, 'not found');
  if (request.method !== 'GET') return errorReply(405, 'method not allowed');
  try {
    const { partner, clientId } = auth.authenticate(request);
    const retryAfter = skin.spend(clientId);
    if (retryAfter !== undefined) return throttledReply(retryAfter);
    const id = route.pattern.exec(path)?.[1];
    const context: CtContext = { ...state, params, partner, id };
    const answer = route.handler(context);
    const root = route.root(state.options);
    if (!('rows' in answer)) return render({ [root]: answer.record }, root, asJson);
    const { rows, headers } = pageOf(answer, params, state.options.defaultPageSize, skin.emptyPage);
    return render({ [root]: rows }, root, asJson, headers);
  } catch (error) {
    if (error instanceof HttpError) return errorReply(error.status, error.message);
    throw error;
  }
}
