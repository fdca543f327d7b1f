/**
 * The ChronoTrack Live skin (providers.md §2): the world's CT-scored events under /api — events,
 * races, entries (the registrations of the event's registration provider, under CT's own ids) and
 * results as bracket (OPEN/SEX/AGE) × interval (splits and Full Course) rows — with every JSON
 * value a string, page/size paging with X-Ctlive-* headers, XML unless format=json (or a .json
 * suffix), and all three auth modes. Root keys that sources disagree on are switches (options.ts).
 */
import { Corruptions } from '../../server/corruptions.js';
import type { Skin } from '../../server/skin.js';
import { translateTargets } from '../../server/translate.js';
import { credentialsOf } from '../../world/accounts.js';
import type { World } from '../../world/index.js';
import { answerApi, normalisePath } from './api.js';
import { ChronoTrackAuth } from './auth.js';
import { errorReply, INVALID_CREDENTIALS, throttledReply } from './errors.js';
import { resolveChronoTrackOptions, type ChronoTrackSkinOptions } from './options.js';
import type { CtSkinState } from './context.js';
import { describeChronoTrackState } from './state.js';

export type { ChronoTrackSkinOptions } from './options.js';

const TOKEN_PATH = '/oauth2/token';

export function createChronoTrackSkin(world: World, input: ChronoTrackSkinOptions = {}): Skin {
  const options = resolveChronoTrackOptions(input);
  const state: CtSkinState = { world, options, corruptions: new Corruptions() };
  const auth = new ChronoTrackAuth(world, options);
  return {
    provider: 'chronotrack',
    basePath: '/api',
    authPath: TOKEN_PATH,
    credentials: world.partners.map((partner) => credentialsOf(partner, 'chronotrack')),
    callsPerHour: options.callsPerHour,
    corruptions: state.corruptions,
    corruptFields: { participant: 'entry_id', result: 'results_time' },
    identify: (request) => {
      if (request.path === TOKEN_PATH) return { kind: 'token', id: auth.callerOf(request, true) };
      const api = request.path === '/api' || request.path.startsWith('/api/');
      return { kind: api && normalisePath(request.path).path !== '/' ? 'api' : 'unknown', id: auth.callerOf(request, false) };
    },
    answer: (request, context) => (request.path === TOKEN_PATH ? auth.answerToken(request) : answerApi(state, auth, request, context)),
    throttled: (retryAfterSeconds) => throttledReply(retryAfterSeconds),
    expire: (request) => {
      auth.expire(request);
      return errorReply(401, INVALID_CREDENTIALS);
    },
    translateChange: (body) => translateTargets(world, 'chronotrack', body, { event: 'eventId', race: 'raceId' }),
    describeChange: (summary) => ({
      ...summary,
      raceIds: summary.races.flatMap((id) => world.race(id)?.ids.chronotrack ?? []).sort((a, b) => a - b),
    }),
    describeState: () => describeChronoTrackState(world),
  };
}
