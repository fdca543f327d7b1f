import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { spawnP88 } from '../helpers/child.js';
import { addRunSignupPartner } from '../helpers/cli-setup.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

const PER_EVENT = 400;
const PAGE = 20;

for (const engine of cliEngines()) {
  describe(`a worker killed mid-read does not freeze its race (${engine.name})`, () => {
    let sandbox: RunSignupSandbox;
    let store: CliStore;

    before(async () => {
      const start = new Date(Date.now() + 60 * 60_000);
      sandbox = await startRunSignupSandbox({
        seed: 31, partners: 1, racesPerPartner: 1, eventsPerRace: 1, participantsPerEvent: PER_EVENT, pastShare: 0, latencyMs: 40,
        raceStarts: () => start,
      });
      store = await engine.create();
      await addRunSignupPartner(store.env, sandbox, { name: 'Race Day', settings: [`participantsPageSize=${PAGE}`] });
    });
    after(async () => {
      await sandbox.close();
      await store.dispose();
    });

    it('SIGKILL mid-read of a race-day race: the next worker takes the lease over at once and finishes within one cadence', async () => {
      const first = spawnP88(['worker', '--idle-ms', '100'], { ...store.env, P88_LOG_LEVEL: 'debug' });
      let pages = 0;
      await first.waitFor(/"page committed"/);
      for (; pages < 4; pages++) await first.waitFor(new RegExp(`"pages":${pages + 1}\\b`));
      first.child.kill('SIGKILL');
      await first.done;
      const killedAt = Date.now();

      const second = spawnP88(['worker', '--idle-ms', '100'], { ...store.env, P88_LOG_LEVEL: 'info' });
      const db = await store.open();
      try {
        let finished: { finished_at: Date } | undefined;
        while (!finished && Date.now() - killedAt < 90_000) {
          [finished] = await db.query<{ finished_at: Date }>(
            `select r.finished_at from sync_runs r join sync_targets t on t.id = r.target_id
             where t.kind = 'participants' and r.status = 'succeeded' order by r.id limit 1`,
          );
          if (!finished) await new Promise((resolve) => setTimeout(resolve, 250));
        }
        assert.ok(finished, 'the race was finished by the other worker');
        assert.ok(finished.finished_at.getTime() - killedAt < 60_000, `within one race-day cadence (took ${finished.finished_at.getTime() - killedAt} ms)`);
        second.child.kill('SIGTERM');
        assert.equal((await second.done).code, 0);
        const runs = await db.query<{ status: string; error_message: string | null }>(
          `select r.status, r.error_message from sync_runs r join sync_targets t on t.id = r.target_id where t.kind = 'participants' order by r.id`,
        );
        assert.equal(runs[0]!.status, 'failed');
        assert.match(runs[0]!.error_message!, /interrupted/);
        assert.ok(runs.some((r) => r.status === 'succeeded'));
        assert.deepEqual(await db.query("select id from sync_runs where status = 'running'"), [], 'no run left running');
        assert.deepEqual(await db.query('select id from sync_targets where leased_by is not null'), [], 'no lease left held');
        const [stored] = await db.query<{ n: number }>('select count(*)::int as n from unified_participants');
        assert.equal(stored!.n, sandbox.world.participantCount());
      } finally {
        second.child.kill('SIGKILL');
        await db.close();
      }
    });
  });
}
