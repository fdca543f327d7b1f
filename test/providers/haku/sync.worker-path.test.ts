import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/db/database.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { executeTarget, type SchedulerDeps } from '../../../src/scheduler/execute.js';
import { resolvePolicy } from '../../../src/scheduler/policy.js';
import { claimTarget } from '../../../src/sync/store/targets.js';
import { testEngines } from '../../helpers/database.js';
import { TEST_BOX, TestClock } from '../../helpers/sync.js';
import { ANCHOR, eventsOf, RecordingFetch, startHaku } from './helpers.js';
import { setUpHakuSync, type HakuSyncFixture } from './sync-fixture.js';
import { changedKeys, expectedParticipants, storedParticipants } from './truth.js';

const LIST = /\/participants$/;
const DETAIL = /\/registrations\//;

for (const engine of testEngines()) {
  describe(`Haku through the worker: one read serves every category of an event (${engine.name})`, () => {
    let db: Database;
    let sandbox: Sandbox;
    let fixture: HakuSyncFixture;
    const recording = new RecordingFetch();
    const clock = new TestClock(new Date(ANCHOR.getTime() + 60_000));

    before(async () => {
      db = await engine.open();
      sandbox = await startHaku({ now: clock.now, eventsPerPartner: { haku: 1 }, racesPerEvent: 3, registrationsPerRace: 25 });
      fixture = await setUpHakuSync(db, sandbox, { now: clock.now });
      assert.ok((await fixture.sync()).every((r) => r.status === 'succeeded'));
    });
    after(async () => {
      await sandbox?.close();
      await db?.close();
    });

    it('an event\'s categories are leased together and read with one list call and a detail per change', async () => {
      clock.advance(120_000);
      const change = sandbox.mutate({ event: eventsOf(sandbox)[0]!.id, register: 2, assignBibs: 2, changeBibs: 1, edit: 1, cancel: 1 });
      clock.advance(60_000);
      const [row] = await db.query<{ id: number }>("select id from sync_targets where kind = 'participants' order by id limit 1");
      const lead = await claimTarget(db, row!.id, fixture.ctx.holder, 60_000);
      const deps: SchedulerDeps = {
        ctx: fixture.ctx, box: TEST_BOX, fetch: recording.fetch, policy: resolvePolicy(), reserveShare: 0.3, authFailureLimit: 3, leaseMs: 60_000,
      };
      const reports = await executeTarget(deps, lead!);
      assert.equal(reports.length, 3, 'one run report per category');
      assert.ok(reports.every((r) => r.status === 'succeeded' && r.mode === 'incremental'), JSON.stringify(reports.map((r) => [r.status, r.mode, r.error])));
      assert.deepEqual(await storedParticipants(db), expectedParticipants(sandbox));
      const gone = new Set(change.cancel);
      const changedActive = new Set([...change.register, ...change.assignBibs, ...change.changeBibs, ...change.edit].filter((id) => !gone.has(id)));
      assert.equal(recording.count(LIST), 1);
      assert.equal(recording.count(DETAIL), changedActive.size, recording.paths(DETAIL).join('\n'));
      assert.deepEqual(await changedKeys(db, 'deleted'), change.cancel.map((id) => `R-${id}`));
      console.log(`# worker read: ${recording.requests.length} calls (lists ${recording.count(LIST)}, details ${recording.count(DETAIL)}) for ${changedActive.size} changed registrations and ${gone.size} cancellation`);
    });
  });
}
