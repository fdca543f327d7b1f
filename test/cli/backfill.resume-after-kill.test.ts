import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { cliEngines, type CliStore } from '../helpers/database.js';
import { runAndKillAfterPages } from '../helpers/kill.js';

for (const engine of cliEngines()) {
  describe(`p88 backfill (${engine.name})`, () => {
    let sandbox: RunSignupSandbox;
    let store: CliStore;
    let partner: string;

    before(async () => {
      sandbox = await startRunSignupSandbox({
        seed: 9, partners: 1, racesPerPartner: 3, eventsPerRace: 1, participantsPerEvent: 90, pastShare: 1, latencyMs: 30,
      });
      store = await engine.create();
      const [credential] = sandbox.credentials;
      partner = String((await runCliJson(['partner', 'add', '--name', 'History'], store.env)).id);
      await runCliJson([
        'connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', credential!.apiKey,
        '--api-secret', credential!.apiSecret, '--base-url', sandbox.baseUrl, '--setting', 'participantsPageSize=20',
      ], store.env);
    });
    after(async () => {
      await sandbox.close();
      await store.dispose();
    });

    it('resumes after SIGKILL with no gap and no duplicate, and leaves the live cursors alone', async () => {
      await runAndKillAfterPages(['backfill', '--partner', partner, '--results'], store.env, 8);
      const result = await runCli(['backfill', '--partner', partner, '--results', '--json'], store.env);
      assert.equal(result.code, 0, result.stderr);
      const summary = JSON.parse(result.stdout);
      const modes = new Set(summary.partners[0].runs.filter((r: any) => r.kind === 'participants').map((r: any) => r.mode));
      assert.deepEqual([...modes], ['backfill']);

      const db = await store.open();
      try {
        const stored = await db.query<{ key: string }>('select provider_participant_id as key from unified_participants order by 1');
        const expected = sandbox.world.eventIds().flatMap((e) => sandbox.world.participants(e).map((p) => String(p.registration_id))).sort();
        assert.deepEqual(stored.map((r) => r.key), expected, 'no gap');
        const created = await db.query<{ n: number; distinct_n: number }>(
          "select count(*)::int as n, count(distinct entity_id)::int as distinct_n from changes where kind = 'created' and entity = 'participant'",
        );
        assert.deepEqual(created[0], { n: expected.length, distinct_n: expected.length }, 'no duplicate');
        const results = await db.query<{ n: number }>('select count(*)::int as n from unified_results');
        const expectedResults = sandbox.world.eventIds().flatMap((e) => sandbox.world.resultSets(e)).reduce((n, set: any) => n + set.results.length, 0);
        assert.equal(results[0]!.n, expectedResults);
        const live = await db.query("select id from sync_targets where kind in ('participants', 'results')");
        assert.deepEqual(live, [], 'no live target was created or moved');
        const interrupted = await db.query<{ n: number }>("select count(*)::int as n from sync_runs where error_message like 'interrupted%'");
        assert.equal(interrupted[0]!.n, 1, 'exactly the killed run was taken over');
      } finally {
        await db.close();
      }

      const again = await runCli(['backfill', '--partner', partner, '--json'], store.env);
      assert.equal(again.code, 0);
      const runs = JSON.parse(again.stdout).partners[0].runs.filter((r: any) => r.kind === 'participants');
      assert.equal(runs.length, 0, 'finished races are not read again');
    });
  });
}
