import { providerEntry } from '../providers/registry.js';
import type { HttpFetch } from '../providers/types.js';
import type { OpenConnection } from '../tenants/connections.js';
import type { ConnectionHandle } from './context.js';

/** Builds the connection's adapter over an HTTP function that counts every call it makes. */
export function createConnectionHandle(connection: OpenConnection, fetchImpl: HttpFetch): ConnectionHandle {
  let calls = 0;
  const countingFetch: HttpFetch = (url, init) => {
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
