import { makeDirectory } from '../files.js';
import { PGlite } from '@electric-sql/pglite';
import { keepText, parseInt8, TYPE_OIDS, type Database, type Queryable } from './database.js';
import { SessionLock } from './embedded/session-lock.js';

const PARSERS = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.numeric]: keepText,
  [TYPE_OIDS.date]: keepText,
  [TYPE_OIDS.interval]: keepText,
};

export async function createPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGlite> {
  if (dataDir) makeDirectory(dataDir);
  return PGlite.create(dataDir ?? 'memory://', { parsers: PARSERS, ...(loadDataDir ? { loadDataDir } : {}) });
}

const rowsOf = async (q: { query: PGlite['query'] }, text: string, values?: readonly unknown[]) =>
  (await q.query(text, values as unknown[] | undefined)).rows as never[];

/**
 * Embedded PostgreSQL (PGlite) used in this process. It has one session, so every statement and
 * transaction takes the session lock (shared with the wire server when this process serves the
 * database to others): a plain query can never slip inside someone else's transaction.
 */
export async function openPglite(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob; instance?: PGlite; lock?: SessionLock } = {},
): Promise<Database> {
  const db = options.instance ?? await createPglite(dataDir, options.loadDataDir);
  const lock = options.lock ?? new SessionLock();
  // One event-loop turn first: PGlite answers through microtasks only, so a loop of statements would
  // otherwise never let the wire server read its clients' sockets.
  const exclusively = async <T>(work: () => Promise<T>): Promise<T> => {
    await new Promise((resolve) => setImmediate(resolve));
    return lock.run(Symbol('in-process'), work);
  };
  return {
    engine: 'pglite',
    query: (text, values) => exclusively(() => rowsOf(db, text, values)),
    transaction: (fn) =>
      exclusively(() =>
        db.transaction(async (tx) => {
          const inner: Queryable = { query: (text, values) => rowsOf(tx, text, values) };
          return fn({ ...inner, exec: async (sql) => void (await tx.exec(sql)) });
        }),
      ),
    exec: (sql) => exclusively(async () => void (await db.exec(sql))),
    close: () => exclusively(() => db.close()),
  };
}
