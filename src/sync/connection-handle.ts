import { memoryTokenStore, type TokenStore } from '../providers/http/token-auth.js';
import { providerEntry } from '../providers/registry.js';
import type { HttpFetch } from '../providers/types.js';
import type { OpenConnection } from '../tenants/connections.js';
import type { SecretBox } from '../secrets.js';
import type { ConnectionHandle, SyncContext } from './context.js';
import { withStorablePages } from './storable.js';
import { createTokenStore } from './store/tokens.js';

export interface HandleOptions {
  fetch: HttpFetch;
  /** Asked before every call (the call budget); a refusal there throws and no request is sent. */
  beforeCall?: () => Promise<void>;
  /** Where the connection's provider token lives (shared through the database); in memory when absent. */
  tokens?: TokenStore;
}

/** Builds the connection's adapter over an HTTP function that counts every call it makes. */
export function createConnectionHandle(connection: OpenConnection, options: HandleOptions): ConnectionHandle {
  let calls = 0;
  const countingFetch: HttpFetch = async (url, init) => {
    await options.beforeCall?.();
    calls += 1;
    return options.fetch(url, init);
  };
  const entry = providerEntry(connection.provider);
  const adapter = withStorablePages(entry.create({
    baseUrl: connection.baseUrl ?? entry.defaultBaseUrl,
    authUrl: connection.authUrl,
    credentials: connection.credentials,
    fetch: countingFetch,
    settings: connection.settings,
    tokens: options.tokens ?? memoryTokenStore(),
  }));
  return { connection, adapter, calls: () => calls };
}

/**
 * The connection's handle as every run uses it: calls counted, each first spending from the budget
 * (`beforeCall`), and its provider token shared through the database with every other process.
 */
export function openConnectionHandle(
  ctx: SyncContext,
  box: SecretBox,
  connection: OpenConnection,
  fetch: HttpFetch,
  beforeCall: () => Promise<void>,
): ConnectionHandle {
  return createConnectionHandle(connection, { fetch, beforeCall, tokens: createTokenStore(ctx.db, box, connection.id, ctx.holder) });
}
