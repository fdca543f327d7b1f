/**
 * The one way adapters talk to providers: a request with the connection's credentials (an Authorizer),
 * a timeout, every failure classified once by what the caller must do, transient ones retried with
 * backoff, a 401 renewing the credentials once, `Retry-After` kept for the budget, and no secret in any
 * message. Each adapter adds only what its provider does differently: its error answer (`readError`,
 * e.g. RunSignUp's envelope at HTTP 200) and, rarely, how a status is classified.
 */
import { SyncError, type ErrorClass } from '../../errors.js';
import { describeNetworkError, redactSecrets } from '../redact.js';
import type { HttpFetch } from '../types.js';
import type { Authorizer } from './auth.js';
import { backoffMs, parseRetryAfter } from './retry.js';
import type { ClientSettings } from './settings.js';

export type QueryParams = Record<string, string | number | boolean | undefined | null>;

export interface ProviderRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Appended to the base URL, e.g. `/race/1/participants`; a full URL is used as it is (token endpoints). */
  path: string;
  query?: QueryParams;
  /** An `application/x-www-form-urlencoded` body. */
  form?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  headers?: Record<string, string>;
  /** `json` (default) parses the body; `text` returns it as text; `response` hands the open Response over (streamed bodies). */
  expect?: 'json' | 'text' | 'response';
  /** Overrides the connection's authorizer (token endpoints authenticate their own way). */
  auth?: Authorizer;
  /** Error statuses whose body is an answer to read, not a failure (Copernico's 400 listing the refused items). */
  answers?: number[];
}

export interface ProviderResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A provider's own error answer, read from any response: its class and message (null: not an error answer). */
export type ReadError = (status: number, body: unknown, headers: Headers) => { errorClass: ErrorClass; message: string } | null;

export interface ProviderClientOptions {
  /** "RunSignUp": the start of every message. */
  label: string;
  baseUrl: string;
  fetch: HttpFetch;
  auth: Authorizer;
  settings: ClientSettings;
  /** Values never to show in a message (the connection's secrets). */
  secrets: string[];
  /** Query parameters every request carries (RunSignUp's `format=json`). */
  defaultQuery?: QueryParams;
  readError?: ReadError;
  /** Class of an HTTP error status the provider's own answer did not explain. */
  classifyStatus?: (status: number) => ErrorClass;
  sleep?: (ms: number) => Promise<void>;
}

export interface ProviderClient {
  request<T = unknown>(request: ProviderRequest): Promise<ProviderResponse<T>>;
  /** A classified error with the connection's secrets removed. */
  fail(errorClass: ErrorClass, message: string, options?: { cause?: unknown; retryAfterMs?: number }): SyncError;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function defaultStatusClass(status: number): ErrorClass {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status >= 500) return 'transient';
  return 'config';
}

function statusHint(errorClass: ErrorClass): string {
  if (errorClass === 'auth') return 'credentials refused';
  if (errorClass === 'config') return 'check the base URL and parameters';
  if (errorClass === 'rate_limited') return 'throttled';
  return 'provider error';
}

export function createProviderClient(options: ProviderClientOptions): ProviderClient {
  const sleep = options.sleep ?? sleepFor;
  const classify = options.classifyStatus ?? defaultStatusClass;
  const fail: ProviderClient['fail'] = (errorClass, message, more = {}) =>
    new SyncError(errorClass, redactSecrets(message, options.secrets), more);

  function urlOf(request: ProviderRequest): URL {
    const url = /^https?:\/\//.test(request.path) ? new URL(request.path) : new URL(`${options.baseUrl.replace(/\/+$/, '')}${request.path}`);
    for (const [key, value] of Object.entries({ ...options.defaultQuery, ...request.query })) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    return url;
  }

  function bodyOf(request: ProviderRequest, headers: Headers): string | undefined {
    if (request.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      return new URLSearchParams(request.form).toString();
    }
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json');
      return JSON.stringify(request.json);
    }
    return undefined;
  }

  /** One attempt; a 401 renews the credentials once and tries again inside the same attempt. */
  async function send(request: ProviderRequest, label: string): Promise<ProviderResponse> {
    const auth = request.auth ?? options.auth;
    for (let renewed = false; ; renewed = true) {
      const url = urlOf(request);
      const headers = new Headers({ accept: 'application/json', ...request.headers });
      const body = bodyOf(request, headers);
      const use = await auth.apply({ url, headers });
      const response = await fetchOnce(url, { method: request.method ?? 'GET', headers, body }, label);
      if (response.status === 401 && !renewed && auth.renew && (await auth.renew(use))) {
        await response.body?.cancel().catch(() => undefined);
        continue;
      }
      return interpret(request, label, response);
    }
  }

  async function fetchOnce(url: URL, init: RequestInit, label: string): Promise<Response> {
    try {
      return await options.fetch(url.toString(), { ...init, signal: AbortSignal.timeout(options.settings.timeoutMs) });
    } catch (error) {
      if (error instanceof SyncError) throw error; // ours, or the budget's
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const detail = timedOut ? `timed out after ${options.settings.timeoutMs} ms` : `network error: ${describeNetworkError(error)} at ${url.host}`;
      throw fail('transient', `${label}: ${detail}`, { cause: error });
    }
  }

  async function interpret(request: ProviderRequest, label: string, response: Response): Promise<ProviderResponse> {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const expect = request.expect ?? 'json';
    if (expect === 'response' && response.ok) return { status: response.status, headers: response.headers, body: response };
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw fail('transient', `${label}: the response broke off (${(error as Error).message})`, { cause: error });
    }
    let body: unknown = text;
    let parsed = expect === 'text';
    if (expect !== 'text') {
      try {
        body = JSON.parse(text);
        parsed = true;
      } catch {
        // not JSON: an error page, or a truncated body
      }
    }
    if (parsed && request.answers?.includes(response.status)) return { status: response.status, headers: response.headers, body };
    const own = options.readError?.(response.status, parsed ? body : text, response.headers);
    if (own) throw fail(own.errorClass, `${label}: ${own.message}`, { retryAfterMs });
    if (!response.ok) {
      const errorClass = classify(response.status);
      throw fail(errorClass, `${label}: HTTP ${response.status}, ${statusHint(errorClass)}`, { retryAfterMs });
    }
    if (!parsed) throw fail('transient', `${label}: response is not valid JSON (HTTP ${response.status}, ${text.length} bytes)`);
    return { status: response.status, headers: response.headers, body };
  }

  return {
    fail,
    async request<T>(request: ProviderRequest): Promise<ProviderResponse<T>> {
      const label = `${options.label} ${request.method ?? 'GET'} ${/^https?:\/\//.test(request.path) ? new URL(request.path).pathname : request.path}`;
      for (let attempt = 1; ; attempt++) {
        try {
          return (await send(request, label)) as ProviderResponse<T>;
        } catch (error) {
          if (!(error instanceof SyncError) || error.errorClass !== 'transient') throw error;
          if (attempt >= options.settings.maxAttempts) {
            throw attempt === 1 ? error : fail('transient', `${error.message} (gave up after ${attempt} attempts)`, { cause: error });
          }
          await sleep(backoffMs(attempt, options.settings.retryBaseMs));
        }
      }
    },
  };
}
