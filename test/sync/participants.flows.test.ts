import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { Database } from '../../src/db/database.js';
import type { RunReport } from '../../src/sync/context.js';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { testEngines } from '../helpers/database.js';
import { setUpSync, TestClock, type SyncFixture } from '../helpers/sync.js';

const ANCHOR = new Date('2026-06-01T12:00:00Z');

interface ViewRow {
  provider_participant_id: string;
  provider_race_id: string;
  bib: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  gender: string | null;
  birthdate: string | null;
  age: number | null;
  amount_paid: string | null;
  registered_at: Date | null;
  provider_modified_at: Date | null;
}

/** What the view must hold for one sandbox participant, derived here from the raw API record. */
function expectedRow(raw: Record<string, any>): Omit<ViewRow, 'provider_race_id'> {
  const bib = raw.bib_num === null || String(raw.bib_num).trim() === '' ? null : String(raw.bib_num).trim();
  return {
    provider_participant_id: String(raw.registration_id),
    bib,
    first_name: raw.user.first_name,
    last_name: raw.user.last_name,
    email: raw.user.email,
    gender: raw.user.gender,
    birthdate: raw.user.dob,
    age: raw.age,
    amount_paid: raw.amount_paid === null ? null : raw.amount_paid.replace(/[$,]/g, ''),
    registered_at: DateTime.fromFormat(raw.registration_date, 'M/d/yyyy HH:mm', { zone: 'America/New_York' }).toJSDate(),
    provider_modified_at: new Date(raw.last_modified * 1000),
  };
}

async function viewRows(db: Database): Promise<ViewRow[]> {
  return db.query<ViewRow>(
    `select u.provider_participant_id, r.provider_race_id, u.bib, u.first_name, u.last_name, u.email, u.gender,
            u.birthdate, u.age, u.amount_paid, u.registered_at, u.provider_modified_at
     from unified_participants u join races r on r.id = u.race_id order by u.provider_participant_id::bigint`,
  );
}

function worldRows(sandbox: RunSignupSandbox): ViewRow[] {
  return sandbox.world
    .eventIds()
    .flatMap((eventId) => sandbox.world.participants(eventId).map((p) => ({ ...expectedRow(p as any), provider_race_id: String(eventId) })))
    .sort((a, b) => Number(a.provider_participant_id) - Number(b.provider_participant_id));
}

async function changesOf(db: Database, kind: string): Promise<string[]> {
  const rows = await db.query<{ key: string }>(
    `select p.provider_participant_id as key from changes c join participants p on p.id = c.entity_id
     where c.entity = 'participant' and c.kind = $1 order by p.provider_participant_id::bigint`,
    [kind],
  );
  return rows.map((r) => r.key);
}

const sorted = (ids: number[]) => ids.map(String).sort((a, b) => Number(a) - Number(b));

for (const engine of testEngines()) {
  describe(`participants sync flows (${engine.name})`, () => {
    let db: Database;
    let sandbox: RunSignupSandbox;
    let fixture: SyncFixture;
    const clock = new TestClock(new Date(ANCHOR.getTime() + 60_000));

    before(async () => {
      db = await engine.open();
      sandbox = await startRunSignupSandbox({
        seed: 11, partners: 1, racesPerPartner: 3, eventsPerRace: 2, participantsPerEvent: 40, pastShare: 0,
        anchor: ANCHOR, now: clock.now,
      });
      const [credential] = sandbox.credentials;
      fixture = await setUpSync(db, { baseUrl: sandbox.baseUrl, apiKey: credential!.apiKey, apiSecret: credential!.apiSecret, settings: { participantsPageSize: 25 } }, { now: clock.now });
    });
    after(async () => {
      await sandbox.close();
      await db.close();
    });

    it('a first sync reads everything in full and stores exactly the provider rows', async () => {
      const reports = await fixture.sync();
      const participantRuns = reports.filter((r) => r.kind === 'participants');
      assert.equal(participantRuns.length, 6);
      assert.ok(participantRuns.every((r) => r.mode === 'full' && r.status === 'succeeded'));
      assert.deepEqual(await viewRows(db), worldRows(sandbox));
      const created = await changesOf(db, 'created');
      assert.equal(created.length, sandbox.world.participantCount());
      // Written by the upsert itself: each change carries its row's tracked fields as stored.
      const mismatched = await db.query(
        `select c.id from changes c join participants p on p.id = c.entity_id
         where c.entity = 'participant' and c.kind = 'created' and (c.old_values is not null or c.new_values is distinct from
           jsonb_build_object('bib', p.bib, 'chip', p.chip, 'first_name', p.first_name, 'last_name', p.last_name, 'race_id', p.race_id))`,
      );
      assert.deepEqual(mismatched, []);
      const [sample] = await db.query<{ new_values: Record<string, unknown> }>("select new_values from changes where entity = 'participant' and kind = 'created' order by id limit 1");
      assert.deepEqual(Object.keys(sample!.new_values).sort(), ['bib', 'chip', 'first_name', 'last_name', 'race_id']);
      assert.equal(typeof sample!.new_values.race_id, 'number');
    });

    it('an incremental sync picks up registrations, bib assignments, bib changes, edits and removals', async () => {
      clock.advance(120_000);
      const [raceId] = sandbox.world.raceIds;
      const change = sandbox.mutate({ raceId, register: 3, assignBibs: 4, changeBibs: 2, edit: 2, remove: 2 });
      clock.advance(60_000);
      const reports = await fixture.sync();
      const participantRuns = reports.filter((r) => r.kind === 'participants');
      assert.ok(participantRuns.every((r) => r.mode === 'incremental' && r.status === 'succeeded'), JSON.stringify(participantRuns));
      assert.deepEqual(await viewRows(db), worldRows(sandbox));
      // A registration both changed and removed in one mutation is only seen removed.
      const live = (ids: number[]) => ids.filter((id) => !change.remove.includes(id) && !change.register.includes(id));
      assert.deepEqual(await changesOf(db, 'bib_assigned'), sorted(live(change.assignBibs)));
      assert.deepEqual(await changesOf(db, 'bib_changed'), sorted(live(change.changeBibs)));
      assert.deepEqual(await changesOf(db, 'deleted'), sorted(change.remove));
      assert.ok(live(change.assignBibs).length >= 2, JSON.stringify(change));
      const removed = await db.query<{ n: number }>(
        'select count(*)::int as n from participants where deleted_at is not null and provider_participant_id = any($1)',
        [change.remove.map(String)],
      );
      assert.equal(removed[0]!.n, change.remove.length, 'removals are soft deletes');
      const incrementalCalls = participantRuns.reduce((sum, r) => sum + r.counts.apiCalls, 0);
      // The two races of an event are read together: one participants page and one removed page per event.
      assert.equal(incrementalCalls, 6, 'one participants page and one removed page per event');
    });

    it('records changed in the cursor second itself are read again, never missed', async () => {
      const eventId = sandbox.world.eventIds(sandbox.world.raceIds[1])[0]!;
      const [target] = await db.query<{ cursor: { modifiedSince: number } }>(
        `select t.cursor from sync_targets t join races r on r.id = t.race_id
         where t.kind = 'participants' and r.provider_race_id = $1`,
        [String(eventId)],
      );
      // The provider stamps a change with exactly the cursor second (its clock is behind ours).
      const ourClock = clock.current;
      clock.current = new Date(target!.cursor.modifiedSince * 1000);
      const change = sandbox.mutate({ eventId, assignBibs: 1 });
      clock.current = ourClock;
      assert.equal(change.at, target!.cursor.modifiedSince);
      clock.advance(30_000);
      await fixture.sync();
      assert.deepEqual(await viewRows(db), worldRows(sandbox));
      assert.ok((await changesOf(db, 'bib_assigned')).includes(String(change.assignBibs[0])));
    });

    it('a full sync soft-deletes registrations the provider no longer lists', async () => {
      const [, , raceId] = sandbox.world.raceIds;
      const change = sandbox.mutate({ raceId, remove: 1 });
      clock.advance(60_000);
      const reports = await fixture.sync({ full: true });
      assert.ok(reports.filter((r) => r.kind === 'participants').every((r) => r.mode === 'full'));
      assert.deepEqual(await viewRows(db), worldRows(sandbox));
      assert.ok((await changesOf(db, 'deleted')).includes(String(change.remove[0])));
    });

    it('a full sync that would delete more than the guard share holds the deletion and raises an alert', async () => {
      const [raceId] = sandbox.world.raceIds;
      const eventId = sandbox.world.eventIds(raceId)[0]!;
      const active = sandbox.world.participants(eventId).length;
      sandbox.mutate({ eventId, remove: Math.ceil(active * 0.5) });
      clock.advance(60_000);
      const before = await db.query<{ n: number }>('select count(*)::int as n from unified_participants');
      const reports = await fixture.sync({ full: true, race: String(eventId) });
      const run = reports.find((r) => r.kind === 'participants')!;
      assert.equal(run.status, 'succeeded');
      assert.equal(run.heldDeletes, Math.ceil(active * 0.5));
      const afterRows = await db.query<{ n: number }>('select count(*)::int as n from unified_participants');
      assert.equal(afterRows[0]!.n, before[0]!.n, 'nothing deleted');
      const alerts = await db.query<{ kind: string }>("select kind from alerts where kind = 'mass_delete_held'");
      assert.equal(alerts.length, 1);
      const forced = await fixture.sync({ full: true, race: String(eventId), allowMassDelete: true });
      assert.equal(forced.find((r) => r.kind === 'participants')!.counts.deleted, Math.ceil(active * 0.5));
      await fixture.sync(); // transfers landed in the race's other event
      assert.deepEqual(await viewRows(db), worldRows(sandbox));
    });

    it('a dry run reads and reports what would change but writes nothing', async () => {
      const [raceId] = sandbox.world.raceIds;
      const change = sandbox.mutate({ raceId, register: 2, assignBibs: 2 });
      clock.advance(60_000);
      const tables = ['events', 'races', 'participants', 'results', 'sync_targets', 'sync_runs', 'changes', 'rejects', 'alerts'];
      const snapshot = async () => Promise.all(tables.map((t) => db.query(`select * from ${t} order by id`)));
      const beforeRows = await snapshot();
      const reports = await fixture.sync({ dryRun: true });
      const runs = reports.filter((r) => r.kind === 'participants');
      assert.ok(runs.every((r) => r.dryRun));
      assert.equal(runs.reduce((sum, r) => sum + r.counts.created, 0), 2);
      const updates = change.assignBibs.filter((id) => !change.register.includes(id)).length;
      assert.equal(runs.reduce((sum, r) => sum + r.counts.updated, 0), updates);
      assert.deepEqual(await snapshot(), beforeRows);
    });

    it('a bib another active participant of the race holds is a collision, in incremental and in full reads', async () => {
      const collisions = async () => db.query<{ key: string; race_id: number; bib: string; also_held_by: string }>(
        `select p.provider_participant_id as key, p.race_id, p.bib, c.new_values->>'also_held_by' as also_held_by
         from changes c join participants p on p.id = c.entity_id where c.kind = 'bib_collision' order by c.id`,
      );
      const [, raceId, otherRaceId] = sandbox.world.raceIds;
      for (const [full, target] of [[false, raceId], [true, otherRaceId]] as const) {
        const change = sandbox.mutate({ raceId: target, duplicateBibs: 1 });
        assert.equal(change.duplicateBibs.length, 1);
        clock.advance(60_000);
        const reports = await fixture.sync({ full });
        assert.ok(reports.filter((r) => r.kind === 'participants').every((r) => r.mode === (full ? 'full' : 'incremental')));
        assert.deepEqual(await viewRows(db), worldRows(sandbox));
        const found = (await collisions()).filter((c) => c.key === String(change.duplicateBibs[0]));
        assert.equal(found.length, 1, JSON.stringify(await collisions()));
        const holders = await db.query<{ key: string }>(
          'select provider_participant_id as key from participants where race_id = $1 and bib = $2 and deleted_at is null and provider_participant_id <> $3',
          [found[0]!.race_id, found[0]!.bib, found[0]!.key],
        );
        assert.deepEqual(holders.map((h) => h.key), [found[0]!.also_held_by]);
      }
    });

    it('an incremental read that would delete more than the guard share holds the deletion as well', async () => {
      const [, , raceId] = sandbox.world.raceIds;
      const eventId = sandbox.world.eventIds(raceId)[1]!;
      const removing = Math.ceil(sandbox.world.participants(eventId).length * 0.5);
      sandbox.mutate({ eventId, remove: removing });
      clock.advance(60_000);
      const run = (await fixture.sync({ race: String(eventId) })).find((r) => r.kind === 'participants')!;
      assert.equal(run.mode, 'incremental');
      assert.equal(run.heldDeletes, removing);
      const alerts = await db.query("select id from alerts where kind = 'mass_delete_held'");
      assert.equal(alerts.length, 2, 'one more alert');
      const forced = await fixture.sync({ full: true, race: String(eventId), allowMassDelete: true });
      assert.equal(forced.find((r) => r.kind === 'participants')!.counts.deleted, removing);
      await fixture.sync();
      assert.deepEqual(await viewRows(db), worldRows(sandbox));
    });

    it('every run is recorded with its mode, counts and calls', async () => {
      const runs = await db.query<{ mode: string; status: string; api_calls: number; pages: number; created: number }>(
        `select r.mode, r.status, r.api_calls, r.pages, r.created from sync_runs r
         join sync_targets t on t.id = r.target_id where t.kind = 'participants' order by r.id`,
      );
      assert.ok(runs.length >= 6 * 4);
      assert.ok(runs.every((r) => r.status === 'succeeded'));
      // An event's two races share one read, whose calls are counted on the first race's run.
      for (let i = 0; i < runs.length; i += 2) assert.ok(runs[i]!.api_calls + runs[i + 1]!.api_calls >= 1, JSON.stringify(runs.slice(i, i + 2)));
      assert.equal(runs.slice(0, 6).reduce((sum, r) => sum + r.created, 0), 240);
    });
  });
}

describe('p88 sync --bib', () => {
  it('refreshes the one participant holding the bib, with one call per race, leaving the cursor alone', async () => {
    const [engine] = testEngines();
    const db = await engine!.open();
    const clock = new TestClock(new Date(ANCHOR.getTime() + 60_000));
    const sandbox = await startRunSignupSandbox({
      seed: 12, partners: 1, racesPerPartner: 1, eventsPerRace: 1, participantsPerEvent: 30, pastShare: 0, anchor: ANCHOR, now: clock.now,
    });
    try {
      const [credential] = sandbox.credentials;
      const fixture = await setUpSync(db, { baseUrl: sandbox.baseUrl, apiKey: credential!.apiKey, apiSecret: credential!.apiSecret }, { now: clock.now });
      await fixture.sync();
      const cursorBefore = await db.query("select cursor from sync_targets where kind = 'participants'");
      clock.advance(60_000);
      const change = sandbox.mutate({ assignBibs: 1 });
      const id = change.assignBibs[0]!;
      const eventId = sandbox.world.eventIds()[0]!;
      const bib = String(sandbox.world.participants(eventId).find((p) => p.registration_id === id)!.bib_num);
      const reports = await fixture.sync({ bib });
      const run = reports.find((r) => r.kind === 'participants')!;
      assert.deepEqual({ status: run.status, updated: run.counts.updated, calls: run.counts.apiCalls }, { status: 'succeeded', updated: 1, calls: 1 });
      const rows = await db.query<{ bib: string }>('select bib from participants where provider_participant_id = $1', [String(id)]);
      assert.equal(rows[0]!.bib, bib);
      assert.deepEqual(await changesOf(db, 'bib_assigned'), [String(id)]);
      assert.deepEqual(await db.query("select cursor from sync_targets where kind = 'participants'"), cursorBefore);
    } finally {
      await sandbox.close();
      await db.close();
    }
  });
});

describe('discovery', () => {
  it('reads the detail of a race again only when the provider modified it since the last discovery', async () => {
    const [engine] = testEngines();
    const db = await engine!.open();
    const clock = new TestClock(new Date(ANCHOR.getTime() + 60_000));
    const sandbox = await startRunSignupSandbox({
      seed: 13, partners: 1, racesPerPartner: 4, eventsPerRace: 2, participantsPerEvent: 5, pastShare: 0, anchor: ANCHOR, now: clock.now,
    });
    try {
      const [credential] = sandbox.credentials;
      const fixture = await setUpSync(db, { baseUrl: sandbox.baseUrl, apiKey: credential!.apiKey, apiSecret: credential!.apiSecret }, { now: clock.now });
      const discoveryOf = (reports: RunReport[]) => reports.find((r) => r.kind === 'discovery')!;
      const first = discoveryOf(await fixture.sync({ race: 'none' }));
      assert.deepEqual({ calls: first.counts.apiCalls, created: first.counts.created }, { calls: 5, created: 12 });
      clock.advance(10 * 60_000);
      const second = discoveryOf(await fixture.sync({ race: 'none' }));
      assert.deepEqual({ calls: second.counts.apiCalls, unchanged: second.counts.unchanged }, { calls: 1, unchanged: 4 });
      const full = discoveryOf(await fixture.sync({ race: 'none', full: true }));
      assert.equal(full.counts.apiCalls, 5, '--full reads every detail');
      const past = discoveryOf(await fixture.sync({ race: 'none', includePast: true }));
      assert.equal(past.counts.apiCalls, 5, 'reaching into the past reads every detail');
    } finally {
      await sandbox.close();
      await db.close();
    }
  });
});
