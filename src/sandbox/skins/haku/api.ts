/**
 * One Haku API request → one reply, checks in the order a client meets them: unknown path (404),
 * HTTP method (405), the raw token (401), budget (429 + Retry-After), event (404, or 403 for another
 * client's), parameters (400).
 */
import { HttpError } from '../../server/http-error.js';
import { jsonReply, type Reply } from '../../server/reply.js';
import type { SkinRequest } from '../../server/request.js';
import type { SkinContext } from '../../server/skin.js';
import type { HakuAuth } from './auth.js';
import type { ApiContext, HakuSkinState } from './context.js';
import { errorReply, throttledReply } from './errors.js';
import { listEvents } from './events.js';
import { getParticipants, getRegistration } from './participants.js';

interface Route {
  pattern: RegExp;
  handler: (context: ApiContext) => unknown;
}

const ROUTES: Route[] = [
  { pattern: /^\/events$/, handler: listEvents },
  { pattern: /^\/events\/([^/]+)\/participants$/, handler: getParticipants },
  { pattern: /^\/events\/([^/]+)\/registrations\/([^/]+)$/, handler: getRegistration },
];

export function isApiPath(path: string): boolean {
  return path === '/events' || path.startsWith('/events/');
}

export function answerApi(state: HakuSkinState, auth: HakuAuth, request: SkinRequest, skin: SkinContext): Reply {
  const route = ROUTES.find((r) => r.pattern.test(request.path));
  if (!route) return errorReply(404, 'Not Found');
  if (request.method !== 'GET') return errorReply(405, 'Method Not Allowed');
  try {
    const { partner, clientId } = auth.authenticate(request);
    const retryAfter = skin.spend(clientId);
    if (retryAfter !== undefined) return throttledReply(retryAfter);
    const [, eventId, registrationNumber] = route.pattern.exec(request.path) ?? [];
    const event = eventId === undefined ? undefined : state.world.eventAt('haku', decodeURIComponent(eventId));
    if (eventId !== undefined && !event) throw new HttpError(404, 'Event not found');
    if (event && event.partner !== partner) throw new HttpError(403, 'User is not authorized to access this resource');
    const context: ApiContext = {
      ...state, params: request.url.searchParams, partner, event, emptyPage: skin.emptyPage,
      registrationNumber: registrationNumber === undefined ? undefined : decodeURIComponent(registrationNumber),
    };
    return jsonReply(200, route.handler(context));
  } catch (error) {
    if (error instanceof HttpError) return errorReply(error.status, error.message);
    throw error;
  }
}
