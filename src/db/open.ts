import { join } from 'node:path';
import type { Database } from './database.js';
import { migrate } from './migrate.js';

export interface OpenOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Apply pending migrations (the default; `p88 migrate` is the explicit form). */
  migrate?: boolean;
}

/** A PostgreSQL server when DATABASE_URL is set, otherwise embedded PGlite in `<dataDir>/pglite`. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  // Each engine is loaded only when used: PGlite alone adds ~50 MB to a process that talks to a server.
  const db = options.databaseUrl
    ? await (await import('./postgres.js')).openPostgres(options.databaseUrl)
    : await (await import('./pglite.js')).openPglite(join(options.dataDir, 'pglite'));
  if (options.migrate !== false) await migrate(db);
  return db;
}
