import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { EmbeddedDatabase } from '../../src/db/embedded/embedded-database.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';

export interface TestEngine {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database of its own. */
  open(): Promise<Database>;
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL names a server. */
export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [{ name: 'pglite', open: openTestPglite }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) engines.push({ name: 'postgres', open: () => openTestPostgres(url) });
  return engines;
}

/**
 * A new PGlite starts from a migrated data folder dumped once per migration set: initdb costs seconds
 * and most of a gigabyte, loading the dump well under one.
 */
async function openTestPglite(): Promise<Database> {
  const migrationsHash = createHash('sha1').update(listMigrations().map((m) => m.sql).join('\n')).digest('hex').slice(0, 12);
  const dumpPath = join(tmpdir(), `p88-test-pglite-${migrationsHash}.tar`);
  if (!existsSync(dumpPath)) {
    const fresh = await PGlite.create();
    await migrateRaw(fresh);
    const dump = await fresh.dumpDataDir('none');
    await fresh.close();
    const partial = `${dumpPath}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, dumpPath);
  }
  return openPglite(undefined, { loadDataDir: new Blob([readFileSync(dumpPath)]) });
}

async function migrateRaw(pglite: PGlite): Promise<void> {
  const db = await openPglite(undefined, { instance: pglite });
  await migrate(db);
}

let databaseCounter = 0;

/** A database of its own on the server, dropped when closed. */
async function openTestPostgres(url: string): Promise<Database> {
  const name = `p88_test_${process.pid}_${++databaseCounter}`;
  await adminQuery(url, `drop database if exists ${name}`);
  await adminQuery(url, `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = await openPostgres(target.toString());
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      await adminQuery(url, `drop database if exists ${name} with (force)`);
    },
  };
}

/** A place for the CLI to keep its data: the env it runs with, and a way to look inside afterwards. */
export interface CliStore {
  env: Record<string, string>;
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

export interface CliEngine {
  name: 'pglite' | 'postgres';
  create(): Promise<CliStore>;
}

/** The CLI on embedded PGlite (a data folder of its own) and, with TEST_DATABASE_URL, on a server database of its own. */
export function cliEngines(): CliEngine[] {
  const engines: CliEngine[] = [{
    name: 'pglite',
    async create() {
      const dataDir = mkdtempSync(join(tmpdir(), 'p88-cli-'));
      return {
        env: { P88_DATA_DIR: dataDir, P88_LOG_LEVEL: 'warn' },
        open: () => EmbeddedDatabase.open(dataDir),
        dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
  }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    engines.push({
      name: 'postgres',
      async create() {
        const dataDir = mkdtempSync(join(tmpdir(), 'p88-cli-'));
        const name = `p88_cli_${process.pid}_${++databaseCounter}`;
        await adminQuery(url, `drop database if exists ${name}`);
        await adminQuery(url, `create database ${name}`);
        const target = new URL(url);
        target.pathname = `/${name}`;
        return {
          env: { P88_DATA_DIR: dataDir, DATABASE_URL: target.toString(), P88_LOG_LEVEL: 'warn' },
          open: () => openPostgres(target.toString()),
          dispose: async () => {
            await adminQuery(url, `drop database if exists ${name} with (force)`);
            rmSync(dataDir, { recursive: true, force: true });
          },
        };
      },
    });
  }
  return engines;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
