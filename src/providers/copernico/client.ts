/**
 * Copernico over the shared provider client (providers.md §5): the `x-api-key` header on every call,
 * errors as HTTP statuses (a 403 is a race this key may not read, a 404 an unknown race or event),
 * and every body read through body.ts, since the CDN may gzip it unasked. A body that breaks off or
 * does not parse is transient: small documents are fetched again here; streamed lists are resumed
 * by athletes.ts, which knows how far it got.
 */
import type { ErrorClass } from '../../errors.js';
import { SyncError, errorMessage } from '../../errors.js';
import { headerAuth, noAuth } from '../http/auth.js';
import { createProviderClient, defaultStatusClass, type ProviderClient, type ProviderResponse, type QueryParams } from '../http/client.js';
import { backoffMs } from '../http/retry.js';
import type { AdapterContext } from '../types.js';
import { bodyText, readBodyText } from './body.js';
import { readErrorBody } from './payloads.js';
import type { CopernicoSettings } from './settings.js';

export type { QueryParams };

export interface PostOptions {
  /** Send without the api key ([INFERRED] whether the registration import wants it). */
  anonymous?: boolean;
  /** Error statuses whose body is an answer (see ProviderRequest.answers). */
  answers?: number[];
}

export interface CopernicoClient {
  /** GET `path` under the base URL; resolves to the parsed JSON body. */
  getJson(path: string, query?: QueryParams): Promise<unknown>;
  /** GET `path` and hand over its body as streamed text (the caller must read it to the end or stop). */
  openText(path: string, query?: QueryParams): Promise<AsyncGenerator<string>>;
  /** POST a JSON body to `path` (a full URL, or under the base URL's origin: `/race-registrations/{id}`). */
  postJson(path: string, body: unknown, options?: PostOptions): Promise<ProviderResponse>;
  /** A classified error with the api key removed. */
  fail: ProviderClient['fail'];
  /** Waits before attempt `attempt + 1` of a read whose body failed. */
  pause(attempt: number): Promise<void>;
  readonly maxAttempts: number;
}

/** 403: the key is valid but not for this race; 404: no such race or event. Others as every provider. */
export function classifyStatus(status: number): ErrorClass {
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  return defaultStatusClass(status);
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createCopernicoClient(ctx: AdapterContext, settings: CopernicoSettings, sleep = sleepFor): CopernicoClient {
  const apiKey = ctx.credentials.api_key;
  const client = createProviderClient({
    label: 'Copernico',
    baseUrl: ctx.baseUrl,
    fetch: ctx.fetch,
    auth: headerAuth({ 'x-api-key': apiKey }),
    settings,
    secrets: [apiKey ?? ''],
    readError: (status, body) => {
      if (status < 400) return null;
      const message = readErrorBody(body);
      return message === null ? null : { errorClass: classifyStatus(status), message: `HTTP ${status} (${message})` };
    },
    classifyStatus,
    sleep,
  });
  // Asked for, though an unasked gzip is read as well; it keeps the 6 MB lists small on the wire.
  const headers = { 'accept-encoding': 'gzip' };
  const open = async (path: string, query?: QueryParams) =>
    (await client.request<Response>({ path, query, headers, expect: 'response' })).body;
  const brokeOff = (path: string, error: unknown) =>
    error instanceof SyncError ? error : client.fail('transient', `Copernico GET ${path}: the response broke off (${errorMessage(error)})`, { cause: error });

  /** The parsed body of an open response; a body that breaks off or is not JSON is transient. */
  async function parseBody(path: string, response: Response): Promise<unknown> {
    let text: string;
    try {
      text = await readBodyText(response);
    } catch (error) {
      throw brokeOff(path, error);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw client.fail('transient', `Copernico GET ${path}: response is not valid JSON (${text.length} characters)`);
    }
  }

  const pause = (attempt: number) => sleep(backoffMs(attempt, settings.retryBaseMs));

  return {
    fail: client.fail,
    pause,
    maxAttempts: settings.maxAttempts,
    async getJson(path, query) {
      // The request itself is retried by the shared client; only a bad body is fetched again here.
      for (let attempt = 1; ; attempt++) {
        const response = await open(path, query);
        try {
          return await parseBody(path, response);
        } catch (error) {
          if (attempt >= settings.maxAttempts) throw error;
          await pause(attempt);
        }
      }
    },
    async openText(path, query) {
      const response = await open(path, query);
      return (async function* () {
        try {
          yield* bodyText(response);
        } catch (error) {
          throw brokeOff(path, error);
        }
      })();
    },
    async postJson(path, body, options = {}) {
      const url = /^https?:\/\//.test(path) ? path : `${new URL(ctx.baseUrl).origin}${path}`;
      return client.request({ method: 'POST', path: url, json: body, answers: options.answers, ...(options.anonymous ? { auth: noAuth } : {}) });
    },
  };
}
