import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { keepText, parseInt8, TYPE_OIDS, type Database, type Queryable } from './database.js';

const PARSERS = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.numeric]: keepText,
  [TYPE_OIDS.date]: keepText,
  [TYPE_OIDS.interval]: keepText,
};

/**
 * Embedded PostgreSQL (PGlite) in a data folder. It has one session, so every statement and
 * transaction goes through one queue here: a plain query can never slip inside someone else's
 * transaction.
 */
export async function openPglite(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob; instance?: PGlite } = {},
): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = options.instance ?? await PGlite.create(dataDir ?? 'memory://', {
    parsers: PARSERS,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const direct: Queryable = {
    async query(text, values) {
      const result = await db.query(text, values as unknown[] | undefined);
      return result.rows as never[];
    },
  };
  return {
    engine: 'pglite',
    query: (text, values) => serially(() => direct.query(text, values)),
    transaction: (fn) =>
      serially(() =>
        db.transaction(async (tx) =>
          fn({
            async query(text, values) {
              const result = await tx.query(text, values as unknown[] | undefined);
              return result.rows as never[];
            },
            exec: async (sql) => void (await tx.exec(sql)),
          }),
        ),
      ),
    exec: (sql) => serially(async () => void (await db.exec(sql))),
    close: () => serially(() => db.close()),
  };
}
