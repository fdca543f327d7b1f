/**
 * One Copernico request → one reply: `x-api-key` on every call (§5.2; 401 without a known key),
 * then the budget (429), the race (404, or 403 for another partner's), and the route. Bodies go out
 * gzip-encoded even when the client did not ask (the CDN quirk of K5) unless the gzip switch says
 * otherwise.
 */
import { HttpError } from '../../server/http-error.js';
import { gunzipSync, gzipSync } from 'node:zlib';
import { malformBody } from '../../server/faults.js';
import { jsonReply, type Reply } from '../../server/reply.js';
import { jsonOf, type SkinRequest } from '../../server/request.js';
import type { SkinContext } from '../../server/skin.js';
import type { WorldEvent } from '../../world/index.js';
import { getAthlete, listAthletes } from './athletes.js';
import { keyOwner } from './auth.js';
import type { ApiContext, CopernicoSkinState } from './context.js';
import { errorReply, throttledReply } from './errors.js';
import type { ResolvedCopernicoOptions } from './options.js';
import { renderRace } from './render.js';

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handler(context: ApiContext, request: SkinRequest): Reply;
}

const ok = (value: unknown) => jsonReply(200, value);

const ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/races\/([^/]+)$/,
    handler: (c) => ok(renderRace(c.event as WorldEvent, (race) => c.world.activeCount(race))),
  },
  { method: 'GET', pattern: /^\/api\/races\/([^/]+)\/athletes$/, handler: (c) => ok(listAthletes(c)) },
  { method: 'GET', pattern: /^\/api\/races\/([^/]+)\/athlete\/([^/]+)\/full$/, handler: (c) => ok(getAthlete(c)) },
  {
    method: 'POST',
    pattern: /^\/race-registrations\/([^/]+)$/,
    handler: (c, request) => {
      const result = c.registrations.push(c.event as WorldEvent, jsonOf(request));
      return jsonReply(result.status, result.body);
    },
  },
];

export const isApiPath = (path: string): boolean => path.startsWith('/api/races/') || path.startsWith('/race-registrations/');


/** gzip the body when the switch (and, for 'when-asked', the request) says so. */
export function encode(reply: Reply, options: ResolvedCopernicoOptions, request: SkinRequest): Reply {
  const asked = /\bgzip\b/.test(request.header('accept-encoding') ?? '');
  if (options.gzip === 'never' || (options.gzip === 'when-asked' && !asked)) return reply;
  return { ...reply, headers: { ...reply.headers, 'content-encoding': 'gzip' }, body: gzipSync(reply.body) };
}

/** The malformed fault: the JSON inside the gzip is broken, not the gzip itself. */
export function malformEncoded(body: string | Buffer): string | Buffer {
  if (typeof body === 'string') return malformBody(body);
  return gzipSync(malformBody(gunzipSync(body).toString('utf8')));
}

function route(state: CopernicoSkinState, request: SkinRequest, skin: SkinContext): Reply {
  const found = ROUTES.find((r) => r.pattern.test(request.path));
  if (!found) return errorReply(404, 'Not Found');
  if (found.method !== request.method) return errorReply(405, 'Method Not Allowed');
  try {
    const key = request.header('x-api-key');
    const partner = keyOwner(state.world, key);
    if (partner === undefined) throw new HttpError(401, 'Unauthorized');
    const retryAfter = skin.spend(key as string);
    if (retryAfter !== undefined) return throttledReply(retryAfter);
    const [, slug, athleteId] = found.pattern.exec(request.path) ?? [];
    const event = state.world.eventAt('copernico', decodeURIComponent(slug ?? ''));
    if (!event) throw new HttpError(404, `race ${slug} not found`);
    if (event.partner !== partner) throw new HttpError(403, 'Forbidden');
    const context: ApiContext = {
      ...state, params: request.url.searchParams, partner, event, emptyPage: skin.emptyPage,
      athleteId: athleteId === undefined ? undefined : decodeURIComponent(athleteId),
    };
    return found.handler(context, request);
  } catch (error) {
    if (error instanceof HttpError) return errorReply(error.status, error.message);
    if (error instanceof SyntaxError) return errorReply(400, 'the body is not JSON');
    throw error;
  }
}

export function answerApi(state: CopernicoSkinState, request: SkinRequest, skin: SkinContext): Reply {
  return encode(route(state, request, skin), state.options, request);
}
