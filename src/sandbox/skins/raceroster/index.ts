/**
 * The Race Roster skin (providers.md §3): the world's Race Roster events under /api/v1, JSON only,
 * camelCase, ISO 8601 dates with offsets, gender as integer codes, lists under `data` with
 * `metadata`, behind OAuth2 tokens from POST /api/oauth/authorize (24 h, refresh tokens good once).
 * Follows §3.1–§3.3 where they are verified; the participants and results shapes, paging of
 * participants, the error body and the token wrapper are [INFERRED] and documented (or switched)
 * in their files.
 */
import { Corruptions } from '../../server/corruptions.js';
import type { Skin } from '../../server/skin.js';
import { translateTargets } from '../../server/translate.js';
import { credentialsOf } from '../../world/accounts.js';
import type { World } from '../../world/index.js';
import { answerApi, throttledReply } from './api.js';
import { RaceRosterAuth } from './auth.js';
import type { RrSkinState } from './context.js';
import { errorReply, MESSAGES } from './errors.js';
import { resolveRaceRosterOptions, type RaceRosterSkinOptions } from './options.js';
import { describeRaceRosterState } from './state.js';

export type { RaceRosterSkinOptions } from './options.js';

const TOKEN_PATH = '/api/oauth/authorize';

export function createRaceRosterSkin(world: World, input: RaceRosterSkinOptions = {}): Skin {
  const options = resolveRaceRosterOptions(input);
  const state: RrSkinState = { world, options, corruptions: new Corruptions() };
  const auth = new RaceRosterAuth(world, options);
  return {
    provider: 'raceroster',
    basePath: '/api/v1',
    authPath: TOKEN_PATH,
    credentials: world.partners.map((partner) => credentialsOf(partner, 'raceroster')),
    callsPerHour: options.callsPerHour,
    corruptions: state.corruptions,
    corruptFields: { participant: 'participantId', result: 'resultId' },
    identify: (request) => {
      if (request.path === TOKEN_PATH) return { kind: 'token', id: auth.callerOf(request, true) };
      return { kind: request.path.startsWith('/api/v1') ? 'api' : 'unknown', id: auth.callerOf(request, false) };
    },
    answer: (request, context) => (request.path === TOKEN_PATH ? auth.answerToken(request) : answerApi(state, auth, request, context)),
    throttled: (retryAfterSeconds) => throttledReply(state, retryAfterSeconds),
    expire: (request) => {
      auth.expire(request);
      return errorReply(options, 401, MESSAGES[401]);
    },
    translateChange: (body) => translateTargets(world, 'raceroster', body, { event: 'eventId', race: 'subEventId' }),
    describeChange: (summary) => ({
      ...summary,
      subEventIds: summary.races.flatMap((id) => world.race(id)?.ids.raceroster ?? []).sort((a, b) => a - b),
    }),
    describeState: () => describeRaceRosterState(world),
  };
}
