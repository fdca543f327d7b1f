/**
 * Race Roster over the shared provider client (providers.md §3): every API call carries
 * `Authorization: Bearer <token>` from the connection's shared token store (token.ts renews it),
 * API errors are classified by HTTP status alone (§3.4: the body's shape is not known, so it only
 * supplies the message), and Passport's token errors by their `error` code.
 */
import type { ErrorClass } from '../../errors.js';
import { createProviderClient, type ProviderClient, type QueryParams, type ReadError } from '../http/client.js';
import { tokenAuth } from '../http/token-auth.js';
import type { AdapterContext } from '../types.js';
import { readErrorAnswer } from './payloads.js';
import type { RaceRosterSettings } from './settings.js';
import { raceRosterGrant, tokenUrlOf } from './token.js';

export type { QueryParams };

export interface RaceRosterClient {
  /** GET `path` (e.g. `/events/1/participants`) with `query`; resolves to the parsed JSON body. */
  get(path: string, query?: QueryParams): Promise<unknown>;
}

/** The documented statuses (§3.1) by what the caller must do. */
export function classifyStatus(status: number): ErrorClass {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500 && status !== 501) return 'transient';
  return 'config'; // 400 validation, 405 method, 501 not implemented: a request we must fix
}

/** Passport's OAuth error codes (RFC 6749 §5.2): refused credentials, or a request we built wrong. */
export function classifyTokenError(code: string, status: number): ErrorClass {
  switch (code) {
    case 'invalid_grant': case 'invalid_client': case 'invalid_request': case 'access_denied': case 'unauthorized_client':
      return 'auth';
    case 'unsupported_grant_type': case 'invalid_scope': case 'unsupported_response_type':
      return 'config';
    case 'server_error': case 'temporarily_unavailable':
      return 'transient';
    default:
      return classifyStatus(status);
  }
}

const readError: ReadError = (status, body) => {
  if (status < 400) return null;
  const answer = readErrorAnswer(body);
  const errorClass = answer.code ? classifyTokenError(answer.code, status) : classifyStatus(status);
  const code = answer.code ? ` ${answer.code}` : '';
  return { errorClass, message: `HTTP ${status}${code}${answer.message ? ` (${answer.message})` : ''}` };
};

export function createRaceRosterClient(ctx: AdapterContext, settings: RaceRosterSettings, sleep?: (ms: number) => Promise<void>): RaceRosterClient {
  const { credentials } = ctx;
  // The grant calls through this same client (with its own auth), created just below.
  let client: ProviderClient | undefined;
  const grant = raceRosterGrant({ client: () => client!, tokenUrl: tokenUrlOf(ctx.baseUrl, ctx.authUrl), credentials, settings });
  client = createProviderClient({
    label: 'Race Roster',
    baseUrl: ctx.baseUrl,
    fetch: ctx.fetch,
    auth: tokenAuth({ store: ctx.tokens, grant, attach: ({ headers }, token) => headers.set('authorization', `Bearer ${token}`) }),
    settings,
    secrets: [credentials.client_secret ?? '', credentials.password ?? ''],
    readError,
    classifyStatus,
    sleep,
  });
  return {
    get: async (path, query = {}) => (await client.request({ path, query })).body,
  };
}
