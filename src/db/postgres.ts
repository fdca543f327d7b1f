import pg from 'pg';
import { keepText, parseInt8, TYPE_OIDS, type Database, type Queryable } from './database.js';

const typeParsers: Record<number, (value: string) => unknown> = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.numeric]: keepText,
  [TYPE_OIDS.date]: keepText,
  [TYPE_OIDS.interval]: keepText,
};
const types = {
  getTypeParser: (oid: number, format?: string) =>
    typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text'),
};

/**
 * A PostgreSQL server named by a connection URL, through a small pool. Sessions commit without waiting
 * for the WAL flush (`synchronous_commit = off`): a sync commits a small transaction per page and per
 * API call, and waiting for the disk each time halved its speed. A server crash can lose the last
 * fraction of a second of commits — each page's rows, change rows and checkpoint are one transaction,
 * so what is lost is lost together and read again by the next run. (Embedded PGlite keeps waiting:
 * there the database dies with the process, so a killed sync would lose its last pages.)
 */
export async function openPostgres(url: string, poolSize = 4): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url, max: poolSize, types: types as pg.CustomTypesConfig, options: '-c synchronous_commit=off',
  });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next use
  await pool.query('select 1');
  const asQueryable = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query(text, values) {
      const result = await client.query(text, values as unknown[] | undefined);
      return result.rows;
    },
  });
  return {
    engine: 'postgres',
    ...asQueryable(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const value = await fn({ ...asQueryable(client), exec: async (sql) => void (await client.query(sql)) });
        await client.query('commit');
        return value;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
