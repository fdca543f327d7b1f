/**
 * ChronoTrack Live authentication (providers.md §2.2), chosen by what the connection holds:
 * - simple: query `client_id` + `user_id` + `user_pass`, the lowercase hex SHA-1 of the password
 *   (never the password itself);
 * - basic: `Authorization: Basic login:password` plus the `client_id` query parameter;
 * - oauth: a bearer from the password grant at `/oauth2/token` (`Authorization: Basic
 *   client_id:client_secret`), shared through the database (`ctx.tokens`), sent with `client_id`.
 * `auto` (the default) is OAuth when the connection holds a client_secret, otherwise simple.
 */
import { createHash } from 'node:crypto';
import { basicAuthHeader, combineAuth, headerAuth, queryAuth, type Authorizer } from '../http/auth.js';
import type { ProviderRequest, ProviderResponse } from '../http/client.js';
import { tokenAuth, type ProviderToken } from '../http/token-auth.js';
import type { AdapterContext } from '../types.js';
import { readToken } from './payloads.js';
import type { ChronoTrackSettings } from './settings.js';

export type AuthMode = 'simple' | 'basic' | 'oauth';

export type SendRequest = (request: ProviderRequest) => Promise<ProviderResponse>;

export const sha1Hex = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

export function resolveAuthMode(settings: ChronoTrackSettings, credentials: Record<string, string>): AuthMode {
  if (settings.authMode !== 'auto') return settings.authMode;
  return credentials.client_secret ? 'oauth' : 'simple';
}

/** The credential fields a mode needs that the connection lacks. */
export function missingCredentials(mode: AuthMode, credentials: Record<string, string>): string[] {
  const needed = ['client_id', 'username', 'password', ...(mode === 'oauth' ? ['client_secret'] : [])];
  return needed.filter((field) => !credentials[field]);
}

/** `ctx.authUrl`, else `/oauth2/token` beside the API root (https://api.chronotrack.com/api → …/oauth2/token). */
export function tokenUrlOf(ctx: Pick<AdapterContext, 'baseUrl' | 'authUrl'>): string {
  if (ctx.authUrl) return ctx.authUrl;
  const base = ctx.baseUrl.replace(/\/+$/, '');
  return /\/api$/.test(base) ? `${base.slice(0, -'/api'.length)}/oauth2/token` : `${new URL(base).origin}/oauth2/token`;
}

/** Values no message may show: the password, its hash (it is a credential in simple mode) and the client secret. */
export function secretsOf(credentials: Record<string, string>): string[] {
  const { password, client_secret: clientSecret } = credentials;
  return [password ?? '', password ? sha1Hex(password) : '', clientSecret ?? ''].filter(Boolean);
}

function userPass(settings: ChronoTrackSettings, password: string): string {
  return settings.passwordIsSha1 ? password.trim().toLowerCase() : sha1Hex(password);
}

/** The password grant; CT's refresh grant is not documented, so an expired token is replaced by a new grant. */
async function obtainToken(ctx: AdapterContext, settings: ChronoTrackSettings, send: SendRequest): Promise<ProviderToken> {
  const { client_id: clientId = '', client_secret: clientSecret = '', username = '', password = '' } = ctx.credentials;
  const grant = { grant_type: 'password', username, password };
  const response = await send({
    method: settings.tokenMethod,
    path: tokenUrlOf(ctx),
    ...(settings.tokenMethod === 'GET' ? { query: grant } : { form: grant }),
    auth: headerAuth({ authorization: basicAuthHeader(clientId, clientSecret) }),
  });
  const token = readToken(response.body);
  return { accessToken: token.accessToken, refreshToken: null, expiresAt: new Date(Date.now() + token.expiresInSeconds * 1000) };
}

export function createAuthorizer(ctx: AdapterContext, settings: ChronoTrackSettings, mode: AuthMode, send: SendRequest): Authorizer {
  const { client_id: clientId, username, password } = ctx.credentials;
  const withClientId = queryAuth({ client_id: clientId });
  switch (mode) {
    case 'simple':
      return queryAuth({ client_id: clientId, user_id: username, user_pass: password === undefined ? undefined : userPass(settings, password) });
    case 'basic':
      return combineAuth(withClientId, headerAuth({ authorization: basicAuthHeader(username ?? '', password ?? '') }));
    case 'oauth':
      return combineAuth(withClientId, tokenAuth({
        store: ctx.tokens,
        grant: { obtain: () => obtainToken(ctx, settings, send) },
        attach: (request, accessToken) => request.headers.set('authorization', `Bearer ${accessToken}`),
      }));
  }
}
