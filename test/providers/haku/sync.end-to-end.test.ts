import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/db/database.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { ChangeSummary } from '../../../src/sandbox/world/index.js';
import { testEngines } from '../../helpers/database.js';
import { TestClock } from '../../helpers/sync.js';
import { ANCHOR, eventsOf, postAdmin, RecordingFetch, startHaku } from './helpers.js';
import { setUpHakuSync, type HakuSyncFixture } from './sync-fixture.js';
import {
  changedKeys, expectedEvents, expectedParticipants, expectedRaces, storedEvents, storedParticipants, storedRaces, storedRejects,
} from './truth.js';

const LIST = /\/participants$/;
const DETAIL = /\/registrations\//;
const EVENTS = /^\/events$/;
const TOKEN = /\/oauth2\/token$/;

for (const engine of testEngines()) {
  describe(`Haku end to end through p88 sync (${engine.name})`, () => {
    let db: Database;
    let sandbox: Sandbox;
    let fixture: HakuSyncFixture;
    const recording = new RecordingFetch();
    const clock = new TestClock(new Date(ANCHOR.getTime() + 60_000));
    /** Registrations the adapter must reject, so the views lack them. */
    const rejected = new Set<string>();
    let change: ChangeSummary;

    before(async () => {
      db = await engine.open();
      sandbox = await startHaku({ now: clock.now, eventsPerPartner: { haku: 2 }, registrationsPerRace: 30 });
      fixture = await setUpHakuSync(db, sandbox, { now: clock.now, fetch: recording.fetch });
      // One registration whose summary has a registration_number of the wrong type.
      const corrupt = await postAdmin(sandbox, 'corrupt', { race: eventsOf(sandbox)[0]!.races[0]!.id, count: 1 });
      for (const id of corrupt.corrupted) rejected.add(`R-${id}`);
    });
    after(async () => {
      await sandbox?.close();
      await db?.close();
    });

    it('a first sync discovers the events and categories and reads every registration in full', async () => {
      const reports = await fixture.sync();
      const runs = reports.filter((r) => r.kind === 'participants');
      assert.equal(runs.length, 4);
      assert.ok(reports.every((r) => r.status === 'succeeded' && r.mode === 'full'), JSON.stringify(reports.map((r) => [r.kind, r.status, r.mode, r.error])));
      assert.deepEqual(await storedEvents(db), expectedEvents(sandbox));
      assert.deepEqual(await storedRaces(db), expectedRaces(sandbox));
      assert.deepEqual(await storedParticipants(db), expectedParticipants(sandbox, rejected));
      const rejects = await storedRejects(db);
      assert.equal(rejects.length, 1, 'the bad summary is rejected once: one read serves both races of its event');
      assert.match(rejects[0]!.reason, /^invalid participant summary: registration_number: /);
      assert.deepEqual(rejects[0]!.raw.registration_number, { value: [...rejected][0] });
      assert.equal((await changedKeys(db, 'created')).length, expectedParticipants(sandbox, rejected).length);
    });

    it('a second sync after registrations, bibs, edits and cancellations reads only what changed', async () => {
      clock.advance(120_000);
      const event = eventsOf(sandbox)[0]!;
      change = sandbox.mutate({ event: event.id, register: 3, assignBibs: 3, changeBibs: 2, edit: 2, cancel: 1, remove: 1 });
      // A new registration whose detail has a birth date of the wrong type.
      const badNew = change.register[0]!;
      await postAdmin(sandbox, 'corrupt', { registrations: [badNew], field: 'participant.dob' });
      rejected.add(`R-${badNew}`);
      // Past the engine's 2-minute discovery margin, so the next discovery sees these as older.
      clock.advance(5 * 60_000);
      recording.clear();
      const reports = await fixture.sync();
      const runs = reports.filter((r) => r.kind === 'participants');
      assert.ok(runs.every((r) => r.status === 'succeeded' && r.mode === 'incremental'), JSON.stringify(runs.map((r) => [r.status, r.mode, r.error])));

      assert.deepEqual(await storedEvents(db), expectedEvents(sandbox));
      assert.deepEqual(await storedRaces(db), expectedRaces(sandbox));
      assert.deepEqual(await storedParticipants(db), expectedParticipants(sandbox, rejected));

      const gone = new Set([...change.cancel, ...change.remove]);
      const live = (ids: number[]) => ids.filter((id) => !gone.has(id)).map((id) => `R-${id}`).sort();
      assert.deepEqual(await changedKeys(db, 'bib_assigned'), live(change.assignBibs));
      assert.deepEqual(await changedKeys(db, 'bib_changed'), live(change.changeBibs));
      assert.deepEqual(await changedKeys(db, 'deleted'), [...gone].map((id) => `R-${id}`).filter((key) => !rejected.has(key)).sort());
      const transferred = change.transfers.map((t) => `R-${t.newRegistrationId}`);
      const created = await changedKeys(db, 'created');
      for (const key of [...live(change.register), ...transferred].filter((k) => !rejected.has(k))) assert.ok(created.includes(key), key);
      const updated = await changedKeys(db, 'updated');
      for (const key of live(change.edit)) assert.ok(updated.includes(key), key);

      const reasons = (await storedRejects(db)).map((r) => r.reason);
      assert.ok(reasons.some((r) => r.startsWith(`invalid registration R-${badNew}: participant.dob: `)), reasons.join('\n'));

      // What it cost: every changed active registration's detail once per read of its category,
      // the list pages down to the cursor, and discovery.
      const changedActive = new Set(live([...change.register, ...change.assignBibs, ...change.changeBibs, ...change.edit]).concat(transferred));
      const details = recording.paths(DETAIL);
      for (const key of changedActive) assert.ok(details.some((p) => p.endsWith(`/${key}`)), `no detail of ${key}`);
      assert.ok(details.every((p) => !gone.has(Number(/R-(\d+)$/.exec(p)![1]))), 'a cancellation costs no detail call');
      console.log(`# second sync: ${recording.count(/./)} calls (token ${recording.count(TOKEN)}, events ${recording.count(EVENTS)}, lists ${recording.count(LIST)}, details ${recording.count(DETAIL)}); changed active registrations ${changedActive.size}, cancellations ${gone.size}`);
    });

    it('a sync with nothing changed costs the lists only (and a rejected registration\'s detail while it is the newest change)', async () => {
      const broken = `/R-${change.register[0]}`;
      const unchangedSync = async (expectBroken: boolean) => {
        clock.advance(60_000);
        recording.clear();
        const reports = await fixture.sync();
        assert.ok(reports.every((r) => r.status === 'succeeded'));
        assert.deepEqual(recording.paths(DETAIL).map((p) => p.endsWith(broken)), expectBroken ? [true] : [], recording.paths(/./).join('\n'));
        assert.deepEqual(await storedParticipants(db), expectedParticipants(sandbox, rejected));
        console.log(`# unchanged sync: ${recording.count(/./)} calls (events ${recording.count(EVENTS)}, lists ${recording.count(LIST)}, details ${recording.count(DETAIL)})`);
      };
      // The cursor is inclusive (a record changed in its second is never missed), so the newest change
      // is read again each time: a stored one is known by its version, a rejected one costs its detail
      // again, until a newer change moves the cursor past it.
      for (let i = 0; i < 3; i++) await unchangedSync(true);
      assert.equal(sandbox.mutate({ event: eventsOf(sandbox)[0]!.id, edit: 1 }).edit.length, 1);
      // Past discovery's 2-minute margin, so it does not sample the edited registration again.
      clock.advance(3 * 60_000);
      await fixture.sync();
      await unchangedSync(false);
    });
  });
}
