/**
 * Fresh, migrated databases for one bench run, opened through the app's own `openDatabase` so the
 * measured process holds what `p88` would: a PostgreSQL database dropped and recreated on the
 * server, or PGlite in a temporary folder. PGlite's initdb peaks near 1 GB of RSS, so that folder
 * is created and migrated by a short-lived child process and the measured process only opens it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { forkScript, waitForExit } from './child-process.js';

export type EngineName = 'pg' | 'pglite';

/** One statement on the admin database (create/drop database cannot run inside a transaction). */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Drops and recreates `name` next to the admin URL's database; it is left in place for a look afterwards. */
export async function openScratchPostgres(adminUrl: string, name: string): Promise<Database> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return openDatabase({ databaseUrl: url.toString(), dataDir: tmpdir() });
}

export interface ScratchFolder {
  /** The data folder: PGlite lives in its `pglite/` (as under P88_DATA_DIR). */
  dir: string;
  remove(): void;
}

/** A temporary data folder with a migrated PGlite, prepared in a child process. */
export async function prepareScratchPglite(): Promise<ScratchFolder> {
  const dir = mkdtempSync(join(tmpdir(), 'p88-bench-pglite-'));
  const child = forkScript('./pglite-init.ts', [dir]);
  await waitForExit(child);
  if (child.exitCode !== 0) throw new Error(`PGlite initialisation in ${dir} failed (exit ${child.exitCode})`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens the folder prepared above; migrating again is a no-op check. */
export function openScratchPglite(dir: string): Promise<Database> {
  return openDatabase({ databaseUrl: undefined, dataDir: dir });
}
