import { providerEntry } from '../providers/registry.js';
import type { HttpFetch } from '../providers/types.js';
import type { OpenConnection } from '../tenants/connections.js';
import type { ConnectionHandle } from './context.js';

/**
 * Builds the connection's adapter over an HTTP function that counts every call it makes and, first,
 * asks `beforeCall` (the call budget) for permission; a refusal there throws and no request is sent.
 */
export function createConnectionHandle(
  connection: OpenConnection,
  fetchImpl: HttpFetch,
  beforeCall?: () => Promise<void>,
): ConnectionHandle {
  let calls = 0;
  const countingFetch: HttpFetch = async (url, init) => {
    await beforeCall?.();
    calls += 1;
    return fetchImpl(url, init);
  };
  const entry = providerEntry(connection.provider);
  const adapter = entry.create({
    baseUrl: connection.baseUrl ?? entry.defaultBaseUrl,
    credentials: connection.credentials,
    fetch: countingFetch,
    settings: connection.settings,
  });
  return { connection, adapter, calls: () => calls };
}
