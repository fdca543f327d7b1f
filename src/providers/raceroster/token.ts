/**
 * Race Roster's token (providers.md §3.2): `POST /api/oauth/authorize` with a form body — the
 * unusual password-style `grant_type=access_token` with client id and secret, username and password,
 * or `grant_type=refresh_token` (refresh tokens work once; the shared tokenAuth falls back to a new
 * grant). The answer may be wrapped in `data` (object or array) or bare. Token calls are ordinary
 * provider calls: they go through the connection's fetch and spend its budget.
 */
import { SyncError } from '../../errors.js';
import { noAuth } from '../http/auth.js';
import type { ProviderClient } from '../http/client.js';
import type { ProviderToken, TokenGrant } from '../http/token-auth.js';
import { readTokenAnswer } from './payloads.js';
import type { RaceRosterSettings } from './settings.js';

export const CREDENTIAL_FIELDS = ['client_id', 'client_secret', 'username', 'password'] as const;

/**
 * The token endpoint: the connection's auth URL when given, else `/api/oauth/authorize` on the base
 * URL's host (under the same prefix, when the base URL is `…/api/v1` behind a proxy path).
 */
export function tokenUrlOf(baseUrl: string, authUrl: string | null): string {
  if (authUrl) return authUrl;
  const trimmed = baseUrl.replace(/\/+$/, '');
  if (/\/api\/v1$/i.test(trimmed)) return trimmed.replace(/\/v1$/i, '/oauth/authorize');
  return new URL('/api/oauth/authorize', trimmed).toString();
}

export function missingCredentials(credentials: Record<string, string>): string[] {
  return CREDENTIAL_FIELDS.filter((field) => !credentials[field]);
}

export function raceRosterGrant(options: {
  client: () => ProviderClient;
  tokenUrl: string;
  credentials: Record<string, string>;
  settings: RaceRosterSettings;
  now?: () => number;
}): TokenGrant {
  const { credentials, settings } = options;
  const now = options.now ?? Date.now;

  async function requestToken(form: Record<string, string>): Promise<ProviderToken> {
    const { body } = await options.client().request({ method: 'POST', path: options.tokenUrl, form, auth: noAuth });
    const answer = readTokenAnswer(body, settings.tokenEnvelope);
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? null,
      expiresAt: new Date(now() + (answer.expires_in ?? settings.tokenLifetimeSeconds) * 1000),
    };
  }

  return {
    async obtain() {
      const missing = missingCredentials(credentials);
      if (missing.length > 0) {
        throw new SyncError('auth', `Race Roster needs client_id, client_secret, username and password; this connection lacks ${missing.join(', ')}`);
      }
      const { client_id, client_secret, username, password } = credentials as Record<(typeof CREDENTIAL_FIELDS)[number], string>;
      return requestToken({ grant_type: 'access_token', client_id, client_secret, username, password });
    },
    async refresh(refreshToken) {
      const { client_id = '', client_secret = '' } = credentials;
      return requestToken({ grant_type: 'refresh_token', client_id, client_secret, refresh_token: refreshToken });
    },
  };
}
