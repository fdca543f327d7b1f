import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../src/errors.js';
import type { CanonicalParticipant } from '../../../src/model/canonical.js';
import { createChronoTrackAdapter } from '../../../src/providers/chronotrack/index.js';
import { memoryTokenStore } from '../../../src/providers/http/token-auth.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { entryIdOf } from '../../../src/sandbox/skins/chronotrack/render.js';
import type { WorldEvent, WorldRace } from '../../../src/sandbox/world/index.js';
import { startCtFixture } from './fixture-server.js';
import { adapterFor, collectPages, futureEvents, idOf, recordingFetch, startWorld } from './helpers.js';
import { expectedParticipant } from './truth.js';


const withoutRaw = ({ raw: _raw, ...rest }: CanonicalParticipant) => rest;
const expectedOf = (sandbox: Sandbox, race: WorldRace) => sandbox.world.registrationsWith(race, 'active').map((r) => expectedParticipant(race, r));
const queryOf = (event: WorldEvent, races = event.races) => ({ providerEventId: idOf(event.ids.chronotrack), providerRaceIds: races.map((r) => idOf(r.ids.chronotrack)) });

describe('ChronoTrack entries against the sandbox', () => {
  let sandbox: Sandbox;
  let event: WorldEvent;
  before(async () => {
    sandbox = await startWorld({ registrationsPerRace: 130, racesPerEvent: 3 });
    event = futureEvents(sandbox)[0]!;
  });
  after(() => sandbox.close());

  it('reads one race from its own list, every value mapped, pages clamped at 100 and followed by the headers', async () => {
    const recorder = recordingFetch();
    const race = event.races[0]!;
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch, settings: { entriesPageSize: 1000 } }).participants(queryOf(event, [race])));
    const expected = expectedOf(sandbox, race);
    assert.ok(expected.length > 100);
    assert.deepEqual(pages.map((page) => page.records.length), [100, expected.length - 100]);
    assert.deepEqual(pages.map((page) => page.resumeAfter), ['2', null]);
    assert.deepEqual(pages.map((page) => page.total), [expected.length, expected.length], 'X-Ctlive-Row-Count on every page');
    assert.deepEqual(pages.flatMap((page) => page.records.map(withoutRaw)), expected);
    assert.ok(expected.some((p) => p.bib === null) || expected.every((p) => typeof p.bib === 'string'));
    const [first] = recorder.calls;
    assert.equal(first!.url.pathname, `/api/race/${race.ids.chronotrack}/entry`);
    assert.deepEqual(Object.fromEntries(['size', 'page', 'need_athlete_birthdate', 'contact_details', 'include_test_entries', 'format'].map((k) => [k, first!.url.searchParams.get(k)])), {
      size: '1000', page: '1', need_athlete_birthdate: 'true', contact_details: 'true', include_test_entries: 'false', format: 'json',
    });
  });

  it('reads several races of an event from the event list, with the event total', async () => {
    const recorder = recordingFetch();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch }).participants(queryOf(event)));
    const expected = event.races.flatMap((race) => expectedOf(sandbox, race));
    assert.deepEqual(pages.flatMap((page) => page.records.map(withoutRaw)), expected);
    assert.ok(pages.every((page) => page.total === expected.length));
    assert.equal(pages.length, Math.ceil(expected.length / 100));
    assert.ok(recorder.calls.every((call) => call.url.pathname === `/api/event/${event.ids.chronotrack}/entry`));
  });

  it('passes over the rows of races it was not asked for (no rejects), keeping the event\'s total', async () => {
    const asked = event.races.slice(0, 2);
    const pages = await collectPages(adapterFor(sandbox).participants(queryOf(event, asked)));
    assert.deepEqual(pages.flatMap((page) => page.records.map(withoutRaw)), asked.flatMap((race) => expectedOf(sandbox, race)));
    assert.deepEqual(pages.flatMap((page) => page.rejects), []);
    const eventTotal = event.races.reduce((n, race) => n + sandbox.world.activeCount(race), 0);
    assert.ok(pages.every((page) => page.total === eventTotal), 'the engine then sees fewer than the total and deletes nothing');
  });

  it('resumes at the page of its checkpoint', async () => {
    const recorder = recordingFetch();
    const race = event.races[0]!;
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch }).participants({ ...queryOf(event, [race]), resumeAfter: '2' }));
    assert.deepEqual(pages.flatMap((page) => page.records.map(withoutRaw)), expectedOf(sandbox, race).slice(100));
    assert.deepEqual(recorder.calls.map((call) => call.url.searchParams.get('page')), ['2']);
  });

  it('rejects a malformed entry with the field and its raw record, and keeps the rest of the page', async () => {
    const race = event.races[1]!;
    const [broken, blank] = sandbox.world.registrationsWith(race, 'active').slice(3, 5);
    const corrupt = (body: unknown) => fetch(`${sandbox.endpoint('chronotrack').origin}/_admin/corrupt`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    await corrupt({ registrations: [broken!.id] });
    await corrupt({ registrations: [blank!.id], field: 'athlete_birthdate', mode: 'wrong_type' });
    try {
      const pages = await collectPages(adapterFor(sandbox).participants(queryOf(event, [race])));
      const rejects = pages.flatMap((page) => page.rejects);
      assert.deepEqual(rejects.map((r) => r.reason), ['invalid entry: entry_id: expected a string', 'invalid entry: athlete_birthdate: expected a string']);
      assert.deepEqual((rejects[0]!.raw as Record<string, unknown>).entry_id, { value: String(entryIdOf(broken!.id)) });
      assert.equal((rejects[1]!.raw as Record<string, unknown>).entry_id, String(entryIdOf(blank!.id)));
      const ids = pages.flatMap((page) => page.records.map((p) => p.providerParticipantId));
      assert.equal(ids.length, expectedOf(sandbox, race).length - 2);
      assert.ok(!ids.includes(String(entryIdOf(blank!.id))));
    } finally {
      await fetch(`${sandbox.endpoint('chronotrack').origin}/_admin/corrupt`, { method: 'DELETE' });
    }
  });

  it('asks again for an empty page before the last one, or a repeated page, and gives up when it persists', async () => {
    const race = event.races[0]!;
    const expected = expectedOf(sandbox, race);
    for (const kind of ['empty_page', 'repeat_page'] as const) {
      sandbox.injectFault({ kind, count: 1, pathPattern: '/entry$' });
      // A repeat answers with the last page served for this path (an earlier test's), which names another page number.
      const recorder = recordingFetch();
      const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch }).participants({ ...queryOf(event, [race]) }));
      assert.deepEqual(pages.flatMap((page) => page.records.map(withoutRaw)), expected, kind);
      assert.deepEqual(recorder.calls.map((call) => call.url.searchParams.get('page')), ['1', '1', '2'], `${kind}: page 1 asked again`);
    }
    sandbox.injectFault({ kind: 'empty_page', count: 4, pathPattern: '/entry$' });
    const stream = adapterFor(sandbox).participants({ ...queryOf(event, [race]) });
    await assert.rejects(collectPages(stream), (error: SyncError) => error.errorClass === 'transient' && /page 1 of 2 is empty \(gave up after 3 attempts\)/.test(error.message));
    await fetch(`${sandbox.endpoint('chronotrack').origin}/_admin/faults`, { method: 'DELETE' });
  });
});

describe('ChronoTrack entries: formats the skin does not send', () => {
  it('takes numbers as text, 0000-00-00 as no birthdate, the plural root, cancelled statuses, and pages without headers', async () => {
    const entry = (id: number, more: Record<string, unknown> = {}) => ({
      entry_id: String(id), race_id: '7', entry_bib: '', entry_status: 'ACTIVE', entry_race_age: '', athlete_first_name: 'Zoë',
      athlete_last_name: 'Ñúñez', athlete_sex: 'F', athlete_birthdate: '1990-01-02', athlete_email: '', location_city: '', location_region: '', location_country: '', team_name: '', ...more,
    });
    const rows = [
      entry(1, { entry_bib: 147, entry_race_age: 37, athlete_birthdate: '0000-00-00', athlete_sex: 'X', team_name: 'Biegacze' }),
      entry(2, { entry_status: 'cancelled' }),
      entry(3, { race_id: '8' }),
      entry(4, { race_id: '' }),
      entry(5),
    ];
    const fixture = await startCtFixture({ '/api/event/70/entry': { root: 'event_entries', rows, headers: false } });
    try {
      const adapter = createChronoTrackAdapter({
        baseUrl: fixture.baseUrl, authUrl: null, tokens: memoryTokenStore(), fetch: (u, i) => fetch(u, i),
        credentials: { client_id: 'c', username: 'u', password: 'p' },
        settings: { retryBaseMs: 1, entriesPageSize: 2, cancelledEntryStatuses: ['CANCELLED'] },
      });
      const pages = await collectPages(adapter.participants({ providerEventId: '70', providerRaceIds: ['7', '9'] }));
      assert.deepEqual(pages.map((page) => [page.records.map((p) => p.providerParticipantId), page.resumeAfter, page.total]), [
        [['1', '2'], '2', undefined],
        [[], '3', undefined], // entry 3 is of race 8, not asked for; entry 4 names no race
        [['5'], null, undefined],
      ]);
      const [first, second] = pages[0]!.records;
      assert.deepEqual([first!.bib, first!.age, first!.birthdate, first!.gender, first!.teamName, first!.firstName, first!.lastName, first!.email],
        ['147', 37, null, 'X', 'Biegacze', 'Zoë', 'Ñúñez', null]);
      assert.equal(second!.cancelled, true);
      assert.equal(first!.cancelled, undefined);
      assert.deepEqual(pages[1]!.rejects.map((r) => r.reason), ['invalid entry: race_id: missing (needed when a whole event is read)']);
    } finally {
      await fixture.close();
    }
  });
});
