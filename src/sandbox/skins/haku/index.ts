/**
 * The Haku skin (providers.md §4): the API root with GET /events, /events/{id}/participants (the
 * summary) and /events/{id}/registrations/{registration_number} (the detail, one call per
 * participant — the N+1 the 500/hour budget makes expensive), behind a Cognito-style
 * client-credentials token endpoint on the same port whose token goes raw into `Authorization`.
 * Events have a date and a zone but no time; Haku has no results. Switches in options.ts.
 */
import { Corruptions } from '../../server/corruptions.js';
import type { Skin } from '../../server/skin.js';
import { translateTargets } from '../../server/translate.js';
import { credentialsOf } from '../../world/accounts.js';
import type { World } from '../../world/index.js';
import { answerApi, isApiPath } from './api.js';
import { HakuAuth } from './auth.js';
import type { HakuSkinState } from './context.js';
import { errorReply, throttledReply, UNAUTHORIZED } from './errors.js';
import { resolveHakuOptions, type HakuSkinOptions } from './options.js';
import { registrationNumberOf } from './render.js';
import { describeHakuState } from './state.js';

export type { HakuSkinOptions } from './options.js';

const TOKEN_PATH = '/oauth2/token';

export function createHakuSkin(world: World, input: HakuSkinOptions = {}): Skin {
  const options = resolveHakuOptions(input);
  const state: HakuSkinState = { world, options, corruptions: new Corruptions() };
  const auth = new HakuAuth(world, options);
  return {
    provider: 'haku',
    basePath: '',
    authPath: TOKEN_PATH,
    credentials: world.partners.map((partner) => credentialsOf(partner, 'haku')),
    callsPerHour: options.callsPerHour,
    corruptions: state.corruptions,
    corruptFields: { participant: 'registration_number', result: 'registration_number' },
    identify: (request) => {
      if (request.path === TOKEN_PATH) return { kind: 'token', id: auth.callerOf(request, true) };
      return { kind: isApiPath(request.path) ? 'api' : 'unknown', id: auth.callerOf(request, false) };
    },
    answer: (request, context) => (request.path === TOKEN_PATH ? auth.answerToken(request) : answerApi(state, auth, request, context)),
    throttled: (retryAfterSeconds) => throttledReply(retryAfterSeconds),
    expire: (request) => {
      auth.expire(request);
      return errorReply(401, UNAUTHORIZED);
    },
    translateChange: (body) => translateTargets(world, 'haku', body, { event: 'eventId', race: 'categoryId' }),
    // The registration numbers to fetch the detail of: every registration the change touched.
    describeChange: (summary) => {
      const { register, assignBibs, changeBibs, duplicateBibs, edit, remove, cancel } = summary;
      const ids = [...new Set([...register, ...assignBibs, ...changeBibs, ...duplicateBibs, ...edit, ...remove, ...cancel])].sort((a, b) => a - b);
      return { ...summary, registrationNumbers: ids.map(registrationNumberOf) };
    },
    describeState: () => describeHakuState(world),
  };
}
