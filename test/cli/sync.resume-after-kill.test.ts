import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { cliEngines, type CliStore } from '../helpers/database.js';
import { runAndKillAfterPages } from '../helpers/kill.js';

const PAGE_SIZE = 20;
const PER_EVENT = 110;

for (const engine of cliEngines()) {
  describe(`a sync killed with SIGKILL resumes from its checkpoint (${engine.name})`, () => {
    let sandbox: RunSignupSandbox;
    let store: CliStore;
    let partner: string;

    before(async () => {
      sandbox = await startRunSignupSandbox({
        seed: 5, partners: 1, racesPerPartner: 2, eventsPerRace: 1, participantsPerEvent: PER_EVENT, pastShare: 0, latencyMs: 40,
      });
      store = await engine.create();
      const [credential] = sandbox.credentials;
      partner = String((await runCliJson(['partner', 'add', '--name', 'Kill Test'], store.env)).id);
      await runCliJson([
        'connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', credential!.apiKey,
        '--api-secret', credential!.apiSecret, '--base-url', sandbox.baseUrl, '--setting', `participantsPageSize=${PAGE_SIZE}`,
      ], store.env);
    });
    after(async () => {
      await sandbox.close();
      await store.dispose();
    });

    it('keeps the pages committed before the kill and reads only the rest, with no gap and no duplicate', async () => {
      // Discovery commits one page, then the first race's participant pages follow (one read at a
      // time, so the kill lands in a known read).
      const committed = await runAndKillAfterPages(['sync', '--partner', partner, '--concurrency', '1'], store.env, 4);
      assert.equal(committed, 4);

      let db = await store.open();
      const [interrupted] = await db.query<{ target_id: number; status: string; pages: number; checkpoint: { resumeAfter: string } }>(
        `select r.target_id, r.status, r.pages, t.checkpoint from sync_runs r join sync_targets t on t.id = r.target_id
         where t.kind = 'participants'`,
      );
      await db.close();
      assert.equal(interrupted!.status, 'running', 'the killed run never finished');
      assert.equal(interrupted!.pages, 3);
      assert.match(interrupted!.checkpoint.resumeAfter, /^\d+$/);

      const result = await runCli(['sync', '--partner', partner, '--json'], store.env);
      assert.equal(result.code, 0, result.stderr);

      db = await store.open();
      try {
        const runs = await db.query<{ status: string; pages: number; mode: string; error_message: string | null }>(
          'select status, pages, mode, error_message from sync_runs where target_id = $1 order by id',
          [interrupted!.target_id],
        );
        const totalPages = Math.floor(PER_EVENT / PAGE_SIZE) + 1;
        // The resumed read, then at once an incremental one: what changed meanwhile may lie before the resume position.
        assert.equal(runs.length, 3);
        assert.equal(runs[0]!.status, 'failed');
        assert.match(runs[0]!.error_message!, /interrupted/);
        assert.deepEqual({ status: runs[1]!.status, mode: runs[1]!.mode, pages: runs[1]!.pages }, { status: 'succeeded', mode: 'full', pages: totalPages - 3 });
        assert.deepEqual({ status: runs[2]!.status, mode: runs[2]!.mode }, { status: 'succeeded', mode: 'incremental' });

        const stored = await db.query<{ key: string }>('select provider_participant_id as key from unified_participants order by 1');
        const expected = sandbox.world.eventIds().flatMap((e) => sandbox.world.participants(e).map((p) => String(p.registration_id))).sort();
        assert.deepEqual(stored.map((r) => r.key), expected, 'no gap');
        const created = await db.query<{ n: number; distinct_n: number }>(
          "select count(*)::int as n, count(distinct entity_id)::int as distinct_n from changes where kind = 'created' and entity = 'participant'",
        );
        assert.deepEqual(created[0], { n: expected.length, distinct_n: expected.length }, 'no duplicate');
        const targets = await db.query<{ checkpoint: unknown; leased_by: string | null }>("select checkpoint, leased_by from sync_targets where kind = 'participants'");
        assert.ok(targets.every((t) => t.checkpoint === null && t.leased_by === null));
      } finally {
        await db.close();
      }
    });
  });
}
