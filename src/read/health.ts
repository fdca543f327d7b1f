import type { Queryable } from '../db/database.js';

/** Versions in `schema_migrations` (the migration runner's table). */
export async function readAppliedMigrations(db: Queryable): Promise<number[]> {
  const rows = await db.query<{ version: number }>('select version from schema_migrations order by version');
  return rows.map((r) => r.version);
}

export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('select 1');
}
