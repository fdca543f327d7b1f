import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { spawnP88 } from '../helpers/child.js';
import { runCli } from '../helpers/cli.js';
import { addRunSignupPartner } from '../helpers/cli-setup.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

const PER_EVENT = 240;

/**
 * Several p88 processes on one embedded database (P88_DATA_DIR), as an operator would run them: a
 * worker left running, a sync or a status typed in another terminal. Each is a real child process.
 */
describe('several p88 processes share one embedded database', () => {
  let sandbox: RunSignupSandbox;
  let store: CliStore;
  let partner: string;
  let connection: string;

  before(async () => {
    sandbox = await startRunSignupSandbox({
      seed: 21, partners: 1, racesPerPartner: 2, eventsPerRace: 1, participantsPerEvent: PER_EVENT, pastShare: 0, latencyMs: 15,
    });
    store = await cliEngines()[0]!.create();
    ({ partner, connection } = await addRunSignupPartner(store.env, sandbox, { name: 'Shared', settings: ['participantsPageSize=40', 'retryBaseMs=1'] }));
  });
  after(async () => {
    await sandbox.close();
    await store.dispose();
  });

  /** The stored state equals the sandbox's, with no registration stored twice and one `created` change each. */
  async function assertExactlyTheProviderState(): Promise<void> {
    const db = await store.open();
    try {
      const twice = await db.query('select provider_participant_id, count(*) from participants group by 1 having count(*) > 1');
      assert.deepEqual(twice, [], 'no participant stored twice');
      const stored = await db.query<{ key: string; bib: string | null }>('select provider_participant_id as key, bib from unified_participants order by 1');
      const expected = sandbox.world.eventIds().flatMap((e) => sandbox.world.participants(e))
        .map((p) => ({ key: String(p.registration_id), bib: p.bib_num === null || p.bib_num === '' ? null : String(p.bib_num) }))
        .sort((a, b) => (a.key < b.key ? -1 : 1));
      assert.deepEqual(stored, expected);
      const [created] = await db.query<{ n: number; distinct_n: number }>(
        "select count(*)::int as n, count(distinct entity_id)::int as distinct_n from changes where kind = 'created' and entity = 'participant'",
      );
      assert.equal(created!.n, created!.distinct_n, 'one created change per participant');
      const running = await db.query("select id from sync_runs where status = 'running'");
      assert.deepEqual(running, [], 'no run left running');
    } finally {
      await db.close();
    }
  }

  it('two full syncs at once both finish, store nothing twice, and leave the state one sync leaves', async () => {
    const args = ['sync', '--partner', partner, '--connection', connection, '--full', '--json'];
    const first = spawnP88(args, store.env);
    await sleep(300);
    const second = spawnP88(args, store.env);
    const [a, b] = await Promise.all([first.done, second.done]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    await assertExactlyTheProviderState();
  });

  it('a worker and a sync (and a status) at once', async () => {
    sandbox.mutate({ register: 15, assignBibs: 10, changeBibs: 3 });
    const worker = spawnP88(['worker', '--idle-ms', '200'], { ...store.env, P88_LOG_LEVEL: 'info' });
    await worker.waitFor(/"worker started"/);
    const [sync, status] = await Promise.all([
      spawnP88(['sync', '--partner', partner, '--json'], store.env).done,
      spawnP88(['status', '--json'], store.env).done,
    ]);
    worker.child.kill('SIGTERM');
    const stopped = await worker.done;
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).partners.length, 1);
    assert.equal(stopped.code, 0, stopped.stderr);
    await assertExactlyTheProviderState();
  });

  it('when the owner is killed, a process using it goes on, and the next command takes over with nothing lost', async () => {
    sandbox.mutate({ register: 25, assignBibs: 10, remove: 2 });
    const owner = spawnP88(['worker', '--idle-ms', '60000'], { ...store.env, P88_LOG_LEVEL: 'info' });
    await owner.waitFor(/"worker started"/);
    const client = spawnP88(['sync', '--partner', partner, '--full', '--json'], { ...store.env, P88_LOG_LEVEL: 'debug' });
    await client.waitFor(/"page committed"/);
    owner.child.kill('SIGKILL');
    const ended = await client.done;
    assert.ok(ended.code === 0 || ended.code === 2, `the client finishes by itself (${ended.code}): ${ended.stderr.slice(-1500)}`);
    assert.doesNotMatch(ended.stderr, /unexpected error/);
    const next = await runCli(['sync', '--partner', partner, '--json'], store.env);
    assert.equal(next.code, 0, next.stderr);
    await assertExactlyTheProviderState();
  });
});
