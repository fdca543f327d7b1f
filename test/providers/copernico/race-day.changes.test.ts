import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/db/database.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { testEngines } from '../../helpers/database.js';
import { racesOf, startCopernico } from './helpers.js';
import { setUpCopernicoSync, type CopernicoSync } from './sync-fixture.js';

/**
 * A Copernico athlete carries its times, so on race day every passing changes the participant's raw
 * payload while nothing of the participant changes: the row is kept current, the change feed stays quiet.
 */
for (const engine of testEngines()) {
  describe(`race day at Copernico: participants whose raw payload alone changes (${engine.name})`, () => {
    let db: Database;
    let sandbox: Sandbox;
    let fixture: CopernicoSync;

    before(async () => {
      sandbox = await startCopernico({ partners: 1, eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, registrationsPerRace: 12, pastShare: 0 });
      db = await engine.open();
      fixture = await setUpCopernicoSync(db, sandbox);
    });
    after(async () => {
      await db?.close();
      await sandbox?.close();
    });

    it('stores the new payload and logs no `updated` change', async () => {
      assert.ok((await fixture.sync({ full: true })).every((r) => r.status === 'succeeded'));
      const race = racesOf(sandbox)[0]!.races[0]!;
      sandbox.clock.set(new Date(race.start * 1000 + 3 * 3_600_000));
      const reports = (await fixture.sync({ full: true, race: `${race.event.ids.copernico}/${race.ids.copernico}` })).filter((r) => r.kind === 'participants');
      const finishers = sandbox.world.results(race).finished.length;
      assert.ok(finishers > 0);
      assert.ok(reports[0]!.counts.updated >= finishers, JSON.stringify(reports[0]!.counts));
      const [raw] = await db.query<{ n: number }>(
        "select count(*)::int as n from participants where race_id = (select id from races where provider_race_id = $1) and raw::text like '%Meta%'",
        [`${race.event.ids.copernico}/${race.ids.copernico}`]);
      assert.ok(raw!.n >= finishers, 'the stored payloads carry the times');
      const updates = await db.query("select 1 from changes where entity = 'participant' and kind = 'updated'");
      assert.equal(updates.length, 0);
    });
  });
}
