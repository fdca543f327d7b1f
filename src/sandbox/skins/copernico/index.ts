/**
 * The Copernico skin (providers.md §5): the world's Copernico-scored events as races (slugs) of
 * events (names) under /api/races behind `x-api-key` — GET /api/races/{raceId} (race and events),
 * GET /api/races/{raceId}/athletes?event=<name> (one unpaged array of athlete documents, times in
 * ms) and …/athlete/{id}/full — plus POST /race-registrations/{raceId} with per-item validation.
 * The race document and the athletes list are assumptions (§5.4); gzip-without-asking and mojibake
 * names are switches (options.ts).
 */
import { Corruptions } from '../../server/corruptions.js';
import type { Skin } from '../../server/skin.js';
import { translateTargets } from '../../server/translate.js';
import { credentialsOf } from '../../world/accounts.js';
import type { World } from '../../world/index.js';
import { answerApi, encode, isApiPath, malformEncoded } from './api.js';
import type { CopernicoSkinState } from './context.js';
import { errorReply, throttledReply } from './errors.js';
import { resolveCopernicoOptions, type CopernicoSkinOptions } from './options.js';
import { RegistrationStore } from './registrations.js';
import { describeCopernicoState } from './state.js';

export type { CopernicoSkinOptions } from './options.js';

export function createCopernicoSkin(world: World, input: CopernicoSkinOptions = {}): Skin {
  const options = resolveCopernicoOptions(input);
  const state: CopernicoSkinState = { world, options, corruptions: new Corruptions(), registrations: new RegistrationStore() };
  return {
    provider: 'copernico',
    basePath: '/api/races',
    authPath: undefined,
    credentials: world.partners.map((partner) => credentialsOf(partner, 'copernico')),
    callsPerHour: options.callsPerHour,
    corruptions: state.corruptions,
    corruptFields: { participant: 'id', result: 'id' },
    identify: (request) => ({ kind: isApiPath(request.path) ? 'api' : 'unknown', id: request.header('x-api-key') ?? '' }),
    answer: (request, context) => answerApi(state, request, context),
    throttled: (retryAfterSeconds, request) => encode(throttledReply(retryAfterSeconds), options, request),
    expire: (request) => encode(errorReply(401, 'Unauthorized'), options, request),
    malform: malformEncoded,
    translateChange: (body) => {
      // Copernico names an event (a world race) by its race's slug and its own name: "slug/name".
      const { raceId, eventName, ...rest } = body;
      const key = eventName === undefined ? {} : { eventKey: `${String(raceId)}/${String(eventName)}` };
      return translateTargets(world, 'copernico', { ...rest, ...(raceId === undefined ? {} : { raceId }), ...key }, { event: 'raceId', race: 'eventKey' });
    },
    describeChange: (summary) => ({
      ...summary,
      athleteIds: [...new Set([...summary.register, ...summary.edit, ...summary.assignBibs, ...summary.changeBibs, ...summary.duplicateBibs])].sort((a, b) => a - b),
    }),
    describeState: () => describeCopernicoState(world, state.registrations),
  };
}
