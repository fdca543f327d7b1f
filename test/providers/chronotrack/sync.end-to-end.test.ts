/**
 * ChronoTrack through the engine on both database engines: discovery, entries of every race and
 * results of the past ones (OAuth, the token kept in the database), then sandbox mutations —
 * registrations, a bib assigned and one changed, an edit, a removal and a cancellation; a corrected
 * time, a DNF turned finish, a withdrawn result — a second sync, and the unified views compared
 * exactly with the world, with the malformed entry in `rejects` and the expected `changes`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/db/database.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { entryIdOf } from '../../../src/sandbox/skins/chronotrack/render.js';
import type { WorldRace } from '../../../src/sandbox/world/index.js';
import type { RunReport } from '../../../src/sync/context.js';
import { testEngines } from '../../helpers/database.js';
import { ctEvents, futureEvents, idOf, pastEvents, startWorld } from './helpers.js';
import { expectedParticipant, expectedResults } from './truth.js';
import { setUpChronoTrackSync, type ChronoTrackSync } from './sync-fixture.js';

const entry = (registrationId: number) => String(entryIdOf(registrationId));
/** "01:02:03.45" → seconds, rounded to hundredths like the interval column read back. */
const secondsOf = (hms: string | null) => {
  if (hms === null) return null;
  const [h, m, s] = hms.split(':').map(Number) as [number, number, number];
  return Math.round((h * 3600 + m * 60 + s) * 100) / 100;
};
const rounded = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

function assertRunsOk(reports: RunReport[]): void {
  const failed = reports.filter((r) => r.status !== 'succeeded');
  assert.deepEqual(failed.map((r) => `${r.kind} ${r.race?.providerRaceId}: ${r.error}`), []);
}

for (const engine of testEngines()) {
  describe(`ChronoTrack end to end on ${engine.name}`, () => {
    let db: Database;
    let sandbox: Sandbox;
    let fixture: ChronoTrackSync;
    let corruptedId: number;
    let raceA: WorldRace;
    let raceP: WorldRace;

    before(async () => {
      sandbox = await startWorld({ registrationsPerRace: 60 });
      db = await engine.open();
      fixture = await setUpChronoTrackSync(db, sandbox);
      // A: an upcoming race with an entry still without a bib; C: a race of another event, with one malformed entry.
      raceA = futureEvents(sandbox).flatMap((e) => e.races).find((r) => sandbox.world.registrationsWith(r, 'active').some((x) => x.bib === null))!;
      const raceC = futureEvents(sandbox).find((e) => e !== raceA.event)!.races[0]!;
      corruptedId = sandbox.world.registrationsWith(raceC, 'active')[5]!.id;
      await fetch(`${sandbox.endpoint('chronotrack').origin}/_admin/corrupt`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ registrations: [corruptedId] }),
      });
      // P: a race of two days ago with splits and a DNF a timer can turn into a finish.
      raceP = pastEvents(sandbox).flatMap((e) => e.races)
        .find((r) => r.splits.length > 0 && sandbox.world.results(r).unfinished.some((v) => v.status === 'dnf'))!;
      assert.ok(raceA && raceP, 'the seeded world has the races this test needs');
    });
    after(async () => {
      await db?.close();
      await sandbox?.close();
    });

    async function assertEventsAndRaces(): Promise<void> {
      const events = await db.query<Record<string, unknown>>(
        `select provider_event_id, name, start_time, time_zone, city, region, country from unified_events
         where provider = 'chronotrack' order by provider_event_id::bigint`);
      assert.deepEqual(events, ctEvents(sandbox).map((e) => ({
        provider_event_id: idOf(e.ids.chronotrack), name: e.name, start_time: new Date(e.start * 1000), time_zone: e.timeZone,
        city: e.city.city, region: e.city.regionName, country: e.city.countryName,
      })));
      const races = await db.query<Record<string, unknown>>(
        `select provider_race_id, name, start_time, distance from unified_races where provider = 'chronotrack' order by provider_race_id::bigint`);
      assert.deepEqual(races, ctEvents(sandbox).flatMap((e) => e.races)
        .map((r) => ({ provider_race_id: idOf(r.ids.chronotrack), name: r.name, start_time: new Date(r.start * 1000), distance: `${r.distance.metres} m` }))
        .sort((a, b) => Number(a.provider_race_id) - Number(b.provider_race_id)));
    }

    async function assertParticipants(): Promise<void> {
      const rows = await db.query<Record<string, unknown>>(
        `select u.provider_participant_id, r.provider_race_id, u.bib, u.chip, u.first_name, u.last_name, u.email, u.gender, u.birthdate,
                u.age, u.city, u.region, u.country, u.team_name, u.amount_paid, u.registered_at, u.provider_modified_at
         from unified_participants u join races r on r.id = u.race_id where u.provider = 'chronotrack'
         order by u.provider_participant_id::bigint`);
      const expected = ctEvents(sandbox).flatMap((e) => e.races).flatMap((race) => sandbox.world.registrationsWith(race, 'active')
        .filter((r) => r.id !== corruptedId)
        .map((r) => {
          const p = expectedParticipant(race, r);
          return {
            provider_participant_id: p.providerParticipantId, provider_race_id: p.providerRaceId, bib: p.bib, chip: null, first_name: p.firstName,
            last_name: p.lastName, email: p.email, gender: p.gender, birthdate: p.birthdate, age: p.age, city: p.city, region: p.region,
            country: p.country, team_name: p.teamName, amount_paid: null, registered_at: null, provider_modified_at: null,
          };
        }))
        .sort((a, b) => Number(a.provider_participant_id) - Number(b.provider_participant_id));
      assert.equal(rows.length, expected.length);
      assert.deepEqual(rows, expected);
    }

    async function assertResultsAndSplits(): Promise<void> {
      const rows = await db.query<Record<string, unknown>>(
        `select res.provider_result_id, r.provider_race_id, u.result_set, u.bib, u.first_name, u.last_name, u.gender, u.age,
                extract(epoch from u.clock_time)::float8 as clock, extract(epoch from u.chip_time)::float8 as chip,
                u.overall_place, u.gender_place, u.division_place, u.division, u.status, p.provider_participant_id as linked
         from unified_results u join results res on res.id = u.result_id join races r on r.id = u.race_id
         left join participants p on p.id = u.participant_id
         where u.provider = 'chronotrack' order by r.provider_race_id::bigint, res.provider_result_id::bigint`);
      const past = pastEvents(sandbox).flatMap((e) => e.races).sort((a, b) => a.ids.chronotrack! - b.ids.chronotrack!);
      const expected = past.flatMap((race) => expectedResults(sandbox, race)).map((x) => ({
        provider_result_id: x.providerResultId, provider_race_id: x.providerRaceId, result_set: x.resultSet, bib: x.bib, first_name: x.firstName,
        last_name: x.lastName, gender: x.gender, age: x.age, clock: secondsOf(x.clockTime), chip: secondsOf(x.chipTime), overall_place: x.overallPlace,
        gender_place: x.genderPlace, division_place: x.divisionPlace, division: x.division, status: x.status,
        linked: x.providerResultId, // linked by (race, bib) to the entry it belongs to
      }));
      assert.deepEqual(rows.map((row) => ({ ...row, clock: rounded(row.clock as number), chip: rounded(row.chip as number) })), expected);
      const splits = await db.query<Record<string, unknown>>(
        `select res.provider_result_id, u.split_name, u.split_order, u.distance_m::float8 as distance_m,
                extract(epoch from u.clock_time)::float8 as clock, extract(epoch from u.chip_time)::float8 as chip
         from unified_splits u join result_splits s on s.id = u.split_id join results res on res.id = s.result_id join races r on r.id = u.race_id
         where u.provider = 'chronotrack' order by r.provider_race_id::bigint, res.provider_result_id::bigint, u.split_order`);
      const expectedSplits = past.flatMap((race) => expectedResults(sandbox, race).flatMap((x) => (x.splits ?? []).map((s) => ({
        provider_result_id: x.providerResultId, split_name: s.name, split_order: s.order, distance_m: s.distanceM, clock: secondsOf(s.clockTime), chip: secondsOf(s.chipTime),
      }))));
      assert.ok(expectedSplits.length > 0);
      assert.deepEqual(splits.map((row) => ({ ...row, clock: rounded(row.clock as number), chip: rounded(row.chip as number) })), expectedSplits);
    }

    async function changesOfRuns(runIds: (number | null)[], entity: 'participant' | 'result') {
      const table = entity === 'participant' ? 'participants' : 'results';
      const key = entity === 'participant' ? 'provider_participant_id' : 'provider_result_id';
      return db.query<{ kind: string; key: string; old_values: Record<string, unknown> | null; new_values: Record<string, unknown> | null }>(
        `select c.kind, t.${key} as key, c.old_values, c.new_values from changes c join ${table} t on t.id = c.entity_id
         where c.entity = $1 and c.run_id = any($2::bigint[]) order by c.id`, [entity, runIds.filter((id) => id !== null)]);
    }

    it('first sync: discovery, every race\'s entries, the past races\' results; the malformed entry is rejected', async () => {
      assertRunsOk(await fixture.sync({ includePast: true }));
      assertRunsOk(await fixture.sync({ results: true }));
      await assertEventsAndRaces();
      await assertParticipants();
      await assertResultsAndSplits();
      const rejects = await db.query<{ reason: string; raw: Record<string, unknown> }>(`select reason, raw from rejects where provider = 'chronotrack'`);
      assert.deepEqual(rejects.map((r) => r.reason), ['invalid entry: entry_id: expected a string']);
      assert.deepEqual(rejects[0]!.raw.entry_id, { value: entry(corruptedId) });
      const [token] = await db.query<{ version: number }>('select version from provider_tokens where connection_id = $1', [fixture.connectionId]);
      assert.equal(token!.version, 1, 'one OAuth grant served the whole sync, kept in the database');
    });

    it('second sync after changes at the provider: views equal the world, changes name each one', async () => {
      const edits = sandbox.mutate({ race: raceA.id, assignBibs: 1, changeBibs: 1, edit: 1, remove: 1, cancel: 1 });
      const registered = sandbox.mutate({ race: raceA.id, register: 2 });
      const timed = sandbox.mutate({ race: raceP.id, correctTimes: 1, dnfToFinish: 1, withdrawResults: 1 });
      for (const kind of ['assignBibs', 'changeBibs', 'edit', 'remove', 'cancel'] as const) assert.equal(edits[kind].length, 1, kind);
      for (const kind of ['correctTimes', 'dnfToFinish', 'withdrawResults'] as const) assert.equal(timed[kind].length, 1, kind);

      const before = sandbox.callCount('chronotrack');
      const participantRuns = await fixture.sync();
      const afterParticipants = sandbox.callCount('chronotrack');
      const resultRuns = await fixture.sync({ results: true });
      const afterResults = sandbox.callCount('chronotrack');
      assertRunsOk([...participantRuns, ...resultRuns]);
      await assertEventsAndRaces();
      await assertParticipants();
      await assertResultsAndSplits();

      const participantChanges = await changesOfRuns(participantRuns.map((r) => r.runId), 'participant');
      const keysOf = (kind: string) => participantChanges.filter((c) => c.kind === kind).map((c) => c.key).sort();
      const sorted = (ids: string[]) => [...ids].sort();
      assert.deepEqual(keysOf('created'), sorted([...registered.register, ...edits.transfers.map((t) => t.newRegistrationId)].map(entry)));
      assert.deepEqual(keysOf('bib_assigned'), [entry(edits.assignBibs[0]!)]);
      assert.deepEqual(keysOf('bib_changed'), [entry(edits.changeBibs[0]!)]);
      assert.deepEqual(keysOf('deleted'), sorted([...edits.remove, ...edits.cancel].map(entry)));
      assert.ok(keysOf('updated').includes(entry(edits.edit[0]!)));
      assert.deepEqual(participantChanges.filter((c) => c.kind === 'deleted').map((c) => c.new_values), [{ reason: 'absent from a full read' }, { reason: 'absent from a full read' }]);

      const resultChanges = await changesOfRuns(resultRuns.map((r) => r.runId), 'result');
      const resultKeys = (kind: string) => resultChanges.filter((c) => c.kind === kind).map((c) => c.key);
      assert.deepEqual(resultKeys('result_posted'), [entry(timed.dnfToFinish[0]!)], 'a DNF has no finish row at CT: its finish is new');
      assert.deepEqual(resultKeys('deleted'), [entry(timed.withdrawResults[0]!)]);
      const corrected = resultChanges.find((c) => c.kind === 'result_corrected' && c.key === entry(timed.correctTimes[0]!));
      assert.ok(corrected, 'the corrected time is a result_corrected change');
      assert.notEqual(corrected.old_values!.clock_time, corrected.new_values!.clock_time);
      assert.ok(Array.isArray(corrected.new_values!.splits), 'its split times moved with it');

      const unchanged = participantRuns.reduce((n, r) => n + r.counts.unchanged, 0);
      assert.ok(unchanged > 0, 'unchanged entries are not written');
      const calls = { participants: afterParticipants - before, results: afterResults - afterParticipants };
      // Discovery: 1 event list + 1 race list per event; entries: one page per race (a manual sync reads race by race);
      // results: OPEN/SEX/AGE per started race, and one interval list per event with splits.
      const events = ctEvents(sandbox).length;
      const upcoming = futureEvents(sandbox).flatMap((e) => e.races);
      const past = pastEvents(sandbox).flatMap((e) => e.races);
      const resultCalls = past.length * 3 + pastEvents(sandbox).filter((e) => e.races.some((r) => r.splits.length > 0)).length;
      assert.deepEqual(calls, { participants: 1 + events + upcoming.length, results: 1 + events + resultCalls });
      console.log(`# ChronoTrack second sync on ${engine.name}: ${JSON.stringify(calls)} API calls (${events} events, ${upcoming.length} upcoming races, ${past.length} past races)`);
    });

    it('a third sync with nothing changed writes nothing', async () => {
      const runs = [...await fixture.sync(), ...await fixture.sync({ results: true })];
      assertRunsOk(runs);
      const counts = runs.reduce((n, r) => ({ created: n.created + r.counts.created, updated: n.updated + r.counts.updated, deleted: n.deleted + r.counts.deleted }), { created: 0, updated: 0, deleted: 0 });
      assert.deepEqual(counts, { created: 0, updated: 0, deleted: 0 });
    });
  });
}
