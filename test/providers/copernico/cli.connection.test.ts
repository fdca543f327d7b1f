import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { cliEngines, type CliStore } from '../../helpers/database.js';
import { runCli, runCliJson } from '../../helpers/cli.js';
import { apiKeyOf, racesOf, startCopernico } from './helpers.js';

/** A Copernico connection the way an operator makes one: flags, settings as text, a test, a sync. */
for (const engine of cliEngines()) {
  describe(`p88 with a Copernico connection (${engine.name})`, () => {
    let sandbox: Sandbox;
    let store: CliStore;

    before(async () => {
      sandbox = await startCopernico({ partners: 1, eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, registrationsPerRace: 12 });
      store = await engine.create();
    });
    after(async () => {
      await sandbox?.close();
      await store?.dispose();
    });

    it('adds it with --api-key and --setting raceIds=a,b, tests it and syncs it', async () => {
      const partner = String((await runCliJson(['partner', 'add', '--name', 'Cronometraje CLI', '--time-zone', 'Europe/Madrid'], store.env)).id);
      const slugs = racesOf(sandbox).map((e) => e.ids.copernico).join(',');
      const connection = String((await runCliJson([
        'connection', 'add', '--partner', partner, '--provider', 'copernico', '--api-key', apiKeyOf(sandbox),
        '--base-url', sandbox.endpoint('copernico').baseUrl, '--setting', `raceIds=${slugs}`, '--setting', 'pageSize=5',
      ], store.env)).id);
      const test = await runCli(['connection', 'test', connection], store.env);
      assert.equal(test.code, 0, test.stderr);
      const sync = await runCli(['sync', '--partner', partner, '--include-past', '--json'], store.env);
      assert.equal(sync.code, 0, sync.stderr);
      const db = await store.open();
      try {
        const [counts] = await db.query<{ events: number; races: number; participants: number }>(
          `select (select count(*)::int from unified_events) as events, (select count(*)::int from unified_races) as races,
                  (select count(*)::int from unified_participants) as participants`);
        const races = racesOf(sandbox).flatMap((e) => e.races);
        assert.deepEqual(counts, {
          events: racesOf(sandbox).length,
          races: races.length,
          participants: races.reduce((sum, race) => sum + sandbox.world.activeCount(race), 0),
        });
      } finally {
        await db.close();
      }
    });

    it('refuses a setting it does not know, naming its settings', async () => {
      const result = await runCli(['connection', 'add', '--partner', '1', '--provider', 'copernico', '--api-key', 'k', '--setting', 'participantsPageSize=5'], store.env);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /"participantsPageSize" is not a Copernico setting.*raceIds \(default \[\]\)/s);
    });
  });
}
