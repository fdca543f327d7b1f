/**
 * One Race Roster API request → one reply, checks in the order a client meets them: unknown path
 * (404), HTTP method (405), token (401), budget (429 + Retry-After), event (404, or 403 for
 * another account's), parameters (400).
 */
import { HttpError } from '../../server/http-error.js';
import { jsonReply, type Reply } from '../../server/reply.js';
import type { SkinRequest } from '../../server/request.js';
import type { SkinContext } from '../../server/skin.js';
import type { RaceRosterAuth } from './auth.js';
import type { ApiContext, RrSkinState } from './context.js';
import { errorReply, MESSAGES } from './errors.js';
import { getEvent, listEvents } from './events.js';
import { getParticipants } from './participants.js';
import { getResults } from './results.js';

interface Route {
  pattern: RegExp;
  handler: (context: ApiContext) => unknown;
}

const ROUTES: Route[] = [
  { pattern: /^\/api\/v1\/events$/, handler: listEvents },
  { pattern: /^\/api\/v1\/events\/([^/]+)$/, handler: getEvent },
  { pattern: /^\/api\/v1\/events\/([^/]+)\/participants$/, handler: getParticipants },
  { pattern: /^\/api\/v1\/events\/([^/]+)\/results$/, handler: getResults },
];

export function throttledReply(state: RrSkinState, retryAfterSeconds: number): Reply {
  return errorReply(state.options, 429, MESSAGES[429], { 'retry-after': String(retryAfterSeconds) });
}

export function answerApi(state: RrSkinState, auth: RaceRosterAuth, request: SkinRequest, skin: SkinContext): Reply {
  const route = ROUTES.find((r) => r.pattern.test(request.path));
  if (!route) return errorReply(state.options, 404, MESSAGES[404]);
  if (request.method !== 'GET') return errorReply(state.options, 405, MESSAGES[405]);
  try {
    const { partner, clientId } = auth.authenticate(request);
    const retryAfter = skin.spend(clientId);
    if (retryAfter !== undefined) return throttledReply(state, retryAfter);
    const idText = route.pattern.exec(request.path)?.[1];
    const event = idText === undefined ? undefined : state.world.eventAt('raceroster', /^\d+$/.test(idText) ? Number(idText) : idText);
    if (idText !== undefined && !event) throw new HttpError(404, MESSAGES[404]);
    if (event && event.partner !== partner) throw new HttpError(403, MESSAGES[403]);
    const value = route.handler({ ...state, params: request.url.searchParams, partner, event, emptyPage: skin.emptyPage });
    return jsonReply(200, value);
  } catch (error) {
    if (error instanceof HttpError) return errorReply(state.options, error.status, error.message);
    throw error;
  }
}
