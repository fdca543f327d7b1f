import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { CanonicalResult } from '../../../src/model/canonical.js';
import { athleteDoc, startCopernicoFixture, type CopernicoFixture } from './fixture-server.js';
import { adapterFor, collectPages, recordsOf } from './helpers.js';

const RESULTS_QUERY = { providerEventId: 'race-1', providerRaceId: 'race-1/10K' };
const PARTICIPANTS_QUERY = { providerEventId: 'race-1', providerRaceIds: ['race-1/10K'] };

/**
 * Shapes and values the skin never serves, on a fixture server: providers.md §5.3 lists them (K5's
 * `{data, gunTime}` wrapper and status words, K2's `mixed`) or leaves them open (`rankings`).
 */
describe('Copernico athlete shapes beyond the skin', () => {
  let fixture: CopernicoFixture;
  before(async () => { fixture = await startCopernicoFixture(); });
  after(() => fixture.close());
  beforeEach(() => fixture.routes.clear());

  const serve = (body: unknown) => fixture.routes.set('/race-1/athletes', { body });
  const results = async (settings: Record<string, unknown> = {}) => collectPages(adapterFor(fixture, { settings }).results!(RESULTS_QUERY));

  it('reads {data, gunTime} and keeps clock times relative to a late gun, as served', async () => {
    // The gun went off 4 minutes after the scheduled start; times count from the gun.
    serve({ gunTime: 1759647840000, data: [athleteDoc('A-1')] });
    const [result] = recordsOf(await results());
    assert.deepEqual([result!.clockTime, result!.chipTime], ['00:37:55', '00:37:45.250']);
    assert.deepEqual(result!.splits, [{ name: '5K', order: 1, distanceM: 5000, clockTime: '00:18:50', chipTime: '00:18:40.500' }]);
    assert.equal(fixture.requests.at(-1)!.url.searchParams.get('event'), '10K');
  });

  it('maps status words: retired and abandoned → dnf, disqualified/dsq → dq, dns; a status-less finisher is finished', async () => {
    const noFinish = { '5K': { order: 1, distance: 5000, time: 1_130_000, netTime: 1_120_500 } };
    serve([
      athleteDoc('A-1', { status: 'retired', times: noFinish }),
      athleteDoc('A-2', { status: 'abandoned', times: noFinish }),
      athleteDoc('A-3', { status: 'disqualified' }),
      athleteDoc('A-4', { status: 'dsq', times: noFinish }),
      athleteDoc('A-5', { status: 'dns', times: {} }),
      athleteDoc('A-6', { status: 'notstarted' }),
      athleteDoc('A-7', { status: 'running', times: noFinish }),
      athleteDoc('A-8', { status: 'notstarted', times: {} }),
    ]);
    const statuses = (records: CanonicalResult[]) => records.map((r) => [r.providerResultId, r.status, r.clockTime]);
    assert.deepEqual(statuses(recordsOf(await results())), [
      ['race-1/A-1', 'dnf', null],
      ['race-1/A-2', 'dnf', null],
      ['race-1/A-3', 'dq', '00:37:55'],
      ['race-1/A-4', 'dq', null],
      ['race-1/A-5', 'dns', null],
      ['race-1/A-6', 'finished', '00:37:55'],
    ]);
    // With unstarted: dns, an athlete with no time at all and nothing said is a DNS; one on the course is still none.
    assert.deepEqual(statuses(recordsOf(await results({ unstarted: 'dns' }))).slice(6), [['race-1/A-8', 'dns', null]]);
  });

  it('reads places from rankings at the configured keys, directly, as {pos} or under the finish', async () => {
    serve([
      athleteDoc('A-1', { rankings: { general: 3, gender: { pos: 1 }, category: { position: '2' } } }),
      athleteDoc('A-2', { rankings: { Meta: { general: { pos: 7 }, gender: 4, category: 0 } } }),
      athleteDoc('A-3', { rankings: { overall: 9, sex: 5, cat: 1 } }),
      athleteDoc('A-4', { rankings: [] }),
    ]);
    const places = (records: CanonicalResult[]) => records.map((r) => [r.overallPlace, r.genderPlace, r.divisionPlace, r.division]);
    assert.deepEqual(places(recordsOf(await results())), [[3, 1, 2, 'Senior F'], [7, 4, null, 'Senior F'], [null, null, null, 'Senior F'], [null, null, null, 'Senior F']]);
    const keyed = recordsOf(await results({ rankingKeys: { overall: 'overall', gender: 'sex', category: 'cat' } }));
    assert.deepEqual(places(keyed)[2], [9, 5, 1, 'Senior F']);
  });

  it('rejects what cannot be a result, naming the field, and keeps the page', async () => {
    serve([
      athleteDoc('A-1', { status: 'finished', times: { '5K': { order: 1, distance: 5000, time: 1_130_000, netTime: 1_120_500 } } }),
      athleteDoc('A-2', { rankings: { general: 'first' } }),
      athleteDoc('A-3', { status: 'teleported' }),
      athleteDoc('A-4', { times: { Meta: { order: 2, distance: 10000, time: '37:55', netTime: 2_265_250 } } }),
      athleteDoc('A-5'),
    ]);
    const [page] = await results();
    assert.deepEqual(page!.records.map((r) => r.providerResultId), ['race-1/A-5']);
    assert.deepEqual(page!.rejects.map((r) => r.reason), [
      'invalid athlete A-1 of event 10K: status is finished but times.Meta has no time',
      'invalid athlete A-2 of event 10K: rankings.general: Invalid input',
      'invalid athlete A-3 of event 10K: events.0.status: not a known athlete status: "teleported"',
      'invalid athlete A-4 of event 10K: events.0.times.Meta.time: not a duration in milliseconds: "37:55"',
    ]);
    assert.deepEqual((page!.rejects[2]!.raw as { id: string }).id, 'A-3');
  });

  it('a custom finish name makes "Meta" an ordinary split', async () => {
    serve([athleteDoc('A-1', { times: { '5K': { order: 1, distance: 5000, time: 1_130_000, netTime: 1_120_500 }, Finish: { order: 2, distance: 10000, time: 2_275_000, netTime: 2_265_250 } } })]);
    const [result] = recordsOf(await results({ finishSplit: 'Finish' }));
    assert.deepEqual([result!.status, result!.clockTime, result!.splits!.map((s) => s.name)], ['finished', '00:37:55', ['5K']]);
  });

  it('maps participant values: Male/mixed genders, a chip as text, the entry of this event among several, the club for a team', async () => {
    const other = { ...athleteDoc('x').events[0], event: '21K', dorsal: '9' };
    serve([
      athleteDoc('A-1', { chip: 'C-77' }, { gender: 'Male' }),
      athleteDoc('A-2', { team: 'Equipo Ñ', dorsal: '' }, { gender: 'mixed', birthdate: '' }),
      { ...athleteDoc('A-3', { dorsal: 88 }, { gender: '' }), events: [other, { ...athleteDoc('x').events[0], dorsal: 88 }] },
    ]);
    const records = recordsOf(await collectPages(adapterFor(fixture).participants(PARTICIPANTS_QUERY)));
    assert.deepEqual(records.map((r) => [r.providerParticipantId, r.providerRaceId, r.bib, r.chip, r.gender, r.birthdate, r.teamName]), [
      ['race-1/A-1', 'race-1/10K', '1024', 'C-77', 'M', '1990-04-02', 'Valencia Runners'],
      ['race-1/A-2', 'race-1/10K', null, 'chip_1024', 'X', null, 'Equipo Ñ'],
      ['race-1/A-3', 'race-1/10K', '88', 'chip_1024', null, '1990-04-02', 'Valencia Runners'],
    ]);
  });

  it('rejects an element that is not JSON (its text kept) and an athlete with no entry for the event', async () => {
    const good = JSON.stringify(athleteDoc('A-1'));
    const noEntry = JSON.stringify({ ...athleteDoc('A-2'), events: [{ ...athleteDoc('x').events[0], event: '21K' }, { ...athleteDoc('x').events[0], event: '42K' }] });
    fixture.routes.set('/race-1/athletes', { body: `[${good},{"id":"A-9","name":},${noEntry}]` });
    const [page] = await collectPages(adapterFor(fixture).participants(PARTICIPANTS_QUERY));
    assert.deepEqual(page!.records.map((r) => r.providerParticipantId), ['race-1/A-1']);
    assert.match(page!.rejects[0]!.reason, /^invalid athlete #1 of event 10K: not JSON \(/);
    assert.equal(page!.rejects[0]!.raw, '{"id":"A-9","name":}');
    assert.equal(page!.rejects[1]!.reason, 'invalid athlete A-2 of event 10K: events: no entry for this event');
  });
});

describe('Copernico race documents beyond the skin', () => {
  let fixture: CopernicoFixture;
  before(async () => { fixture = await startCopernicoFixture(); });
  after(() => fixture.close());

  const discover = async (doc: unknown) => {
    fixture.routes.set('/race-1', { body: doc });
    const [page] = await collectPages(adapterFor(fixture, { settings: { raceIds: 'race-1' } }).discoverEvents({ includePast: true, now: new Date() }));
    return page!;
  };

  it('starts a race with only a date at local midnight, with date precision', async () => {
    const page = await discover({ id: 'race-1', name: 'Carrera', date: '2025-10-05', timezone: 'Europe/Madrid', events: [{ name: '10K', distance: 10000 }] });
    const [event] = page.records;
    assert.deepEqual([event!.startTime, event!.startTimePrecision, event!.races[0]!.startTime], [new Date('2025-10-04T22:00:00Z'), 'date', null]);
  });

  it("starts at the first event's start when the race has none; ISO times are read too", async () => {
    const page = await discover({ name: 'Carrera', events: [{ name: '21K', startTime: '2025-10-05T09:30:00+02:00' }, { name: '10K', startTime: 1759647600000 }] });
    assert.deepEqual(page.records[0]!.startTime, new Date('2025-10-05T07:00:00Z'));
    assert.equal(page.records[0]!.startTimePrecision, undefined);
  });

  it('repairs mojibake in the names shown, and keeps an event name as served in its id (its address)', async () => {
    const garble = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    const page = await discover({ name: garble('Maratón de Málaga'), location: garble('Málaga'), startTime: 1759647600000, events: [{ name: garble('Maratón') }] });
    const [event] = page.records;
    assert.deepEqual([event!.name, event!.city, event!.races[0]!.name, event!.races[0]!.providerRaceId], ['Maratón de Málaga', 'Málaga', 'Maratón', `race-1/${garble('Maratón')}`]);
  });

  it('rejects a bad event or a repeated event name and keeps the race; rejects a race with a bad zone', async () => {
    const page = await discover({ name: 'Carrera', startTime: 1759647600000, events: [{ name: '10K', distance: '10 km' }, { name: '5K' }, { name: '5K', distance: 5000 }] });
    assert.deepEqual(page.records[0]!.races.map((r) => r.providerRaceId), ['race-1/5K']);
    assert.deepEqual(page.rejects.map((r) => r.reason), [
      'invalid event 0 of race race-1: distance: not a distance in metres: "10 km"',
      'event 2 of race race-1: its name "5K" repeats an earlier event\'s',
    ]);
    const zone = await discover({ name: 'Carrera', timezone: 'Europe/Atlantis', events: [] });
    assert.deepEqual([zone.records.length, zone.rejects[0]!.reason], [0, 'invalid race race-1: timezone: not an IANA time zone']);
  });
});
