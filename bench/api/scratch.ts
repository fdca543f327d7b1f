/** A database of the bench's own: a fresh one on the server, or an embedded one in a temporary folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(engine: 'pg' | 'pglite', pgUrl: string): Promise<{ databaseUrl: string | undefined; dataDir: string; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'p88-api-bench-'));
  if (engine === 'pglite') return { databaseUrl: undefined, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  await admin(pgUrl, 'drop database if exists p88_api_bench with (force)');
  await admin(pgUrl, 'create database p88_api_bench');
  const url = new URL(pgUrl);
  url.pathname = '/p88_api_bench';
  return {
    databaseUrl: url.toString(), dataDir,
    drop: async () => {
      await admin(pgUrl, 'drop database if exists p88_api_bench with (force)');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
