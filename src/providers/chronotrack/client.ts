/**
 * ChronoTrack Live over the shared provider client (providers.md §2): `format=json` on every API
 * call (without it the API answers XML), the connection's auth mode (auth.ts), and its errors. No
 * error body is verified (§2.6), so the HTTP status decides — 401 auth, 403 permission, 404 not
 * found, 429 throttled, 5xx transient — and the `{"error": …}` text goes into the message. OAuth
 * refusals (`invalid_grant`, `invalid_client`) are auth whatever their status.
 */
import type { ErrorClass } from '../../errors.js';
import { createProviderClient, type QueryParams } from '../http/client.js';
import { backoffMs } from '../http/retry.js';
import type { AdapterContext } from '../types.js';
import { createAuthorizer, secretsOf, type AuthMode } from './auth.js';
import { readErrorBody } from './payloads.js';
import type { ChronoTrackSettings } from './settings.js';

export type { QueryParams };

export interface CtResponse {
  body: unknown;
  headers: Headers;
}

export interface ChronoTrackClient {
  /** GET `path` under the API root (e.g. `/event/1/entry`) as JSON. */
  get(path: string, query?: QueryParams): Promise<CtResponse>;
  /** Waits before the `attempt`-th retry of an answer that was well-formed but inconsistent (paging.ts). */
  pause(attempt: number): Promise<void>;
  readonly maxAttempts: number;
}

export function classifyStatus(status: number): ErrorClass {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'transient';
  return 'config';
}

const OAUTH_REFUSALS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'access_denied']);

function readError(status: number, body: unknown): { errorClass: ErrorClass; message: string } | null {
  const error = readErrorBody(body);
  if (!error) return null;
  const detail = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
  if (OAUTH_REFUSALS.has(error.error)) return { errorClass: 'auth', message: `token refused (${detail})` };
  return status >= 400 ? { errorClass: classifyStatus(status), message: `HTTP ${status} (${detail})` } : null;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createChronoTrackClient(
  ctx: AdapterContext,
  settings: ChronoTrackSettings,
  mode: AuthMode,
  sleep: (ms: number) => Promise<void> = sleepFor,
): ChronoTrackClient {
  // The token call goes through this same client (budget, retries, redaction) with its own auth.
  const auth = createAuthorizer(ctx, settings, mode, (request) => client.request(request));
  const client = createProviderClient({
    label: 'ChronoTrack',
    baseUrl: ctx.baseUrl,
    fetch: ctx.fetch,
    auth,
    settings,
    secrets: secretsOf(ctx.credentials),
    readError,
    classifyStatus,
    sleep,
  });
  return {
    get: async (path, query = {}) => {
      const response = await client.request({ path, query: { ...query, format: 'json' } });
      return { body: response.body, headers: response.headers };
    },
    pause: (attempt) => sleep(backoffMs(attempt, settings.retryBaseMs)),
    maxAttempts: settings.maxAttempts,
  };
}
