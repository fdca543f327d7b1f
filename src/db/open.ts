import { join } from 'node:path';
import type { Database } from './database.js';
import { migrate } from './migrate.js';

export interface OpenOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Apply pending migrations (the default; `p88 migrate` is the explicit form). */
  migrate?: boolean;
}

/**
 * A PostgreSQL server when DATABASE_URL is set, otherwise the embedded database of `dataDir`, shared
 * with every other p88 process on that folder (see embedded/embedded-database.ts).
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  // Each engine is loaded only when used: PGlite alone adds ~50 MB to a process that talks to a server.
  const db = options.databaseUrl
    ? await (await import('./postgres.js')).openPostgres(options.databaseUrl)
    : await (await import('./embedded/embedded-database.js')).EmbeddedDatabase.open(options.dataDir);
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
  }
  return db;
}

export const embeddedDataFolder = (dataDir: string): string => join(dataDir, 'pglite');
