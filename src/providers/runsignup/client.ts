/**
 * The one way this adapter talks to RunSignUp: an authenticated JSON GET that classifies every
 * failure once (providers.md §1.3) and retries only transient ones. Messages name the path, never
 * the query string, because the query string carries `api_key` and `api_secret`.
 */
import { SyncError, type ErrorClass } from '../../errors.js';
import { describeNetworkError, redactSecrets } from '../redact.js';
import type { AdapterContext } from '../types.js';
import { readErrorEnvelope, type ErrorEnvelope } from './payloads.js';
import type { RunSignupSettings } from './settings.js';

export type QueryParams = Record<string, string | number | undefined>;

export interface RunSignupClient {
  /** GET `path` (e.g. `/race/1/participants`) with `params`; resolves to the parsed JSON body. */
  get(path: string, params?: QueryParams): Promise<unknown>;
}

type Sleep = (ms: number) => Promise<void>;

const sleepFor: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** RunSignUp error codes (https://runsignup.com/Api/ErrorCodes) by what the caller must do. */
export function classifyErrorCode(code: number): ErrorClass {
  switch (code) {
    case 6: return 'auth';
    case 7: return 'permission';
    case 14: return 'rate_limited';
    case 201: return 'not_found';
    case 4: case 5: case 12: return 'transient'; // unknown error, database error, out of order
    default: return 'config';
  }
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function backoffMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** (attempt - 1) + Math.random() * baseMs;
}

export function createRunSignupClient(ctx: AdapterContext, settings: RunSignupSettings, sleep: Sleep = sleepFor): RunSignupClient {
  const secrets = [ctx.credentials.api_key, ctx.credentials.api_secret].filter((value): value is string => !!value);

  function fail(errorClass: ErrorClass, message: string, options: { cause?: unknown; retryAfterMs?: number } = {}): SyncError {
    return new SyncError(errorClass, redactSecrets(message, secrets), options);
  }

  function buildUrl(path: string, params: QueryParams): string {
    const query = new URLSearchParams({ format: 'json' });
    for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
    if (ctx.credentials.api_key) query.set('api_key', ctx.credentials.api_key);
    if (ctx.credentials.api_secret) query.set('api_secret', ctx.credentials.api_secret);
    return `${ctx.baseUrl.replace(/\/+$/, '')}${path}?${query}`;
  }

  function envelopeError(label: string, envelope: ErrorEnvelope, retryAfterMs: number | undefined): SyncError {
    const { error_code: code, error_msg: text } = envelope.error;
    return fail(classifyErrorCode(code), `${label}: RunSignUp error ${code} (${text ?? 'no message'})`, { retryAfterMs });
  }

  function interpret(label: string, response: Response, text: string): unknown {
    let body: unknown;
    let parsed = true;
    try {
      body = JSON.parse(text);
    } catch {
      parsed = false;
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    // RunSignUp sends its error envelope with HTTP 200 as readily as with 4xx/5xx.
    const envelope = parsed ? readErrorEnvelope(body) : null;
    if (envelope) throw envelopeError(label, envelope, retryAfterMs);
    const status = response.status;
    if (status === 429) throw fail('rate_limited', `${label}: HTTP 429, throttled`, { retryAfterMs });
    if (status === 401 || status === 403) throw fail('auth', `${label}: HTTP ${status}, credentials refused`);
    if (status >= 500) throw fail('transient', `${label}: HTTP ${status}`);
    if (status >= 400) throw fail('config', `${label}: HTTP ${status}; check the base URL and parameters`);
    if (!parsed) throw fail('transient', `${label}: response is not valid JSON (HTTP ${status}, ${text.length} bytes)`);
    return body;
  }

  async function getOnce(path: string, params: QueryParams): Promise<unknown> {
    const label = `RunSignUp GET ${path}`;
    try {
      const response = await ctx.fetch(buildUrl(path, params), {
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      return interpret(label, response, await response.text());
    } catch (error) {
      if (error instanceof SyncError) throw error; // ours, or a budget wrapper's
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const detail = timedOut ? `timed out after ${settings.timeoutMs} ms` : `network error: ${describeNetworkError(error)} at ${new URL(ctx.baseUrl).host}`;
      throw fail('transient', `${label}: ${detail}`, { cause: error });
    }
  }

  return {
    async get(path, params = {}) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await getOnce(path, params);
        } catch (error) {
          const retryable = error instanceof SyncError && error.errorClass === 'transient';
          if (!retryable) throw error;
          if (attempt >= settings.maxAttempts) {
            throw attempt === 1 ? error : fail('transient', `${error.message} (gave up after ${attempt} attempts)`, { cause: error });
          }
          await sleep(backoffMs(attempt, settings.retryBaseMs));
        }
      }
    },
  };
}
