import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../src/errors.js';
import type { CanonicalEvent } from '../../../src/model/canonical.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { WorldEvent } from '../../../src/sandbox/world/index.js';
import { startCtFixture } from './fixture-server.js';
import { adapterFor, ANCHOR, collectPages, ctEvents, idOf, pastEvents, recordingFetch, startWorld } from './helpers.js';
import { createChronoTrackAdapter } from '../../../src/providers/chronotrack/index.js';
import { memoryTokenStore } from '../../../src/providers/http/token-auth.js';

/** What discovery must yield for a world event, in canonical form (raw left out). */
function expectedEvent(event: WorldEvent) {
  return {
    providerEventId: idOf(event.ids.chronotrack),
    name: event.name,
    startTime: new Date(event.start * 1000),
    timeZone: event.timeZone,
    city: event.city.city,
    region: event.city.regionName,
    country: event.city.countryName,
    providerModifiedAt: null,
    races: event.races.map((race) => ({
      providerRaceId: idOf(race.ids.chronotrack),
      name: race.name,
      startTime: new Date(race.start * 1000),
      distance: `${race.distance.metres} m`,
      providerModifiedAt: null,
    })),
  };
}

const withoutRaw = (event: CanonicalEvent) => {
  const { raw: _raw, races, ...rest } = event;
  return { ...rest, races: races.map(({ raw: _r, ...race }) => race) };
};

describe('ChronoTrack discovery against the sandbox', () => {
  let sandbox: Sandbox;
  before(async () => { sandbox = await startWorld(); });
  after(() => sandbox.close());

  it('maps every event of the account and its races: unix-second starts to UTC, zone, place, distance in metres', async () => {
    const pages = await collectPages(adapterFor(sandbox).discoverEvents({ includePast: true, now: ANCHOR }));
    const events = pages.flatMap((page) => page.records);
    assert.deepEqual(pages.flatMap((page) => page.rejects), []);
    assert.deepEqual(events.map(withoutRaw), ctEvents(sandbox).map(expectedEvent));
    const raw = events[0]!.raw as Record<string, string>;
    assert.equal(typeof raw.event_start_time, 'string', 'raw keeps the provider\'s string values');
    assert.equal(pages.at(-1)!.resumeAfter, null);
  });

  it('pages the event list by the headers and reads each event\'s races once', async () => {
    const recorder = recordingFetch();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch, settings: { eventsPageSize: 2 } }).discoverEvents({ includePast: true, now: ANCHOR }));
    const all = ctEvents(sandbox);
    assert.equal(pages.length, Math.ceil(all.length / 2));
    assert.deepEqual(pages.map((page) => page.resumeAfter), [...pages.slice(1).map((_, i) => String(i + 2)), null]);
    assert.deepEqual(pages.flatMap((page) => page.records.map((e) => e.providerEventId)), all.map((e) => idOf(e.ids.chronotrack)));
    const raceCalls = recorder.calls.filter((call) => /\/event\/\d+\/race$/.test(call.url.pathname));
    assert.equal(raceCalls.length, all.length);
    assert.ok(recorder.calls.every((call) => call.url.searchParams.get('format') === 'json'), 'always asks for JSON');
  });

  it('leaves out events that ended before the window unless past events are asked for', async () => {
    const recorder = recordingFetch();
    const adapter = adapterFor(sandbox, { fetch: recorder.fetch, settings: { discoveryPastDays: 1 } });
    const events = (await collectPages(adapter.discoverEvents({ includePast: false, now: ANCHOR }))).flatMap((page) => page.records);
    const past = new Set(pastEvents(sandbox).map((e) => idOf(e.ids.chronotrack)));
    assert.ok(past.size > 0);
    assert.deepEqual(events.map((e) => e.providerEventId), ctEvents(sandbox).filter((e) => !e.past).map((e) => idOf(e.ids.chronotrack)));
    assert.ok(recorder.calls.every((call) => ![...past].some((id) => call.url.pathname.endsWith(`/event/${id}/race`))), 'no race call for a left-out event');
    const withinWeek = (await collectPages(adapterFor(sandbox).discoverEvents({ includePast: false, now: ANCHOR }))).flatMap((page) => page.records);
    assert.equal(withinWeek.length, ctEvents(sandbox).length, 'two days ago is inside the default 7-day window');
  });
});

describe('ChronoTrack discovery: root-key CONFLICT', () => {
  it('reads the race list under `races` when the server uses the plural variant', async () => {
    const sandbox = await startWorld({ chronotrack: { raceListRoot: 'races' } });
    try {
      const events = (await collectPages(adapterFor(sandbox).discoverEvents({ includePast: true, now: ANCHOR }))).flatMap((page) => page.records);
      assert.deepEqual(events.map(withoutRaw), ctEvents(sandbox).map(expectedEvent));
      await assert.rejects(
        collectPages(adapterFor(sandbox, { settings: { raceListRoots: ['event_race'] } }).discoverEvents({ includePast: true, now: ANCHOR })),
        (error: SyncError) => error.errorClass === 'transient' && /no list under event_race \(keys: races\)/.test(error.message),
      );
    } finally {
      await sandbox.close();
    }
  });
});

describe('ChronoTrack discovery: bad records', () => {
  it('rejects a bad event or race with its reason and raw record, and keeps the rest of the page', async () => {
    const good = { event_id: '1', event_name: 'Botaniczna Piątka', event_start_time: '1761469200', event_is_published: '1', location_city: 'Warsaw', location_region: 'Mazowieckie', location_country: 'Poland', location_time_zone: 'Europe/Warsaw' };
    const badZone = { ...good, event_id: '2', location_time_zone: 'Warsaw' };
    const denied = { ...good, event_id: '3' };
    const unpublished = { ...good, event_id: '4', event_is_published: '0' };
    const fixture = await startCtFixture({
      '/api/event': { root: 'events', rows: [good, badZone, denied, unpublished] },
      '/api/event/1/race': { root: 'event_race', rows: [
        { race_id: 102921, race_name: 'Bieg Główny', race_start_time: '1761469200', race_course_distance: '5000' },
        { race_id: '102922', race_name: 'Bieg Dzieci', race_start_time: '', race_course_distance: '' },
        { race_id: '102923', race_name: '', race_start_time: '1761469200' },
      ] },
      '/api/event/3/race': { status: 403, body: { error: 'forbidden' } },
      '/api/event/4/race': { root: 'event_race', rows: [] },
    });
    try {
      const adapter = (settings: Record<string, unknown>) => createChronoTrackAdapter({
        baseUrl: fixture.baseUrl, authUrl: null, tokens: memoryTokenStore(), fetch: (u, i) => fetch(u, i),
        credentials: { client_id: 'c', username: 'u', password: 'p' }, settings: { retryBaseMs: 1, ...settings },
      });
      const [page] = await collectPages(adapter({}).discoverEvents({ includePast: true, now: ANCHOR }));
      assert.deepEqual(page!.records.map((e) => e.providerEventId), ['1', '4'], 'the plural `events` root, numeric ids as text');
      const warsaw = page!.records[0]!;
      assert.equal(warsaw.name, 'Botaniczna Piątka');
      assert.deepEqual(warsaw.races.map((r) => [r.providerRaceId, r.name, r.startTime?.toISOString(), r.distance]), [
        ['102921', 'Bieg Główny', '2025-10-26T09:00:00.000Z', '5000 m'],
        ['102922', 'Bieg Dzieci', '2025-10-26T09:00:00.000Z', null], // no start of its own: the event's
      ]);
      assert.deepEqual(page!.rejects.map((r) => r.reason), [
        'invalid race of event 1: race_name: missing',
        'invalid event: location_time_zone: not an IANA time zone: "Warsaw"',
        'event 3: ChronoTrack GET /event/3/race: HTTP 403 (forbidden)',
      ]);
      assert.deepEqual(page!.rejects[1]!.raw, badZone);
      const [skipping] = await collectPages(adapter({ skipUnpublishedEvents: true }).discoverEvents({ includePast: true, now: ANCHOR }));
      assert.deepEqual(skipping!.records.map((e) => e.providerEventId), ['1']);
    } finally {
      await fixture.close();
    }
  });
});
