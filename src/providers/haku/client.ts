/**
 * Haku over the shared provider client (providers.md §4.1, §4.4): a Cognito client-credentials
 * token (HTTP Basic client_id:client_secret, form grant_type=client_credentials) kept in the
 * connection's shared token store and sent raw in `Authorization` — no "Bearer " — and errors as
 * HTTP statuses with a small {"message"} body. Token calls go through the same fetch as API calls,
 * so they spend the budget too.
 */
import type { ErrorClass } from '../../errors.js';
import { basicAuthHeader, noAuth, type Authorizer } from '../http/auth.js';
import { createProviderClient, defaultStatusClass, type QueryParams, type ReadError } from '../http/client.js';
import { tokenAuth, type ProviderToken } from '../http/token-auth.js';
import type { AdapterContext } from '../types.js';
import { readErrorBody, readToken } from './payloads.js';
import type { HakuSettings } from './settings.js';

export type { QueryParams };

export interface HakuClient {
  /** GET `path` (e.g. `/events/abc/participants`) with `params`; resolves to the parsed JSON body. */
  get(path: string, params?: QueryParams): Promise<unknown>;
}

/** API statuses: 403 is a valid token without access to that event; 404 an unknown event or registration. */
export function classifyStatus(status: number): ErrorClass {
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  return defaultStatusClass(status);
}

/** Cognito's OAuth error codes (RFC 6749 §5.2) by what the caller must do. */
export function classifyTokenError(status: number, error: string | null | undefined): ErrorClass {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'transient';
  if (error === 'invalid_client' || error === 'unauthorized_client' || error === 'invalid_grant' || error === 'access_denied') return 'auth';
  return status === 401 || status === 403 ? 'auth' : 'config';
}

function apiError(status: number, body: unknown): ReturnType<ReadError> {
  if (status < 400) return null;
  const message = readErrorBody(body)?.message;
  return { errorClass: classifyStatus(status), message: `HTTP ${status}${message ? ` (${message})` : ''}` };
}

function tokenError(status: number, body: unknown): ReturnType<ReadError> {
  if (status < 400) return null;
  const answer = readErrorBody(body);
  const errorClass = classifyTokenError(status, answer?.error);
  const hint = errorClass === 'auth' ? ', the client id and secret were refused' : '';
  return { errorClass, message: `HTTP ${status} (${answer?.error ?? answer?.message ?? 'no error code'})${hint}` };
}

export interface HakuClientOptions {
  ctx: AdapterContext;
  settings: HakuSettings;
  authUrl: string;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export function createHakuClient({ ctx, settings, authUrl, sleep, now = Date.now }: HakuClientOptions): HakuClient {
  const { client_id: clientId = '', client_secret: clientSecret = '' } = ctx.credentials;
  const basic = basicAuthHeader(clientId, clientSecret);
  const secrets = [clientSecret, basic, basic.slice('Basic '.length)];
  const common = { fetch: ctx.fetch, settings, secrets, sleep };
  const tokenClient = createProviderClient({ ...common, label: 'Haku token', baseUrl: authUrl, auth: noAuth, readError: tokenError });

  async function obtain(): Promise<ProviderToken> {
    const { body } = await tokenClient.request({
      method: 'POST',
      path: authUrl,
      form: { grant_type: 'client_credentials' },
      headers: { authorization: basic },
    });
    const token = readToken(body);
    return { accessToken: token.access_token, refreshToken: null, expiresAt: new Date(now() + token.expires_in * 1000) };
  }

  const auth: Authorizer = tokenAuth({
    store: ctx.tokens,
    grant: { obtain },
    // "Direct token format, not Bearer" (the production integration, §4.1).
    attach: (request, accessToken) => request.headers.set('authorization', accessToken),
    now,
  });
  const api = createProviderClient({ ...common, label: 'Haku', baseUrl: ctx.baseUrl, auth, readError: apiError });
  return {
    get: async (path, params = {}) => (await api.request({ path, query: params })).body,
  };
}
