/**
 * RunSignUp skin options: the switches for behaviours providers.md §1 marks [INFERRED] or
 * [CONFLICT] (§6.1: "make every inferred behaviour a switch"), plus the result-set count, which is
 * RunSignUp's own notion (other providers show the same results without sets).
 */
import { requireCount } from '../../world/options.js';

export interface RunSignupSkinOptions {
  /** Result sets per race already run at the anchor; each shows the same results. Default 1. */
  resultSetsPerRace?: number;
  /** Per-api_key budget; over it the API answers error 14 (or 429). Default off (§1.4: no known limit). */
  callsPerHour?: number;
  /** HTTP status sent with API error envelopes. Default 200 (§1.3: INFERRED). */
  errorHttpStatus?: number;
  /** How throttling is answered: error 14 envelope, or HTTP 429 with Retry-After seconds (§1.3). */
  throttleAs?: 'error14' | 'http429';
  /** A captured fixture shows an empty page without the top-level `participants` key (§1.6). Default false. */
  omitEmptyParticipantsKey?: boolean;
  /** removed-participants: an array per event (MTEC client) or the single object of the official example (§1.6 CONFLICT). */
  removedShape?: 'array' | 'object';
  /** Requests without format (or format=xml): a small XML rendering of the data, or an XML error 10 (§1.8). */
  xmlAnswer?: 'document' | 'error10';
}

export interface ResolvedRunSignupOptions {
  resultSetsPerRace: number;
  callsPerHour: number | undefined;
  errorHttpStatus: number;
  throttleAs: 'error14' | 'http429';
  omitEmptyParticipantsKey: boolean;
  removedShape: 'array' | 'object';
  xmlAnswer: 'document' | 'error10';
}

export function resolveRunSignupOptions(options: RunSignupSkinOptions = {}): ResolvedRunSignupOptions {
  return {
    resultSetsPerRace: requireCount('runsignup.resultSetsPerRace', options.resultSetsPerRace, 1, 0),
    callsPerHour: options.callsPerHour === undefined ? undefined : requireCount('runsignup.callsPerHour', options.callsPerHour, 0, 1),
    errorHttpStatus: requireCount('runsignup.errorHttpStatus', options.errorHttpStatus, 200, 100),
    throttleAs: options.throttleAs ?? 'error14',
    omitEmptyParticipantsKey: options.omitEmptyParticipantsKey ?? false,
    removedShape: options.removedShape ?? 'array',
    xmlAnswer: options.xmlAnswer ?? 'document',
  };
}
