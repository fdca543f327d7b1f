/**
 * The RunSignUp skin (providers.md §1): the world rendered as the RunSignUp REST API under /Rest
 * (any case), with api_key/api_secret (or rsu_api_key + X-RSU-API-SECRET) on every call, "T"/"F"
 * booleans, "$" money, "n/j/Y H:i" times (events in the race's zone, the rest Eastern), page caps of
 * 1000 races and 2500 participants/results, the removed-participants feed, result sets with
 * division columns, JSON or (the default) XML, and throttling as error 14 or HTTP 429.
 * Switches for the [INFERRED]/[CONFLICT] behaviours are in options.ts.
 */
import { Corruptions } from '../../server/corruptions.js';
import type { Reply } from '../../server/reply.js';
import type { SkinRequest } from '../../server/request.js';
import type { Skin } from '../../server/skin.js';
import { translateTargets } from '../../server/translate.js';
import { credentialsOf } from '../../world/accounts.js';
import type { ChangeSummary, World } from '../../world/index.js';
import { answerApi, renderError, renderThrottled, requestedFormat } from './api.js';
import type { RsuPartner, RsuSkinState } from './context.js';
import { RunSignupIds } from './ids.js';
import { resolveRunSignupOptions, type RunSignupSkinOptions } from './options.js';
import { participantRenderer } from './render-participants.js';
import { describeRunSignupState } from './state.js';

export type { RunSignupSkinOptions } from './options.js';

export interface RunSignupSkin extends Skin {
  readonly state: RsuSkinState;
  readonly partners: readonly RsuPartner[];
  describeChange(summary: ChangeSummary): RunSignupChangeSummary;
}

/** The world's summary with RunSignUp's ids: the events touched and the result sets a change created. */
export interface RunSignupChangeSummary extends ChangeSummary {
  eventIds: number[];
  resultSetsCreated: number[];
}

export function createRunSignupSkin(world: World, input: RunSignupSkinOptions = {}): RunSignupSkin {
  const options = resolveRunSignupOptions(input);
  const state: RsuSkinState = {
    world, options, ids: new RunSignupIds(world, options.resultSetsPerRace), corruptions: new Corruptions(), posts: [], participant: participantRenderer(),
  };
  const partners: RsuPartner[] = world.partners.map(({ partner, accounts }) => ({
    partner,
    partnerId: accounts.runsignup.partner_id,
    apiKey: accounts.runsignup.api_key,
    apiSecret: accounts.runsignup.api_secret,
  }));
  const format = (request: SkinRequest) => requestedFormat(request.url.searchParams) ?? 'json';
  const rsuRace = (id: number) => world.race(id);
  return {
    provider: 'runsignup',
    basePath: '/Rest',
    authPath: undefined,
    credentials: world.partners.map((partner) => credentialsOf(partner, 'runsignup')),
    callsPerHour: options.callsPerHour,
    corruptions: state.corruptions,
    corruptFields: { participant: 'registration_id', result: 'result_id' },
    state,
    partners,
    identify: (request) => ({
      kind: /^\/rest(\/|$)/i.test(request.path) ? 'api' : 'unknown',
      id: request.url.searchParams.get('api_key') ?? request.url.searchParams.get('rsu_api_key') ?? '',
    }),
    answer: (request, context) => answerApi(state, partners, request, context),
    throttled: (retryAfterSeconds, request): Reply => renderThrottled(format(request), options, retryAfterSeconds),
    // Keys do not expire; an expired OAuth bearer answers error 6 (the vendor app then logs in again).
    expire: (request) => renderError(6, format(request), options),
    translateChange: (body) => translateTargets(world, 'runsignup', body, { event: 'raceId', race: 'eventId' }),
    describeChange: (summary) => ({
      ...summary,
      eventIds: summary.races.flatMap((id) => rsuRace(id)?.ids.runsignup ?? []).sort((a, b) => a - b),
      resultSetsCreated: summary.resultsOpened.flatMap((id) => {
        const race = rsuRace(id);
        return race?.ids.runsignup === undefined ? [] : [state.ids.of(race).resultSetIdBase];
      }),
    }),
    describeState: () => describeRunSignupState(state, partners),
  };
}
