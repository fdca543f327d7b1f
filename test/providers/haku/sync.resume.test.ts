import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/db/database.js';
import type { HttpFetch } from '../../../src/providers/types.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { testEngines } from '../../helpers/database.js';
import { TestClock } from '../../helpers/sync.js';
import { ANCHOR, startHaku } from './helpers.js';
import { setUpHakuSync, type HakuSyncFixture } from './sync-fixture.js';
import { expectedParticipants, storedParticipants } from './truth.js';

/** The participants run's second list page (discovery's scans carry no sort, or end on page 1). */
const isRunPageTwo = (url: URL) => url.pathname.endsWith('/participants') && url.searchParams.get('page') === '2' && url.searchParams.get('sort_column') === 'updated_at';

for (const engine of testEngines()) {
  describe(`Haku: a participants run broken off mid-read resumes from its checkpoint (${engine.name})`, () => {
    let db: Database;
    let sandbox: Sandbox;
    let fixture: HakuSyncFixture;
    const broken = { on: false };
    const clock = new TestClock(new Date(ANCHOR.getTime() + 60_000));

    before(async () => {
      db = await engine.open();
      sandbox = await startHaku({ now: clock.now, eventsPerPartner: { haku: 1 }, racesPerEvent: 1, registrationsPerRace: 45 });
      const fetchFor: HttpFetch = async (url, init) => {
        if (broken.on && isRunPageTwo(new URL(url))) throw new TypeError('fetch failed');
        return fetch(url, init);
      };
      fixture = await setUpHakuSync(db, sandbox, { now: clock.now, fetch: fetchFor, settings: { pageSize: 20, detailsPerPage: 10 } });
      assert.equal((await fixture.sync()).filter((r) => r.kind === 'participants' && r.status === 'succeeded').length, 1);
    });
    after(async () => {
      await sandbox?.close();
      await db?.close();
    });

    it('stores the pages before the break, then reads on from there: no gap, no duplicate, fewer pages', async () => {
      clock.advance(60_000);
      sandbox.mutate({ event: sandbox.world.eventsAt('haku', 1)[0]!.id, register: 3 });
      clock.advance(60_000);
      broken.on = true;
      const [first] = (await fixture.sync({ full: true })).filter((r) => r.kind === 'participants');
      broken.on = false;
      assert.equal(first!.status, 'failed');
      assert.ok(first!.counts.pages >= 1, 'a page was committed before the break');
      const [checkpoint] = await db.query<{ checkpoint: { resumeAfter: string } }>("select checkpoint from sync_targets where kind = 'participants'");
      assert.equal(checkpoint!.checkpoint.resumeAfter, '2:0:20');
      const [resumed] = (await fixture.sync({ full: true })).filter((r) => r.kind === 'participants');
      assert.equal(resumed!.status, 'succeeded', resumed!.error);
      assert.ok(resumed!.counts.pages < 3, `${resumed!.counts.pages} pages: resumed, not started over`);
      assert.deepEqual(await storedParticipants(db), expectedParticipants(sandbox));
      const [created] = await db.query<{ n: number; distinct_n: number }>(
        "select count(*)::int as n, count(distinct entity_id)::int as distinct_n from changes where kind = 'created' and entity = 'participant'",
      );
      assert.equal(created!.n, created!.distinct_n);
    });
  });
}
