/**
 * The database misbehaving under the hub (PostgreSQL only: these are the server's faults): every
 * session of a worker terminated mid-sync, and the database turned read-only. Workers reconnect and
 * carry on from their checkpoints; a read-only database fails runs with a message that says so, and
 * nothing is lost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { spawnP88 } from '../helpers/child.js';
import { runCli } from '../helpers/cli.js';
import { addRunSignupPartner } from '../helpers/cli-setup.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

const server = cliEngines().find((e) => e.name === 'postgres');

async function admin(url: string, sql: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('the database fails under the hub', { skip: server ? false : 'needs TEST_DATABASE_URL (faults of a PostgreSQL server)' }, () => {
  let sandbox: RunSignupSandbox;
  let store: CliStore;
  let partner: string;
  let database: string;

  before(async () => {
    sandbox = await startRunSignupSandbox({ seed: 41, partners: 1, racesPerPartner: 3, eventsPerRace: 1, participantsPerEvent: 120, pastShare: 0, latencyMs: 20 });
    store = await server!.create();
    database = new URL(store.env.DATABASE_URL!).pathname.slice(1);
    ({ partner } = await addRunSignupPartner(store.env, sandbox, { name: 'Faults', settings: ['participantsPageSize=20', 'retryBaseMs=1'] }));
  });
  after(async () => {
    await admin(process.env.TEST_DATABASE_URL!, `alter database ${database} set default_transaction_read_only = off`).catch(() => undefined);
    await sandbox.close();
    await store.dispose();
  });

  const stored = async () => {
    const db = await store.open();
    try {
      return (await db.query<{ n: number }>('select count(*)::int as n from unified_participants'))[0]!.n;
    } finally {
      await db.close();
    }
  };

  const targetStates = async () => {
    const db = await store.open();
    try {
      return await db.query('select kind, state, next_run_at, leased_by, lease_until, attempts, last_error from sync_targets order by id');
    } finally {
      await db.close();
    }
  };

  it('every session of a running worker terminated, twice: it reconnects and finishes from its checkpoints', async () => {
    const worker = spawnP88(['worker', '--idle-ms', '100'], { ...store.env, P88_LOG_LEVEL: 'debug' });
    try {
      await worker.waitFor(/"page committed"/);
      for (let i = 0; i < 2; i++) {
        await admin(process.env.TEST_DATABASE_URL!, 'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      for (const deadline = Date.now() + 90_000; Date.now() < deadline && (await stored()) < sandbox.world.participantCount();) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.equal(await stored(), sandbox.world.participantCount(), `targets: ${JSON.stringify(await targetStates())}`);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.done;
    }
    assert.doesNotMatch((await worker.done).stderr, /unexpected error/);
  });

  it('a read-only database fails the sync with a message that says so; once writable, nothing is missing', async () => {
    sandbox.mutate({ register: 5, assignBibs: 3 });
    await admin(process.env.TEST_DATABASE_URL!, `alter database ${database} set default_transaction_read_only = on`);
    const refused = await runCli(['sync', '--partner', partner], store.env);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stdout + refused.stderr, /read-only/);
    assert.doesNotMatch(refused.stderr, /unexpected error|\n\s+at /);
    await admin(process.env.TEST_DATABASE_URL!, `alter database ${database} set default_transaction_read_only = off`);
    const synced = await runCli(['sync', '--partner', partner], store.env);
    assert.equal(synced.code, 0, synced.stderr);
    assert.equal(await stored(), sandbox.world.participantCount());
  });
});
