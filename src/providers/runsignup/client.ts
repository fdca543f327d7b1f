/**
 * RunSignUp over the shared provider client (providers.md §1): the key pair as query parameters,
 * `format=json` on every call, and its error envelope — sent with HTTP 200 as readily as with an
 * error status — classified by error code.
 */
import type { ErrorClass } from '../../errors.js';
import { queryAuth } from '../http/auth.js';
import { createProviderClient, type QueryParams } from '../http/client.js';
import type { AdapterContext } from '../types.js';
import { readErrorEnvelope } from './payloads.js';
import type { RunSignupSettings } from './settings.js';

export type { QueryParams };

export interface RunSignupClient {
  /** GET `path` (e.g. `/race/1/participants`) with `params`; resolves to the parsed JSON body. */
  get(path: string, params?: QueryParams): Promise<unknown>;
  /** POST a form to `path` (the results write endpoints); resolves to the parsed JSON body. */
  post(path: string, form: Record<string, string>): Promise<unknown>;
}

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

export function createRunSignupClient(ctx: AdapterContext, settings: RunSignupSettings, sleep?: (ms: number) => Promise<void>): RunSignupClient {
  const { api_key: apiKey, api_secret: apiSecret } = ctx.credentials;
  const client = createProviderClient({
    label: 'RunSignUp',
    baseUrl: ctx.baseUrl,
    fetch: ctx.fetch,
    auth: queryAuth({ api_key: apiKey, api_secret: apiSecret }),
    settings,
    secrets: [apiKey ?? '', apiSecret ?? ''],
    defaultQuery: { format: 'json' },
    readError: (_status, body) => {
      const envelope = readErrorEnvelope(body);
      if (!envelope) return null;
      const { error_code: code, error_msg: text } = envelope.error;
      return { errorClass: classifyErrorCode(code), message: `RunSignUp error ${code} (${text ?? 'no message'})` };
    },
    sleep,
  });
  return {
    get: async (path, params = {}) => (await client.request({ path, query: params })).body,
    post: async (path, form) => (await client.request({ method: 'POST', path, form })).body,
  };
}
