import type { Duplex } from 'node:stream';
import pg from 'pg';
import { keepText, NotRun, parseInt8, TYPE_OIDS, type Database, type Queryable } from './database.js';

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

export interface PoolOptions {
  poolSize?: number;
  /** Opens the socket itself (the embedded database's local socket) instead of host and port. */
  stream?: () => Duplex;
  /** Session options sent at connect (`-c name=value …`). */
  sessionOptions?: string;
}

/**
 * A PostgreSQL server named by a connection URL, through a small pool. Sessions commit without waiting
 * for the WAL flush (`synchronous_commit = off`): a sync commits a small transaction per page and per
 * API call, and waiting for the disk each time halved its speed. A server crash can lose the last
 * fraction of a second of commits — each page's rows, change rows and checkpoint are one transaction,
 * so what is lost is lost together and read again by the next run. (Embedded PGlite keeps waiting:
 * there the database dies with the process, so a killed sync would lose its last pages.)
 */
export async function openPostgres(url: string, poolSize = 4): Promise<Database> {
  return openPool({ connectionString: url }, { poolSize, sessionOptions: '-c synchronous_commit=off' });
}

/** A `Database` over a pg pool; the first statement proves the server answers. */
export async function openPool(config: pg.PoolConfig, options: PoolOptions = {}): Promise<Database> {
  const pool = new pg.Pool({
    ...config,
    max: options.poolSize ?? 4,
    types: types as pg.CustomTypesConfig,
    ...(options.sessionOptions ? { options: options.sessionOptions } : {}),
    ...(options.stream ? { stream: options.stream } : {}),
  });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next use
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  /** A pooled client; failing to get one means nothing was sent. */
  const listened = new WeakSet<pg.PoolClient>();
  const checkout = async (): Promise<pg.PoolClient> => {
    try {
      const client = await pool.connect();
      // A connection lost while checked out is reported by the statement in flight; without a
      // listener, pg's 'error' event would end the process.
      if (!listened.has(client)) client.on('error', () => undefined);
      listened.add(client);
      return client;
    } catch (error) {
      throw new NotRun(`cannot connect: ${describeConnectError(error)}`, { cause: error });
    }
  };
  const asQueryable = (client: pg.PoolClient): Queryable => ({
    async query(text, values) {
      const result = await client.query(text, values as unknown[] | undefined);
      return result.rows;
    },
  });
  return {
    engine: 'postgres',
    async query(text, values) {
      const client = await checkout();
      let broken: Error | undefined;
      try {
        return (await client.query(text, values as unknown[] | undefined)).rows;
      } catch (error) {
        broken = error as Error;
        throw refusedBeforeRunning(error) ? new NotRun((error as Error).message, { cause: error }) : error;
      } finally {
        client.release(broken && isConnectionLost(broken) ? broken : undefined);
      }
    },
    async transaction(fn) {
      const client = await checkout();
      let broken: Error | undefined;
      try {
        try {
          await client.query('begin');
        } catch (error) {
          broken = error as Error;
          throw new NotRun((error as Error).message, { cause: error });
        }
        const value = await fn({ ...asQueryable(client), exec: async (sql) => void (await client.query(sql)) });
        await client.query('commit');
        return value;
      } catch (error) {
        if (!broken) await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/** SQLSTATE 57P01 (admin_shutdown) before a statement ran: the embedded database's owner is stopping. */
function refusedBeforeRunning(error: unknown): boolean {
  return (error as { code?: string }).code === '57P01';
}

function isConnectionLost(error: Error): boolean {
  return /Connection terminated|not queryable|ECONNRESET|EPIPE/i.test(error.message) || (error as { code?: string }).code === '57P01';
}

/** Node reports a refused `localhost` as an AggregateError with no message; say who did not answer. */
export function describeConnectError(error: unknown): string {
  const errors = error instanceof AggregateError ? error.errors : [error];
  const parts = errors.map((e) => {
    const { code, address, port, message } = e as { code?: string; address?: string; port?: number; message?: string };
    if (code === 'ECONNREFUSED' && address) return `nothing listens at ${address}:${port}`;
    if (code === 'ENOTFOUND') return `host not found (${message})`;
    return message || code || String(e);
  });
  return [...new Set(parts)].join('; ');
}
