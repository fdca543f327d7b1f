import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/db/database.js';
import type { RunReport } from '../../../src/sync/context.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { ChangeSummary, WorldEvent, WorldRace } from '../../../src/sandbox/world/index.js';
import { testEngines } from '../../helpers/database.js';
import { TestClock } from '../../helpers/sync.js';
import { listedParticipants, participantIdOf, resultIdOf, visibleResults } from './expected.js';
import { setUpRaceRosterSync, type RaceRosterSyncFixture } from './sync-fixture.js';
import { admin, eventsOf, startRaceRoster } from './helpers.js';

const ANCHOR = new Date('2025-06-01T12:00:00Z');

/** PostgreSQL prints interval fractions without trailing zeros ("05.10" reads back "05.1"). */
const asInterval = (text: string | null) => (text === null ? null : text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const ids = (registrationIds: number[]) => registrationIds.map((id) => String(participantIdOf(id))).sort();

/** unified_events / unified_races as the world says they must read. */
function worldEvents(events: WorldEvent[]) {
  return events.map((e) => ({
    provider_event_id: String(e.ids.raceroster), name: e.name, start_time: iso(new Date(e.start * 1000)),
    time_zone: e.timeZone, city: e.city.city, region: e.city.region, country: e.city.countryCode,
  })).sort((a, b) => a.provider_event_id.localeCompare(b.provider_event_id));
}

function worldRaces(events: WorldEvent[]) {
  return events.flatMap((e) => e.races.map((r) => ({
    provider_event_id: String(e.ids.raceroster), provider_race_id: String(r.ids.raceroster), name: r.name,
    start_time: iso(new Date(r.start * 1000)), distance: `${r.distance.value} ${r.distance.unit === 'mi' ? 'mile' : 'km'}`,
  }))).sort((a, b) => a.provider_race_id.localeCompare(b.provider_race_id));
}

/** Active registrations (cancelled ones are soft-deleted) in the form of unified_participants. */
function worldParticipants(sandbox: Sandbox, races: WorldRace[], rejected: Set<string>) {
  return listedParticipants(sandbox.world, races)
    .filter((p) => !p.cancelled && !rejected.has(p.providerParticipantId))
    .map((p) => ({
      provider_participant_id: p.providerParticipantId, provider_race_id: p.providerRaceId, bib: p.bib, chip: null,
      first_name: p.firstName, last_name: p.lastName, email: p.email, gender: p.gender, birthdate: p.birthdate, age: null,
      city: p.city, region: p.region, country: p.country, team_name: p.teamName, amount_paid: null,
      registered_at: iso(p.registeredAt), provider_modified_at: iso(p.providerModifiedAt),
    }))
    .sort((a, b) => a.provider_participant_id.localeCompare(b.provider_participant_id));
}

function worldResults(sandbox: Sandbox, races: WorldRace[]) {
  return races.flatMap((race) => visibleResults(sandbox.world, race).map((r) => ({
    provider_result_id: r.providerResultId, provider_race_id: r.providerRaceId, result_set: r.resultSet, bib: r.bib,
    first_name: r.firstName, last_name: r.lastName, gender: r.gender, age: r.age, clock_time: asInterval(r.clockTime), chip_time: asInterval(r.chipTime),
    overall_place: r.overallPlace, gender_place: r.genderPlace, division_place: r.divisionPlace, division: r.division, status: r.status,
  }))).sort((a, b) => a.provider_result_id.localeCompare(b.provider_result_id));
}

/** unified_splits as the world says they must read (numeric distances as PostgreSQL prints them). */
function worldSplits(sandbox: Sandbox, races: WorldRace[]) {
  return races.flatMap((race) => visibleResults(sandbox.world, race).flatMap((r) => (r.splits ?? []).map((split) => ({
    provider_result_id: r.providerResultId, split_name: split.name, split_order: split.order,
    distance_m: split.distanceM === null ? null : split.distanceM.toFixed(1),
    clock_time: asInterval(split.clockTime), chip_time: asInterval(split.chipTime),
  })))).sort((a, b) => a.provider_result_id.localeCompare(b.provider_result_id) || a.split_order - b.split_order);
}

async function stored(db: Database) {
  const events = await db.query<Record<string, unknown>>(
    `select provider_event_id, name, start_time, time_zone, city, region, country from unified_events order by provider_event_id`);
  const races = await db.query<Record<string, unknown>>(
    `select e.provider_event_id, r.provider_race_id, r.name, r.start_time, r.distance
     from unified_races r join events e on e.id = r.event_id order by r.provider_race_id`);
  const participants = await db.query<Record<string, unknown>>(
    `select u.provider_participant_id, r.provider_race_id, u.bib, u.chip, u.first_name, u.last_name, u.email, u.gender,
            u.birthdate, u.age, u.city, u.region, u.country, u.team_name, u.amount_paid, u.registered_at, u.provider_modified_at
     from unified_participants u join races r on r.id = u.race_id order by u.provider_participant_id`);
  const results = await db.query<Record<string, unknown>>(
    `select s.provider_result_id, r.provider_race_id, u.result_set, u.bib, u.first_name, u.last_name, u.gender, u.age,
            u.clock_time, u.chip_time, u.overall_place, u.gender_place, u.division_place, u.division, u.status
     from unified_results u join results s on s.id = u.result_id join races r on r.id = u.race_id order by s.provider_result_id`);
  const splits = await db.query<Record<string, unknown>>(
    `select r.provider_result_id, s.split_name, s.split_order, s.distance_m, s.clock_time, s.chip_time
     from unified_splits s join results r on r.id = (select result_id from result_splits where id = s.split_id)
     order by r.provider_result_id, s.split_order`);
  const asIso = (rows: Record<string, unknown>[], ...keys: string[]) =>
    rows.map((row) => ({ ...row, ...Object.fromEntries(keys.map((k) => [k, iso(row[k] as Date | null)])) }));
  return {
    events: asIso(events, 'start_time'),
    races: asIso(races, 'start_time'),
    participants: asIso(participants, 'registered_at', 'provider_modified_at'),
    results,
    splits,
  };
}

async function changedKeys(db: Database, entity: 'participant' | 'result', kind: string, since = 0): Promise<string[]> {
  const table = entity === 'participant' ? 'participants' : 'results';
  const key = entity === 'participant' ? 'provider_participant_id' : 'provider_result_id';
  const rows = await db.query<{ key: string }>(
    `select t.${key} as key from changes c join ${table} t on t.id = c.entity_id
     where c.entity = $1 and c.kind = $2 and c.id > $3 order by 1`, [entity, kind, since]);
  return rows.map((r) => r.key);
}

const lastChangeId = async (db: Database) => (await db.query<{ id: number | null }>('select max(id)::int as id from changes'))[0]!.id ?? 0;
const sumCalls = (reports: RunReport[]) => reports.reduce((n, r) => n + r.counts.apiCalls, 0);

for (const engine of testEngines()) {
  describe(`Race Roster end to end through the engine (${engine.name})`, () => {
    const clock = new TestClock(new Date(ANCHOR.getTime() + 60_000));
    let db: Database;
    let sandbox: Sandbox;
    let fixture: RaceRosterSyncFixture;
    let events: WorldEvent[];
    let races: WorldRace[];
    let broken: { registrationId: number; participantId: string };

    before(async () => {
      db = await engine.open();
      sandbox = await startRaceRoster({
        seed: 21, partners: 1, eventsPerPartner: { raceroster: 2 }, racesPerEvent: 2, registrationsPerRace: 55, pastShare: 0.5, now: clock.now,
      });
      events = eventsOf(sandbox);
      races = events.flatMap((e) => e.races);
      fixture = await setUpRaceRosterSync(db, sandbox, { now: clock.now });
      // One participant the skin renders with a broken gender in the first sync.
      const future = events.find((e) => !e.past)!;
      const victim = sandbox.world.registrationsWith(future.races[0]!, 'active')[5]!;
      broken = { registrationId: victim.id, participantId: String(participantIdOf(victim.id)) };
      await admin(sandbox, '/_admin/corrupt', { registrations: [victim.id], field: 'gender' });
    });
    after(async () => {
      await sandbox.close();
      await db.close();
    });

    it('a first sync stores events, races, participants and results exactly as the provider has them', async () => {
      assert.ok(events.some((e) => e.past) && events.some((e) => !e.past));
      const reports = await fixture.sync({ includePast: true });
      const results = await fixture.sync({ includePast: true, results: true });
      assert.ok([...reports, ...results].every((r) => r.status === 'succeeded'), JSON.stringify([...reports, ...results].filter((r) => r.status !== 'succeeded')));
      assert.ok(reports.filter((r) => r.kind === 'participants').every((r) => r.mode === 'full'));
      const now = await stored(db);
      assert.deepEqual(now.events, worldEvents(events));
      assert.deepEqual(now.races, worldRaces(events));
      assert.deepEqual(now.participants, worldParticipants(sandbox, races, new Set([broken.participantId])));
      const started = races.filter((r) => r.start * 1000 <= clock.current.getTime());
      assert.ok(started.length > 0);
      assert.deepEqual(now.results, worldResults(sandbox, started));
      assert.ok(now.splits.length > 0);
      assert.deepEqual(now.splits, worldSplits(sandbox, started));
      const rejects = await db.query<{ reason: string; raw: { participantId: number } }>('select reason, raw from rejects order by id');
      assert.equal(rejects.length, 1);
      assert.match(rejects[0]!.reason, /^invalid participant: gender: not a Race Roster gender code \(0, 1, 2, 8, 9\): "#\d"$/);
      assert.equal(String(rejects[0]!.raw.participantId), broken.participantId);
    });

    it('a second sync after registrations, bib changes, an edit, a removal, a cancellation and result corrections matches the provider again', async () => {
      const future = events.find((e) => !e.past)!;
      const past = events.find((e) => e.past)!;
      const since = await lastChangeId(db);
      clock.advance(5 * 60_000);
      // The timer fixes the broken record meanwhile (while one is rejected, absence from a read proves nothing).
      await fetch(`${sandbox.endpoint('raceroster').origin}/_admin/corrupt`, { method: 'DELETE' });
      const change = sandbox.mutate({ race: future.races[0]!.id, register: 3, assignBibs: 3, changeBibs: 2, edit: 2, remove: 2, cancel: 2 });
      const resultChange = sandbox.mutate({ race: past.races[0]!.id, correctTimes: 2, dnfToFinish: 1, withdrawResults: 1 });
      clock.advance(60_000);
      const callsBefore = sandbox.callCount('raceroster');
      const reports = await fixture.sync({ includePast: true });
      const participantCalls = sandbox.callCount('raceroster') - callsBefore;
      const results = await fixture.sync({ includePast: true, results: true });
      const resultCalls = sandbox.callCount('raceroster') - callsBefore - participantCalls;
      assert.ok([...reports, ...results].every((r) => r.status === 'succeeded'), JSON.stringify([...reports, ...results].filter((r) => r.status !== 'succeeded')));

      const now = await stored(db);
      assert.deepEqual(now.participants, worldParticipants(sandbox, races, new Set()));
      const started = races.filter((r) => r.start * 1000 <= clock.current.getTime());
      assert.deepEqual(now.results, worldResults(sandbox, started));
      assert.deepEqual(now.splits, worldSplits(sandbox, started));

      assertParticipantChanges(await changesSince(db, since), change, broken.registrationId);
      // Withdrawn registrations the database knew (not the broken one, nor one made in this same mutation).
      const known = (id: number) => id !== broken.registrationId && !change.register.includes(id);
      const withdrawn = [...change.remove, ...change.cancel].filter(known);
      assert.deepEqual(await changedKeys(db, 'participant', 'deleted', since), ids(withdrawn));
      const reasons = await db.query<{ key: string; reason: string }>(
        `select p.provider_participant_id as key, c.new_values->>'reason' as reason from changes c join participants p on p.id = c.entity_id
         where c.kind = 'deleted' and c.entity = 'participant' and c.id > $1`, [since]);
      const cancelled = ids(change.cancel.filter(known));
      assert.ok(cancelled.length > 0 && change.remove.length === 2);
      for (const { key, reason } of reasons) assert.equal(reason, cancelled.includes(key) ? 'cancelled at the provider' : 'absent from a full read');
      const corrected = await changedKeys(db, 'result', 'result_corrected', since);
      for (const id of [...resultChange.correctTimes, ...resultChange.dnfToFinish]) assert.ok(corrected.includes(String(resultIdOf(id))), `result of ${id} corrected`);
      assert.deepEqual(await changedKeys(db, 'result', 'deleted', since), resultChange.withdrawResults.map((id) => String(resultIdOf(id))));

      // The record fixed at the provider is stored now; nothing new was set aside.
      assert.ok((await changedKeys(db, 'participant', 'created', since)).includes(broken.participantId));
      const rejects = await db.query<{ n: number }>('select count(*)::int as n from rejects');
      assert.equal(rejects[0]!.n, 1);
      // Every read is full (no modified-since filter): one discovery page, one page per race (55–60 rows each).
      const participantRuns = reports.filter((r) => r.kind === 'participants');
      assert.ok(participantRuns.every((r) => r.mode === 'full'));
      assert.equal(participantCalls, 1 + races.length, 'no token call (the stored token is reused), one page per sub-event');
      assert.equal(sumCalls(reports), participantCalls);
      // Results: one discovery page and one page per started sub-event (fewer than 100 results each).
      assert.equal(resultCalls, 1 + started.length);
      // Only what changed was written.
      const counts = participantRuns.reduce((n, r) => ({ unchanged: n.unchanged + r.counts.unchanged, written: n.written + r.counts.created + r.counts.updated }), { unchanged: 0, written: 0 });
      assert.ok(counts.written <= 12 && counts.unchanged > 150, JSON.stringify(counts));
    });
  });
}

async function changesSince(db: Database, since: number) {
  const kinds = ['created', 'updated', 'bib_assigned', 'bib_changed'] as const;
  return Object.fromEntries(await Promise.all(kinds.map(async (kind) => [kind, await changedKeys(db, 'participant', kind, since)] as const))) as Record<(typeof kinds)[number], string[]>;
}

/**
 * New, re-bibbed and edited registrations show in the change feed; those also removed or cancelled
 * only as deletions; the record broken in the first sync (never stored until now) only as created.
 */
function assertParticipantChanges(changes: Record<'created' | 'updated' | 'bib_assigned' | 'bib_changed', string[]>, change: ChangeSummary, broken: number): void {
  const ended = new Set([...change.remove, ...change.cancel, broken]);
  const live = (list: number[]) => list.filter((id) => !ended.has(id));
  const transferred = change.transfers.map((t) => t.newRegistrationId);
  const repaired = change.remove.includes(broken) || change.cancel.includes(broken) ? [] : [broken];
  assert.deepEqual(changes.created, ids([...live(change.register), ...transferred, ...repaired]));
  // A registration made in this same mutation is simply created, with whatever bib it has by then.
  const known = (list: number[]) => live(list).filter((id) => !change.register.includes(id));
  assert.deepEqual(changes.bib_assigned, ids(known(change.assignBibs)));
  assert.deepEqual(changes.bib_changed, ids(known(change.changeBibs)));
  for (const id of ids(known(change.edit))) assert.ok(changes.updated.includes(id), `edit of ${id} is an update`);
  assert.ok(known(change.assignBibs).length > 0 && known(change.changeBibs).length > 0 && known(change.edit).length > 0);
}
