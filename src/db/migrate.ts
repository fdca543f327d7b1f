import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any constant shared by every starter; it serialises concurrent migrators. */
const MIGRATION_LOCK = 880_088;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 4)), name: file, sql: readFileSync(dir + file, 'utf8') }));
}

/**
 * Applies the numbered SQL files not yet applied, each in its own transaction. The transaction takes
 * an advisory lock and records the version before running the file, so of two processes starting at
 * once the second waits, sees the version, and skips it.
 */
export async function migrate(db: Database, migrations = listMigrations()): Promise<string[]> {
  await db.query(
    `create table if not exists schema_migrations (
       version int primary key, name text not null, applied_at timestamptz not null default now())`,
  ).catch(async () => {
    // Two starters racing on `create table if not exists` can collide on the catalog; the loser retries.
    await db.query('select 1 from schema_migrations limit 1');
  });
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const inserted = await tx.query(
        'insert into schema_migrations (version, name) values ($1, $2) on conflict do nothing returning version',
        [migration.version, migration.name],
      );
      if (inserted.length === 0) return false;
      await tx.exec(migration.sql);
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}
