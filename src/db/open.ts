import { join } from 'node:path';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export interface OpenOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Apply pending migrations (the default; `p88 migrate` is the explicit form). */
  migrate?: boolean;
}

/** A PostgreSQL server when DATABASE_URL is set, otherwise embedded PGlite in `<dataDir>/pglite`. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : await openPglite(join(options.dataDir, 'pglite'));
  if (options.migrate !== false) await migrate(db);
  return db;
}
