import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CanonicalParticipant, CanonicalResult } from '../../../src/model/canonical.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { WorldRace } from '../../../src/sandbox/world/index.js';
import { adapterFor, admin, collectPages, queryOf, raceIdOf, racesOf, recordsOf, servedAthletes, startCopernico } from './helpers.js';
import { athleteIdOf, expectedParticipants, expectedResults, participantIdOf } from './truth.js';

const pick = (p: CanonicalParticipant) => ({
  providerParticipantId: p.providerParticipantId, providerRaceId: p.providerRaceId, bib: p.bib, chip: p.chip, firstName: p.firstName,
  lastName: p.lastName, gender: p.gender, birthdate: p.birthdate, teamName: p.teamName,
});
const pickResult = (r: CanonicalResult) => ({
  providerResultId: r.providerResultId, bib: r.bib, status: r.status, clockTime: r.clockTime, chipTime: r.chipTime, splits: r.splits,
});
const byId = <T extends { providerParticipantId: string }>(rows: T[]) => [...rows].sort((a, b) => a.providerParticipantId.localeCompare(b.providerParticipantId));

describe('Copernico streams against the sandbox skin', () => {
  let sandbox: Sandbox;
  let race: WorldRace;
  let pastRace: WorldRace;

  before(async () => {
    sandbox = await startCopernico({ eventsPerPartner: { runsignup: 4, raceroster: 2, haku: 0 }, registrationsPerRace: 60, pastShare: 0.5 });
    const events = racesOf(sandbox);
    race = events.find((e) => !e.past)!.races[0]!;
    pastRace = events.filter((e) => e.past).flatMap((e) => e.races).find((r) => sandbox.world.results(r).unfinished.length >= 2)!;
    assert.ok(race && pastRace, 'the world has an upcoming race and a past one with DNF/DNS/DQ');
  });
  after(() => sandbox.close());

  describe('discoverEvents', () => {
    it('maps each configured race to an event and its events to races, one page per race', async () => {
      const pages = await collectPages(adapterFor(sandbox).discoverEvents({ includePast: true, now: new Date() }));
      const events = racesOf(sandbox);
      assert.deepEqual(pages.map((p) => p.resumeAfter), [...events.map((_, i) => String(i + 1)).slice(0, -1), null]);
      assert.deepEqual(pages.flatMap((p) => p.rejects), []);
      assert.deepEqual(
        recordsOf(pages).map((e) => ({ ...e, raw: undefined, races: e.races.map((r) => ({ ...r, raw: undefined })) })),
        events.map((event) => ({
          providerEventId: event.ids.copernico,
          name: event.name,
          startTime: new Date(event.start * 1000),
          timeZone: event.timeZone,
          city: event.city.city,
          region: null,
          country: event.city.countryCode,
          providerModifiedAt: null,
          raw: undefined,
          races: event.races.map((r) => ({
            providerRaceId: `${event.ids.copernico}/${r.name}`, name: r.name, startTime: new Date(r.start * 1000), distance: `${r.distance.metres} m`,
            providerModifiedAt: null, raw: undefined,
          })),
        })),
      );
      const first = recordsOf(pages)[0]!;
      assert.equal((first.raw as { id: string }).id, events[0]!.ids.copernico, 'the race document is kept as served');
      assert.equal((first.races[0]!.raw as { name: string }).name, events[0]!.races[0]!.name);
    });

    it("sets aside a race of another partner (403) and an unknown one (404), and reads the rest", async () => {
      const theirs = racesOf(sandbox, 2)[0]!.ids.copernico!;
      const mine = racesOf(sandbox)[0]!.ids.copernico!;
      const pages = await collectPages(adapterFor(sandbox, { settings: { raceIds: [theirs, 'no-such-race-2025', mine] } }).discoverEvents({ includePast: true, now: new Date() }));
      assert.deepEqual(recordsOf(pages).map((e) => e.providerEventId), [mine]);
      assert.deepEqual(pages.flatMap((p) => p.rejects).map((r) => [r.reason, r.raw]), [
        [`race ${theirs}: Copernico GET /${theirs}: HTTP 403 (Forbidden)`, { raceId: theirs }],
        ['race no-such-race-2025: Copernico GET /no-such-race-2025: HTTP 404 (race no-such-race-2025 not found)', { raceId: 'no-such-race-2025' }],
      ]);
    });

    it('yields one empty page when no race is configured', async () => {
      const pages = await collectPages(adapterFor(sandbox, { settings: { raceIds: [] } }).discoverEvents({ includePast: true, now: new Date() }));
      assert.deepEqual(pages, [{ records: [], rejects: [], resumeAfter: null }]);
    });
  });

  describe('participants', () => {
    it('streams the event in pages of pageSize, each resumable at its last athlete, and matches the world', async () => {
      const pages = await collectPages(adapterFor(sandbox, { settings: { pageSize: 7 } }).participants(queryOf(race)));
      const expected = expectedParticipants(sandbox.world, race);
      const sizes = pages.map((p) => p.records.length + p.rejects.length);
      assert.deepEqual(sizes, [...Array(Math.floor((expected.length - 1) / 7)).fill(7), ((expected.length - 1) % 7) + 1]);
      const served = await servedAthletes(sandbox, race);
      pages.slice(0, -1).forEach((page, i) => assert.equal(page.resumeAfter, `${i * 7 + 6}:${served[i * 7 + 6].id}`));
      assert.equal(pages.at(-1)!.resumeAfter, null);
      assert.deepEqual(byId(recordsOf(pages).map(pick)), byId(expected));
    });

    it('repairs mojibake names, keeps correct ones, and keeps the raw athlete as served', async () => {
      const records = recordsOf(await collectPages(adapterFor(sandbox).participants(queryOf(race))));
      const garbled = records.filter((r) => (r.raw as { name: string }).name !== r.firstName);
      assert.ok(garbled.length > 0, 'some athletes arrive as mojibake');
      for (const record of garbled) {
        const raw = record.raw as { name: string; surname: string };
        assert.equal(Buffer.from(record.firstName!, 'utf8').toString('latin1'), raw.name);
        assert.match(raw.name + raw.surname, /Ã|Â|Å/);
      }
      const served = await servedAthletes(sandbox, race);
      assert.deepEqual(records.map((r) => r.raw), served);
    });

    it('needs no trailing empty page when the event fills its last page exactly', async () => {
      const count = expectedParticipants(sandbox.world, race).length;
      const pages = await collectPages(adapterFor(sandbox, { settings: { pageSize: count } }).participants(queryOf(race)));
      assert.deepEqual(pages.map((p) => [p.records.length, p.resumeAfter]), [[count, null]]);
    });

    it('rejects a malformed athlete with the field and its raw document, and keeps the rest of the page', async () => {
      const [victim] = sandbox.world.registrationsWith(race, 'active').slice(3, 4);
      await admin(sandbox, 'corrupt', { registrations: [victim!.id], field: 'events.0.dorsal', mode: 'wrong_type' });
      try {
        const pages = await collectPages(adapterFor(sandbox, { settings: { pageSize: 10 } }).participants(queryOf(race)));
        const [reject, ...more] = pages.flatMap((p) => p.rejects);
        assert.equal(more.length, 0);
        assert.equal(reject!.reason, `invalid athlete ${athleteIdOf(race, victim!.id)} of event ${race.name}: events.0.dorsal: Invalid input`);
        assert.equal((reject!.raw as { id: string }).id, athleteIdOf(race, victim!.id));
        assert.equal(pages[0]!.records.length, 9, 'the rest of its page is kept');
        assert.equal(recordsOf(pages).length, expectedParticipants(sandbox.world, race).length - 1);
      } finally {
        await admin(sandbox, 'corrupt', {}, 'DELETE');
      }
    });

    it('resumes after a checkpoint with exactly the athletes after it', async () => {
      const adapter = adapterFor(sandbox, { settings: { pageSize: 5 } });
      const all = recordsOf(await collectPages(adapter.participants(queryOf(race))));
      const [first, second] = await collectPages(adapter.participants(queryOf(race)));
      const rest = recordsOf(await collectPages(adapter.participants(queryOf(race, second!.resumeAfter))));
      assert.deepEqual([...first!.records, ...second!.records, ...rest].map((r) => r.providerParticipantId), all.map((r) => r.providerParticipantId));
    });

    it('reads the list from its start when the athlete at the checkpoint is no longer there', async () => {
      const adapter = adapterFor(sandbox, { settings: { pageSize: 5 } });
      const [first] = await collectPages(adapter.participants(queryOf(race)));
      const gone = first!.records[4]!.providerParticipantId;
      const registration = sandbox.world.registrationsWith(race, 'active').find((r) => participantIdOf(race, r.id) === gone)!;
      // A removal is a world change; rather than hunt for a mutation that removes exactly this one,
      // the checkpoint names another athlete at that index.
      const moved = `${first!.resumeAfter!.split(':')[0]}:${athleteIdOf(race, registration.id)}-renamed`;
      const again = recordsOf(await collectPages(adapter.participants(queryOf(race, moved))));
      assert.equal(again.length, expectedParticipants(sandbox.world, race).length);
    });

    it('an empty list (the empty_page fault) is one empty, final page', async () => {
      sandbox.injectFault({ kind: 'empty_page', pathPattern: '/athletes$' });
      const pages = await collectPages(adapterFor(sandbox).participants(queryOf(race)));
      assert.deepEqual(pages, [{ records: [], rejects: [], resumeAfter: null }]);
    });
  });

  describe('results', () => {
    it('maps finishes, DNF, DNS and DQ with interval times and splits, as the world has them', async () => {
      const pages = await collectPages(adapterFor(sandbox, { settings: { pageSize: 9 } }).results!(queryOf(pastRace)));
      assert.deepEqual(pages.flatMap((p) => p.rejects), []);
      const records = recordsOf(pages);
      const expected = expectedResults(sandbox.world, pastRace);
      assert.deepEqual(records.map(pickResult).sort((a, b) => a.providerResultId.localeCompare(b.providerResultId)), expected);
      assert.deepEqual(new Set(records.map((r) => r.status)), new Set(expected.map((r) => r.status)));
      assert.ok(expected.some((r) => r.status !== 'finished'));
      for (const record of records) {
        assert.equal(record.resultSet, pastRace.name);
        assert.equal(record.providerRaceId, raceIdOf(pastRace));
        assert.equal(record.overallPlace, null, 'the skin serves no rankings');
      }
    });

    it('a withdrawn result is no result by default, and a DNF with withdrawn: "dnf"', async () => {
      const summary = await admin(sandbox, 'mutate', { raceId: pastRace.event.ids.copernico, eventName: pastRace.name, withdrawResults: 1 });
      const withdrawn = participantIdOf(pastRace, summary.withdrawResults[0]);
      const ids = recordsOf(await collectPages(adapterFor(sandbox).results!(queryOf(pastRace)))).map((r) => r.providerResultId);
      assert.ok(!ids.includes(withdrawn));
      const asDnf = recordsOf(await collectPages(adapterFor(sandbox, { settings: { withdrawn: 'dnf' } }).results!(queryOf(pastRace))));
      assert.equal(asDnf.find((r) => r.providerResultId === withdrawn)?.status, 'dnf');
    });

    it('an upcoming race has no results yet: every athlete is "notstarted"', async () => {
      const pages = await collectPages(adapterFor(sandbox).results!(queryOf(race)));
      assert.deepEqual(pages, [{ records: [], rejects: [], resumeAfter: null }]);
      const dns = recordsOf(await collectPages(adapterFor(sandbox, { settings: { unstarted: 'dns' } }).results!(queryOf(race))));
      assert.equal(dns.length, expectedParticipants(sandbox.world, race).length);
      assert.ok(dns.every((r) => r.status === 'dns' && r.clockTime === null && r.splits!.length === 0));
    });
  });
});
