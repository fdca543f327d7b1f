import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/db/database.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { WorldRace } from '../../../src/sandbox/world/index.js';
import { testEngines } from '../../helpers/database.js';
import { admin, raceIdOf, racesOf, startCopernico } from './helpers.js';
import { setUpCopernicoSync, type CopernicoSync } from './sync-fixture.js';
import { athleteIdOf, expectedParticipants, expectedResults, participantIdOf } from './truth.js';

const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 1000));
const sortBy = <T>(rows: T[], key: (row: T) => string) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

/** Every unified view of the partner, compared with what Copernico shows of the world. */
async function checkViews(db: Database, sandbox: Sandbox, partnerId: number, skip: Set<string>): Promise<void> {
  const events = racesOf(sandbox);
  const races = events.flatMap((e) => e.races);
  const started = races.filter((r) => r.start * 1000 <= sandbox.clock.now().getTime());

  const eventRows = await db.query(
    `select provider, provider_event_id, name, start_time, time_zone, city, region, country, start_time_precision
     from unified_events where timing_partner_id = $1 order by provider_event_id`, [partnerId]);
  assert.deepEqual(eventRows, sortBy(events, (e) => e.ids.copernico!).map((e) => ({
    provider: 'copernico', provider_event_id: e.ids.copernico, name: e.name, start_time: new Date(e.start * 1000), time_zone: e.timeZone,
    city: e.city.city, region: null, country: e.city.countryCode, start_time_precision: 'time',
  })));

  const raceRows = await db.query(
    `select e.provider_event_id, r.provider_race_id, r.name, r.start_time, r.distance
     from unified_races r join unified_events e on e.event_id = r.event_id where r.timing_partner_id = $1 order by r.provider_race_id`, [partnerId]);
  assert.deepEqual(raceRows, sortBy(races, raceIdOf).map((r) => ({
    provider_event_id: r.event.ids.copernico, provider_race_id: raceIdOf(r), name: r.name, start_time: new Date(r.start * 1000), distance: `${r.distance.metres} m`,
  })));

  const participantRows = await db.query(
    `select u.provider_participant_id, r.provider_race_id, u.bib, u.chip, u.first_name, u.last_name, u.email, u.gender, u.birthdate, u.age,
            u.city, u.country, u.team_name, u.amount_paid, u.registered_at
     from unified_participants u join races r on r.id = u.race_id where u.timing_partner_id = $1 order by u.provider_participant_id`, [partnerId]);
  const expectedPeople = races.flatMap((race) => expectedParticipants(sandbox.world, race)).filter((p) => !skip.has(p.providerParticipantId));
  assert.deepEqual(participantRows, sortBy(expectedPeople, (p) => p.providerParticipantId).map((p) => ({
    provider_participant_id: p.providerParticipantId, provider_race_id: p.providerRaceId, bib: p.bib, chip: p.chip, first_name: p.firstName,
    last_name: p.lastName, email: null, gender: p.gender, birthdate: p.birthdate, age: null, city: null, country: null, team_name: p.teamName,
    amount_paid: null, registered_at: null,
  })));

  const resultRows = await db.query<{ provider_result_id: string; participant_id: number | null; bib: string | null; participant_key: string | null }>(
    `select r.provider_result_id, rc.provider_race_id, u.result_set, u.bib, u.status, u.first_name, u.last_name,
            (extract(epoch from u.clock_time) * 1000)::bigint as clock_ms, (extract(epoch from u.chip_time) * 1000)::bigint as chip_ms,
            u.overall_place, p.provider_participant_id as participant_key
     from unified_results u join results r on r.id = u.result_id join races rc on rc.id = u.race_id
     left join participants p on p.id = u.participant_id
     where u.timing_partner_id = $1 order by r.provider_result_id`, [partnerId]);
  const expectedFinishes = started.flatMap((race) => expectedResults(sandbox.world, race).map((r) => ({ race, r }))).filter(({ r }) => !skip.has(r.providerResultId));
  const person = (race: WorldRace, key: string) => expectedParticipants(sandbox.world, race).find((p) => p.providerParticipantId === key)!;
  assert.deepEqual(resultRows, sortBy(expectedFinishes, ({ r }) => r.providerResultId).map(({ race, r }) => ({
    provider_result_id: r.providerResultId, provider_race_id: raceIdOf(race), result_set: race.name, bib: r.bib, status: r.status,
    first_name: person(race, r.providerResultId).firstName, last_name: person(race, r.providerResultId).lastName,
    clock_ms: r.clockTime === null ? null : ms(timeOf(race, r.providerResultId, 'clock')),
    chip_ms: r.chipTime === null ? null : ms(timeOf(race, r.providerResultId, 'chip')),
    overall_place: null,
    // unified_results links a result to its participant by (race, bib): the athlete itself.
    participant_key: r.bib === null ? null : r.providerResultId,
  })));

  const splitRows = await db.query(
    `select r.provider_result_id, s.split_name, s.split_order, s.distance_m::float8 as distance_m,
            (extract(epoch from s.clock_time) * 1000)::bigint as clock_ms, (extract(epoch from s.chip_time) * 1000)::bigint as chip_ms
     from unified_splits s join result_splits rs on rs.id = s.split_id join results r on r.id = rs.result_id
     where s.timing_partner_id = $1 order by r.provider_result_id, s.split_order`, [partnerId]);
  const expectedSplits = started.flatMap((race) => sandbox.world.results(race).finished.concat(sandbox.world.results(race).unfinished)
    .filter((view) => !skip.has(participantIdOf(race, view.registration.id)))
    .flatMap((view) => view.splits.map((s) => ({
      provider_result_id: participantIdOf(race, view.registration.id), split_name: s.split.name, split_order: s.split.order, distance_m: s.split.metres,
      clock_ms: ms(s.clock), chip_ms: ms(s.chip ?? s.clock),
    }))));
  assert.deepEqual(splitRows, [...expectedSplits].sort((a, b) => a.provider_result_id.localeCompare(b.provider_result_id) || a.split_order - b.split_order));

  function timeOf(race: WorldRace, key: string, which: 'clock' | 'chip'): number | null {
    const view = sandbox.world.results(race).finished.find((v) => participantIdOf(race, v.registration.id) === key)!;
    return which === 'clock' ? view.clock : (view.chip ?? view.clock);
  }
}

async function changesOf(db: Database, runIds: number[], entity: 'participant' | 'result', kind: string): Promise<string[]> {
  const table = entity === 'participant' ? 'participants' : 'results';
  const column = entity === 'participant' ? 'provider_participant_id' : 'provider_result_id';
  const rows = await db.query<{ key: string }>(
    `select x.${column} as key from changes c join ${table} x on x.id = c.entity_id
     where c.entity = $1 and c.kind = $2 and c.run_id = any($3::bigint[]) order by 1`, [entity, kind, runIds]);
  return rows.map((r) => r.key);
}

for (const engine of testEngines()) {
  describe(`Copernico end to end through the engine (${engine.name})`, () => {
    let db: Database;
    let sandbox: Sandbox;
    let fixture: CopernicoSync;
    let upcoming: WorldRace;
    let past: WorldRace;
    let broken: WorldRace;
    let corrupted: string;

    before(async () => {
      db = await engine.open();
      sandbox = await startCopernico({ eventsPerPartner: { runsignup: 2, raceroster: 2, haku: 0 }, registrationsPerRace: 30, pastShare: 0.5 });
      const events = racesOf(sandbox);
      upcoming = events.find((e) => !e.past)!.races.find((r) => sandbox.world.registrationsWith(r, 'active').some((x) => x.bib === null))!;
      past = events.filter((e) => e.past).flatMap((e) => e.races).find((r) => sandbox.world.results(r).unfinished.some((v) => v.status === 'dnf'))!;
      assert.ok(upcoming && past, 'the world has an upcoming race with bibless athletes and a past race with a DNF');
      // A participant of a third race, rendered broken. (Not in the races the changes go to: a read
      // with a record set aside proves no absence, so it would hold their withdrawals.)
      broken = events.flatMap((e) => e.races).find((r) => r !== upcoming && r !== past && r.start * 1000 > sandbox.clock.now().getTime())!;
      const victim = sandbox.world.registrationsWith(broken, 'active').find((r) => r.bib !== null)!;
      corrupted = participantIdOf(broken, victim.id);
      await admin(sandbox, 'corrupt', { registrations: [victim.id], field: 'events', mode: 'wrong_type' });
      fixture = await setUpCopernicoSync(db, sandbox, { pageSize: 7 });
    });
    after(async () => {
      await sandbox?.close();
      await db?.close();
    });

    it('a first sync stores events, races, participants, results and splits exactly as the world has them', async () => {
      const reports = [...(await fixture.sync()), ...(await fixture.sync({ results: true }))];
      assert.deepEqual(reports.filter((r) => r.status !== 'succeeded').map((r) => [r.kind, r.error]), []);
      await checkViews(db, sandbox, fixture.partnerId, new Set([corrupted]));
      const [garbled] = await db.query<{ n: number }>(
        "select count(*)::int as n from participants where provider = 'copernico' and raw->>'name' <> first_name and convert_from(convert_to(first_name, 'UTF8'), 'LATIN1') = raw->>'name'");
      assert.ok(garbled!.n > 0, 'mojibake names were served, stored repaired, and kept as served in raw');
      const rejects = await db.query<{ reason: string; raw: { id: string } }>('select reason, raw from rejects where timing_partner_id = $1', [fixture.partnerId]);
      assert.deepEqual(rejects.map((r) => [r.reason, r.raw.id]), [
        [`invalid athlete ${athleteIdOf(broken, Number(corrupted.split('-').at(-1)))} of event ${broken.name}: events: Invalid input: expected array, received string`, corrupted.split('/')[1]],
      ]);
    });

    it('a second sync after changes at the provider stores exactly them, and its calls are counted', async () => {
      const people = sandbox.mutate({ race: upcoming.id, register: 3, assignBibs: 2, changeBibs: 2, edit: 2, remove: 2 });
      const times = sandbox.mutate({ race: past.id, correctTimes: 1, dnfToFinish: 1, withdrawResults: 1 });
      assert.equal(times.dnfToFinish.length, 1);
      const before = sandbox.callCount('copernico');
      const reports = [...(await fixture.sync()), ...(await fixture.sync({ results: true }))];
      const calls = sandbox.callCount('copernico') - before;
      assert.deepEqual(reports.filter((r) => r.status !== 'succeeded').map((r) => [r.kind, r.error]), []);
      await checkViews(db, sandbox, fixture.partnerId, new Set([corrupted]));

      // `p88 sync` and `p88 sync --results` each begin with discovery (one race document per race);
      // then one athletes call per race for participants, and one per started race for results.
      const events = racesOf(sandbox);
      const races = events.flatMap((e) => e.races);
      const started = races.filter((r) => r.start * 1000 <= sandbox.clock.now().getTime());
      assert.deepEqual({ calls, events: events.length, races: races.length, started: started.length },
        { calls: 2 * events.length + races.length + started.length, events: events.length, races: races.length, started: started.length });

      const runIds = reports.flatMap((r) => (r.runId === null ? [] : [r.runId]));
      const key = (race: WorldRace) => (id: number) => participantIdOf(race, id);
      const raceOfRegistration = (id: number) => events.flatMap((e) => e.races).find((r) => sandbox.world.registration(r, id))!;
      const sorted = (keys: string[]) => [...keys].sort();
      // A registration made and removed between two syncs was never seen: neither created nor deleted.
      const registered = people.register.filter((id) => !people.remove.includes(id));
      assert.deepEqual(await changesOf(db, runIds, 'participant', 'created'),
        sorted([...registered.map(key(upcoming)), ...people.transfers.map((t) => participantIdOf(raceOfRegistration(t.newRegistrationId), t.newRegistrationId))]));
      assert.deepEqual(await changesOf(db, runIds, 'participant', 'bib_assigned'), sorted(people.assignBibs.map(key(upcoming))));
      assert.deepEqual(await changesOf(db, runIds, 'participant', 'bib_changed'), sorted(people.changeBibs.map(key(upcoming))));
      assert.deepEqual(await changesOf(db, runIds, 'participant', 'deleted'), sorted(people.remove.filter((id) => !people.register.includes(id)).map(key(upcoming))));
      // Updated: the bib changes and name edits — and athletes whose times changed, since the athlete
      // document (the participant's raw payload, kept as served) carries its times too.
      const updated = await changesOf(db, runIds, 'participant', 'updated');
      for (const id of [...people.assignBibs, ...people.changeBibs]) assert.ok(updated.includes(key(upcoming)(id)));
      const mayUpdate = [...[...people.assignBibs, ...people.changeBibs, ...people.edit].map(key(upcoming)), ...[...times.correctTimes, ...times.dnfToFinish, ...times.withdrawResults].map(key(past))];
      assert.ok(updated.every((k) => mayUpdate.includes(k)), updated.join());
      assert.deepEqual(await changesOf(db, runIds, 'result', 'result_corrected'), sorted([...times.correctTimes, ...times.dnfToFinish].map(key(past))));
      assert.deepEqual(await changesOf(db, runIds, 'result', 'deleted'), sorted(times.withdrawResults.map(key(past))));
      assert.deepEqual(await changesOf(db, runIds, 'result', 'result_posted'), []);
    });
  });
}
