import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../src/errors.js';
import type { CanonicalParticipant, CanonicalResult } from '../../../src/model/canonical.js';
import { GET_RESULTS_SAMPLE, PARTICIPANTS_SAMPLE, RACE_DETAIL_SAMPLE, RACES_SAMPLE, REMOVED_PARTICIPANTS_SAMPLE, RESULT_SETS_SAMPLE } from './fixture-samples.js';
import { startRunSignupFixture, type FixtureOptions, type RunSignupFixture } from './fixture-server.js';
import { adapterFor, collectPages, requestsTo } from './helpers.js';

const MARGIE = PARTICIPANTS_SAMPLE[0]!.participants[0]!;
const PARTICIPANTS_QUERY = { providerEventId: '1', providerRaceIds: ['12890'] };

/** Runs `body` against a fresh fixture and always closes it. */
async function withFixture(options: FixtureOptions, body: (fixture: RunSignupFixture) => Promise<void>): Promise<void> {
  const fixture = await startRunSignupFixture(options);
  try {
    await body(fixture);
  } finally {
    await fixture.close();
  }
}

describe('discoverEvents', () => {
  let fixture: RunSignupFixture;
  before(async () => { fixture = await startRunSignupFixture(); });
  after(() => fixture.close());

  it('maps races to events and their events to races, in the right zones', async () => {
    const pages = await collectPages(adapterFor(fixture).discoverEvents({ includePast: false, now: new Date('2019-01-01T12:00:00Z') }));
    assert.equal(pages.length, 1);
    const [page] = pages;
    assert.equal(page!.resumeAfter, null);
    assert.deepEqual(page!.rejects, []);
    const sample = page!.records.find((event) => event.providerEventId === '1')!;
    assert.deepEqual(sample, {
      providerEventId: '1',
      name: 'Sample Race',
      startTime: new Date('2019-03-20T14:00:00.000Z'),
      timeZone: 'America/Chicago',
      city: 'DE',
      region: 'AZ',
      country: 'US',
      providerModifiedAt: new Date('2019-01-11T06:58:00.000Z'), // "1/11/2019 01:58" Eastern
      raw: RACE_DETAIL_SAMPLE.race,
      races: [{
        providerRaceId: '1',
        name: '5K',
        startTime: new Date('2019-03-20T14:00:00.000Z'),
        distance: '5K',
        providerModifiedAt: null,
        raw: RACE_DETAIL_SAMPLE.race.events[0],
      }],
    });
    const chilly = page!.records.find((event) => event.providerEventId === '16404')!;
    assert.equal(chilly.name, 'Chilly Cheeks 10 Mile, 5 Mile, 5K');
    assert.equal(chilly.city, 'Sioux Falls');
    assert.deepEqual(chilly.providerModifiedAt, new Date('2018-04-14T22:20:00.000Z'));
    assert.deepEqual(chilly.races.map((race) => [race.providerRaceId, race.startTime?.toISOString()]), [['123456', '2019-04-06T13:00:00.000Z']]);
  });

  it('asks for partner races from today with events, then future events per race', async () => {
    fixture.requests.length = 0;
    await collectPages(adapterFor(fixture).discoverEvents({ includePast: false, now: new Date('2024-05-01T23:30:00Z') }));
    const [list] = requestsTo(fixture, '/races');
    assert.equal(list!.searchParams.get('events'), 'T');
    assert.equal(list!.searchParams.get('results_per_page'), '1000');
    assert.equal(list!.searchParams.get('page'), '1');
    assert.equal(list!.searchParams.get('only_partner_races'), 'T');
    assert.equal(list!.searchParams.get('start_date'), '2024-05-01');
    assert.equal(list!.searchParams.get('format'), 'json');
    assert.equal(list!.searchParams.has('partner_id'), false);
    const details = fixture.requests.filter((url) => /\/race\/\d+$/.test(url.pathname));
    assert.deepEqual(details.map((url) => url.pathname), ['/Rest/race/16404', '/Rest/race/1']);
    assert.ok(details.every((url) => url.searchParams.get('future_events_only') === 'T'));
  });

  it('pages /races until a short page and reads all years when includePast', async () => {
    fixture.requests.length = 0;
    const adapter = adapterFor(fixture, { settings: { racesPageSize: 1, partnerId: 77 } });
    const pages = await collectPages(adapter.discoverEvents({ includePast: true, now: new Date('2024-05-01T00:00:00Z') }));
    assert.deepEqual(pages.map((page) => [page.records.map((event) => event.providerEventId), page.resumeAfter]), [
      [['16404'], '2'],
      [['1'], '3'],
      [[], null],
    ]);
    const lists = requestsTo(fixture, '/races');
    assert.deepEqual(lists.map((url) => url.searchParams.get('page')), ['1', '2', '3']);
    assert.ok(lists.every((url) => !url.searchParams.has('start_date') && url.searchParams.get('partner_id') === '77'));
    const details = fixture.requests.filter((url) => /\/race\/\d+$/.test(url.pathname));
    assert.ok(details.every((url) => url.searchParams.get('most_recent_events_only') === 'F'));
  });

  it('starts a race without events at its next date, midnight in its zone', async () => {
    fixture.respondNext(
      { status: 200, body: { races: [{ race: { race_id: 1 } }] } },
      { status: 200, body: { race: { ...RACE_DETAIL_SAMPLE.race, events: [] } } },
    );
    const [page] = await collectPages(adapterFor(fixture).discoverEvents({ includePast: true, now: new Date() }));
    assert.deepEqual(page!.records[0]!.startTime, new Date('2019-03-20T05:00:00.000Z'));
    assert.deepEqual(page!.records[0]!.races, []);
  });

  it('rejects a race whose detail is invalid, with the reason and raw JSON, and keeps the page', async () => {
    const broken = { race: { ...RACE_DETAIL_SAMPLE.race, timezone: 'Mars/Olympus_Mons' } };
    fixture.respondNext({ status: 200, body: RACES_SAMPLE }, { status: 200, body: broken });
    const [page] = await collectPages(adapterFor(fixture).discoverEvents({ includePast: true, now: new Date() }));
    assert.equal(page!.records.length, 0);
    assert.equal(page!.rejects.length, 1);
    assert.match(page!.rejects[0]!.reason, /^invalid race 16404 detail: race\.timezone: not an IANA time zone$/);
    assert.deepEqual(page!.rejects[0]!.raw, broken);
  });

  it('rejects a race the key may not read (error 7) and goes on with the others', async () => {
    await withFixture({ deniedRaceIds: [16404] }, async (denied) => {
      const [page] = await collectPages(adapterFor(denied).discoverEvents({ includePast: true, now: new Date() }));
      assert.deepEqual(page!.records.map((event) => event.providerEventId), ['1']);
      assert.equal(page!.rejects.length, 1);
      assert.match(page!.rejects[0]!.reason, /^race 16404: .*error 7 \(Permission Denied\)/);
      assert.equal((page!.rejects[0]!.raw as { race_id: number }).race_id, 16404);
    });
  });
});

describe('participants', () => {
  const extra = { ...MARGIE, registration_id: 2645700, user: { ...MARGIE.user, first_name: 'Nina' }, last_modified: 1631100000 };
  let fixture: RunSignupFixture;
  before(async () => { fixture = await startRunSignupFixture({ extraParticipants: [extra] }); });
  after(() => fixture.close());

  it('maps the sample registration exactly', async () => {
    await withFixture({}, async (plain) => {
      const pages = await collectPages(adapterFor(plain).participants(PARTICIPANTS_QUERY));
      assert.equal(pages.length, 1);
      const expected: CanonicalParticipant = {
        providerParticipantId: '2645624',
        providerRaceId: '12890',
        bib: null,
        chip: null,
        firstName: 'Margie',
        lastName: 'Stephens',
        email: 'margie.stephens@example.com',
        gender: 'F',
        birthdate: '1986-01-06',
        age: 35,
        city: 'Moorestown',
        region: 'NJ',
        country: 'US',
        teamName: null,
        amountPaid: '57.75',
        registeredAt: new Date('2021-09-07T19:15:00.000Z'),
        providerModifiedAt: new Date(1631042122000),
        raw: MARGIE,
      };
      assert.deepEqual(pages[0], { records: [expected], rejects: [], resumeAfter: null });
      const [request] = requestsTo(plain, '/participants');
      assert.equal(request!.pathname, '/Rest/race/1/participants');
      assert.equal(request!.searchParams.get('event_id'), '12890');
      assert.equal(request!.searchParams.get('results_per_page'), '2500');
      assert.equal(request!.searchParams.get('sort'), 'registration_id ASC');
      assert.equal(request!.searchParams.has('after_registration_id'), false);
      assert.equal(request!.searchParams.has('modified_after_timestamp'), false);
    });
  });

  it('pages by registration id and stops on a short page', async () => {
    fixture.requests.length = 0;
    const adapter = adapterFor(fixture, { settings: { participantsPageSize: 1 } });
    const pages = await collectPages(adapter.participants({ ...PARTICIPANTS_QUERY, providerRaceIds: ['12890', '12891'] }));
    assert.deepEqual(pages.map((page) => [page.records.map((record) => record.firstName), page.resumeAfter]), [
      [['Margie'], '2645624'],
      [['Nina'], '2645700'],
      [[], null],
    ]);
    const requests = requestsTo(fixture, '/participants');
    assert.deepEqual(requests.map((url) => url.searchParams.get('after_registration_id')), [null, '2645624', '2645700']);
    assert.ok(requests.every((url) => url.searchParams.get('event_id') === '12890,12891' && url.searchParams.get('results_per_page') === '1'));
  });

  it('resumes after a checkpoint and sends modified_after_timestamp', async () => {
    fixture.requests.length = 0;
    const pages = await collectPages(adapterFor(fixture).participants({ ...PARTICIPANTS_QUERY, resumeAfter: '2645624', modifiedSince: 1631042123 }));
    assert.deepEqual(pages.map((page) => page.records.map((record) => record.providerParticipantId)), [['2645700']]);
    const [request] = requestsTo(fixture, '/participants');
    assert.equal(request!.searchParams.get('after_registration_id'), '2645624');
    assert.equal(request!.searchParams.get('modified_after_timestamp'), '1631042123');
  });

  it('rejects an invalid registration with its raw JSON and keeps the rest of the page', async () => {
    const badDob = { ...MARGIE, registration_id: 2645625, user: { ...MARGIE.user, dob: '1986-13-45' } };
    const badMoney = { ...MARGIE, registration_id: 2645626, amount_paid: 'abc' };
    await withFixture({ extraParticipants: [badDob, badMoney] }, async (mixed) => {
      const [page] = await collectPages(adapterFor(mixed).participants(PARTICIPANTS_QUERY));
      assert.deepEqual(page!.records.map((record) => record.providerParticipantId), ['2645624']);
      assert.equal(page!.rejects.length, 2);
      assert.match(page!.rejects[0]!.reason, /^invalid participant: user\.dob: not a real Y-m-d date: "1986-13-45"$/);
      assert.deepEqual(page!.rejects[0]!.raw, badDob);
      assert.match(page!.rejects[1]!.reason, /^invalid participant: amount_paid: not a money amount: "abc"$/);
      assert.deepEqual(page!.rejects[1]!.raw, badMoney);
    });
  });

  it('counts rejects towards a full page so paging still advances', async () => {
    const bad = { ...MARGIE, registration_id: 2645625, bib_num: { not: 'a bib' } };
    await withFixture({ extraParticipants: [bad] }, async (mixed) => {
      const pages = await collectPages(adapterFor(mixed, { settings: { participantsPageSize: 2 } }).participants(PARTICIPANTS_QUERY));
      assert.deepEqual(pages.map((page) => [page.records.length, page.rejects.length, page.resumeAfter]), [[1, 1, '2645625'], [0, 0, null]]);
    });
  });

  it('treats a block without a participants key as an empty page', async () => {
    fixture.respondNext({ status: 200, body: [{ event: { event_id: 12890, participants: [] } }] });
    const pages = await collectPages(adapterFor(fixture).participants(PARTICIPANTS_QUERY));
    assert.deepEqual(pages, [{ records: [], rejects: [], resumeAfter: null }]);
  });

  it('accepts a single block instead of an array', async () => {
    fixture.respondNext({ status: 200, body: PARTICIPANTS_SAMPLE[0] });
    const [page] = await collectPages(adapterFor(fixture).participants(PARTICIPANTS_QUERY));
    assert.deepEqual(page!.records.map((record) => record.amountPaid), ['57.75']);
  });

  it('refuses to loop when a full page does not move past the checkpoint', async () => {
    fixture.respondNext({ status: 200, body: PARTICIPANTS_SAMPLE });
    const stream = adapterFor(fixture, { settings: { participantsPageSize: 1 } }).participants({ ...PARTICIPANTS_QUERY, resumeAfter: '2645624' });
    await assert.rejects(collectPages(stream), (error: unknown) => error instanceof SyncError && error.errorClass === 'transient' && /did not advance/.test(error.message));
  });

  it('looks a bib up with one call', async () => {
    fixture.requests.length = 0;
    const page = await adapterFor(fixture).participantsByBib!(PARTICIPANTS_QUERY, '100');
    assert.equal(page.resumeAfter, null);
    assert.ok(page.records.length > 0);
    const requests = requestsTo(fixture, '/participants');
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.searchParams.get('search_bib'), '100');
  });
});

describe('removedParticipants', () => {
  const expected = {
    providerParticipantId: '2645629',
    providerRaceId: '12890',
    reason: 'removed',
    newProviderParticipantId: null,
    providerModifiedAt: new Date(1632405277000),
    raw: REMOVED_PARTICIPANTS_SAMPLE.event.participants[0],
  };

  for (const removedShape of ['object', 'array'] as const) {
    it(`maps the sample from the ${removedShape} shape`, async () => {
      await withFixture({ removedShape }, async (fixture) => {
        const pages = await collectPages(adapterFor(fixture).removedParticipants!({ ...PARTICIPANTS_QUERY, modifiedSince: 1632405000 }));
        assert.deepEqual(pages, [{ records: [expected], rejects: [], resumeAfter: null }]);
        const [request] = requestsTo(fixture, '/removed-participants');
        assert.equal(request!.searchParams.get('modified_after_timestamp'), '1632405000');
        assert.equal(request!.searchParams.get('sort'), 'registration_id ASC');
      });
    });
  }
});

describe('results', () => {
  const QUERY = { providerEventId: '1', providerRaceId: '1' };
  const [ROW_1, ROW_2] = GET_RESULTS_SAMPLE.individual_results_sets[0]!.results;
  let fixture: RunSignupFixture;
  before(async () => { fixture = await startRunSignupFixture(); });
  after(() => fixture.close());

  it('maps the sample rows exactly', async () => {
    fixture.requests.length = 0;
    const pages = await collectPages(adapterFor(fixture).results!(QUERY));
    assert.equal(pages.length, 1);
    const expected: CanonicalResult = {
      providerResultId: '900000001',
      providerRaceId: '1',
      resultSet: '691649',
      resultSetName: 'Frosh Girls (3rd-4th Grade)  Team Finish List-NVJCYO',
      bib: '100',
      firstName: 'Avery',
      lastName: 'Alpha',
      gender: 'F',
      age: null,
      clockTime: '00:08:27.42',
      chipTime: null,
      overallPlace: 1,
      genderPlace: null,
      divisionPlace: null,
      division: null,
      status: 'finished',
      raw: ROW_1,
    };
    assert.deepEqual(pages[0]!.records[0], expected);
    assert.deepEqual(pages[0]!.records.map((record) => [record.providerResultId, record.clockTime, record.overallPlace]), [
      ['900000001', '00:08:27.42', 1],
      ['900000002', '00:08:28.11', 2],
    ]);
    assert.equal(pages[0]!.resumeAfter, null);
    const [sets] = requestsTo(fixture, '/get-result-sets');
    assert.equal(sets!.searchParams.get('event_id'), '1');
    const [results] = requestsTo(fixture, '/get-results');
    assert.equal(results!.searchParams.get('individual_result_set_id'), '691649');
    assert.equal(results!.searchParams.get('page'), '1');
    assert.equal(results!.searchParams.get('results_per_page'), '1000');
  });

  it('pages with the configured page-size name and resumes inside a set', async () => {
    fixture.requests.length = 0;
    const adapter = adapterFor(fixture, { settings: { resultsPageSize: 1, resultsPageParam: 'num' } });
    const pages = await collectPages(adapter.results!(QUERY));
    assert.deepEqual(pages.map((page) => [page.records.map((record) => record.providerResultId), page.resumeAfter]), [
      [['900000001'], '691649:2'],
      [['900000002'], '691649:3'],
      [[], null],
    ]);
    assert.ok(requestsTo(fixture, '/get-results').every((url) => url.searchParams.get('num') === '1' && !url.searchParams.has('results_per_page')));

    fixture.requests.length = 0;
    const resumed = await collectPages(adapter.results!({ ...QUERY, resumeAfter: '691649:2' }));
    assert.deepEqual(resumed.map((page) => page.records.map((record) => record.providerResultId)), [['900000002'], []]);
    assert.equal(requestsTo(fixture, '/get-results')[0]!.searchParams.get('page'), '2');
  });

  it('takes gender and division places from columns named by their labels', async () => {
    const block = GET_RESULTS_SAMPLE.individual_results_sets[0]!;
    const rows = [
      { ...ROW_1, 'division-9554901-placement': 3, 'division-9554903-placement': 1 },
      { ...ROW_2, clock_time: 'DNF', place: null },
      { ...ROW_2, result_id: 900000003, clock_time: 'fast' },
    ];
    fixture.respondNext({ status: 200, body: RESULT_SETS_SAMPLE }, { status: 200, body: { individual_results_sets: [{ ...block, results: rows }] } });
    const [page] = await collectPages(adapterFor(fixture).results!(QUERY));
    const [placed, dnf] = page!.records;
    assert.deepEqual([placed!.genderPlace, placed!.divisionPlace, placed!.division], [1, 3, 'F 1-99']);
    assert.deepEqual([dnf!.status, dnf!.clockTime, dnf!.overallPlace], ['dnf', null, null]);
    assert.equal(page!.rejects.length, 1);
    assert.match(page!.rejects[0]!.reason, /clock_time: not a result time: "fast"/);
    assert.deepEqual(page!.rejects[0]!.raw, rows[2]);
  });

  it('treats {} and an event without results as one empty, finished page', async () => {
    fixture.respondNext({ status: 200, body: {} });
    assert.deepEqual(await collectPages(adapterFor(fixture).results!(QUERY)), [{ records: [], rejects: [], resumeAfter: null }]);
    assert.deepEqual(await collectPages(adapterFor(fixture).results!({ ...QUERY, providerRaceId: '99' })), [{ records: [], rejects: [], resumeAfter: null }]);
  });
});
