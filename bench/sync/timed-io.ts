/**
 * Where a sync's wall time goes: the database and HTTP seams wrapped with stopwatches. One read is
 * sequential (fetch a page, check it, write it; only its next page is fetched ahead), so with one
 * read at a time wall time ≈ database time + HTTP time + the sync process's own work. With several
 * (`--concurrency`), the waits of all of them are summed, and may add up to more than the wall time.
 */
import type { Database, Transaction } from '../../src/db/database.js';
import type { HttpFetch } from '../../src/providers/types.js';

export interface StatementTime {
  calls: number;
  ms: number;
}

export interface IoTimes {
  /** Top-level queries and whole transactions (the page writes), as the sync awaits them. */
  dbMs: number;
  /** Every statement, inside transactions too, by its first words; commits are not statements here. */
  statements: Record<string, StatementTime>;
  transactions: StatementTime;
  /** Until response headers: the sandbox builds the whole body before it answers. */
  httpMs: number;
  /** API calls by endpoint. */
  callsByEndpoint: Record<string, number>;
}

export function emptyIoTimes(): IoTimes {
  return { dbMs: 0, statements: {}, transactions: { calls: 0, ms: 0 }, httpMs: 0, callsByEndpoint: {} };
}

async function clock<T>(work: () => Promise<T>, ...into: ((ms: number) => void)[]): Promise<T> {
  const startedAt = performance.now();
  try {
    return await work();
  } finally {
    const ms = performance.now() - startedAt;
    for (const add of into) add(ms);
  }
}

const labelOf = (sql: string) => sql.trim().replace(/\s+/g, ' ').slice(0, 48);

export function timeDatabase(db: Database, times: IoTimes): Database {
  const toDb = (ms: number) => void (times.dbMs += ms);
  const toTransactions = (ms: number) => void ((times.transactions.calls += 1), (times.transactions.ms += ms));
  const toStatement = (sql: string) => (ms: number) => {
    const entry = (times.statements[labelOf(sql)] ??= { calls: 0, ms: 0 });
    entry.calls += 1;
    entry.ms += ms;
  };
  const timeTx = (tx: Transaction): Transaction => ({
    ...tx,
    query: (text, values) => clock(() => tx.query(text, values), toStatement(text)),
  });
  return {
    ...db,
    query: (text, values) => clock(() => db.query(text, values), toDb, toStatement(text)),
    transaction: (fn) => clock(() => db.transaction((tx) => fn(timeTx(tx))), toDb, toTransactions),
    exec: (sql) => clock(() => db.exec(sql), toDb, toStatement(sql)),
  };
}

function endpointOf(url: string): string {
  const path = new URL(url).pathname.replace(/^\/Rest/i, '');
  return path === '/races' ? path : path.replace(/^\/race\/[^/]+/, '/race/{id}');
}

/** globalThis.fetch, timed and counted by endpoint. */
export function timeFetch(times: IoTimes): HttpFetch {
  return (url, init) => {
    const endpoint = endpointOf(url);
    times.callsByEndpoint[endpoint] = (times.callsByEndpoint[endpoint] ?? 0) + 1;
    return clock(() => fetch(url, init), (ms) => void (times.httpMs += ms));
  };
}
