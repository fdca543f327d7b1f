import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CanonicalEvent } from '../../../src/model/canonical.js';
import { createRaceRosterAdapter } from '../../../src/providers/raceroster/index.js';
import { memoryTokenStore } from '../../../src/providers/http/token-auth.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { WorldEvent } from '../../../src/sandbox/world/index.js';
import { FIXTURE_CREDENTIALS, listOf, startFixture } from './fixture-server.js';
import { adapterFor, collectPages, eventsOf, recordingFetch, startRaceRoster } from './helpers.js';

const NOW = new Date('2025-06-01T12:00:00Z');

/** What discovery must yield for a world event, from the world's own (neutral) truth. */
type EventWithoutRaw = Omit<CanonicalEvent, 'raw' | 'races'> & { races: Array<Omit<CanonicalEvent['races'][number], 'raw'>> };

function expectedEvent(event: WorldEvent): EventWithoutRaw {
  return {
    providerEventId: String(event.ids.raceroster),
    name: event.name,
    startTime: new Date(event.start * 1000),
    timeZone: event.timeZone,
    city: event.city.city,
    region: event.city.region,
    country: event.city.countryCode,
    providerModifiedAt: new Date(event.lastModifiedAt * 1000),
    races: event.races.map((race) => ({
      providerRaceId: String(race.ids.raceroster),
      name: race.name,
      startTime: new Date(race.start * 1000),
      distance: `${race.distance.value} ${race.distance.unit === 'mi' ? 'mile' : 'km'}`,
      providerModifiedAt: null,
    })),
  };
}

const withoutRaw = (event: CanonicalEvent): EventWithoutRaw => {
  const { raw: _raw, races, ...rest } = event;
  return { ...rest, races: races.map(({ raw: _r, ...race }) => race) };
};

const byStart = (a: WorldEvent, b: WorldEvent) => a.start - b.start || a.index - b.index;

describe('Race Roster discoverEvents against the skin', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startRaceRoster({ eventsPerPartner: { raceroster: 130 }, racesPerEvent: 3, registrationsPerRace: 2, pastShare: 0.4 });
  });
  after(() => sandbox.close());

  it('maps events and sub-events (starts from customSubEventDate or the event) to UTC, codes for region and country', async () => {
    const recorder = recordingFetch();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch }).discoverEvents({ includePast: false, now: NOW }));
    const records = pages.flatMap((page) => page.records);
    const future = eventsOf(sandbox).filter((e) => !e.past).sort(byStart);
    assert.deepEqual(records.map(withoutRaw), future.map(expectedEvent));
    assert.ok(records.some((e) => e.races.some((r) => r.startTime!.getTime() !== e.startTime!.getTime())), 'some sub-events start later');
    assert.deepEqual(pages.flatMap((page) => page.rejects), []);
    const [list] = recorder.to('/events');
    assert.equal(list!.searchParams.get('sort'), 'startDate');
    assert.equal(list!.searchParams.get('order'), 'asc');
    assert.equal(list!.searchParams.get('limit'), '100');
    assert.equal(list!.searchParams.has('eventDateFrom'), false, 'the default window is the future');
  });

  it('pages by offset at 100 and stops when the total is reached', async () => {
    const pages = await collectPages(adapterFor(sandbox, { settings: { pageSize: 40 } }).discoverEvents({ includePast: true, now: NOW }));
    const total = eventsOf(sandbox).length;
    assert.deepEqual(pages.map((p) => [p.records.length, p.resumeAfter, p.total]), [
      [40, '40', total], [40, '80', total], [40, '120', total], [total - 120, null, total],
    ]);
  });

  it('asks for more than the API gives: the clamped pages are followed by the total, not stopped as short', async () => {
    const recorder = recordingFetch();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch, settings: { pageSize: 500 } }).discoverEvents({ includePast: true, now: NOW }));
    assert.deepEqual(pages.map((p) => p.records.length), [100, eventsOf(sandbox).length - 100]);
    assert.deepEqual(recorder.to('/events').map((url) => url.searchParams.get('offset')), ['0', '100']);
  });

  it('includes past events with eventDateFrom, its + offset URL-encoded as %2B', async () => {
    const recorder = recordingFetch();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch }).discoverEvents({ includePast: true, now: NOW }));
    const ids = pages.flatMap((p) => p.records.map((e) => e.providerEventId)).sort();
    assert.deepEqual(ids, eventsOf(sandbox).map((e) => String(e.ids.raceroster)).sort());
    assert.ok(eventsOf(sandbox).some((e) => e.past));
    const url = recorder.requests.find((r) => r.url.pathname.endsWith('/events'))!.url;
    assert.match(url.search, /eventDateFrom=2000-01-01T00%3A00%3A00%2B00%3A00/);
  });

  it('sees only its own account\'s events', async () => {
    const other = await collectPages(adapterFor(sandbox, { credentials: credentialsOfPartner(sandbox, 1) }).discoverEvents({ includePast: true, now: NOW }));
    assert.deepEqual(
      other.flatMap((p) => p.records.map((e) => e.providerEventId)).sort(),
      eventsOf(sandbox, 2).map((e) => String(e.ids.raceroster)).sort(),
    );
  });
});

function credentialsOfPartner(sandbox: Sandbox, index: number): Record<string, string> {
  const { partner: _p, ...fields } = sandbox.endpoint('raceroster').credentials[index]!;
  return fields;
}

describe('Race Roster discoverEvents: payload variants', () => {
  it('rejects a broken event or sub-event with its reason and raw payload, and keeps the rest of the page', async () => {
    const good = {
      eventId: 1, name: 'Spring Harbour 10K', city: 'Toronto', region: 'ON', country: { code: 'CA', name: 'Canada' },
      startDate: '2025-05-04T08:00:00-04:00', timeZone: 'Not/AZone', lastModifiedDate: '2025-04-20T13:05:11+00:00',
      subEvents: {
        data: [
          { subEventId: 10, name: '10K', distance: '10', distanceType: 'km', customSubEventDate: null },
          { subEventId: 11, name: '5K', subEventDistance: { label: '5 km' }, customSubEventDate: '2025-05-04T09:15:00-04:00' },
          { subEventId: 'x', name: 'Broken' },
        ],
      },
    };
    const badEvent = { eventId: 2, name: '', startDate: '2025-05-04 08:00' };
    const fixture = await startFixture(({ path }) => (path === '/api/v1/events' ? { body: listOf([good, badEvent], 2) } : undefined));
    try {
      const adapter = createRaceRosterAdapter({
        baseUrl: fixture.baseUrl, authUrl: null, credentials: FIXTURE_CREDENTIALS, fetch: (u, i) => fetch(u, i), settings: {}, tokens: memoryTokenStore(),
      });
      const [page] = await collectPages(adapter.discoverEvents({ includePast: false, now: NOW }));
      assert.deepEqual(page!.records.map(withoutRaw), [{
        providerEventId: '1', name: 'Spring Harbour 10K', startTime: new Date('2025-05-04T12:00:00Z'),
        timeZone: null, city: 'Toronto', region: 'ON', country: 'CA', providerModifiedAt: new Date('2025-04-20T13:05:11Z'),
        races: [
          { providerRaceId: '10', name: '10K', startTime: new Date('2025-05-04T12:00:00Z'), distance: '10 km', providerModifiedAt: null },
          { providerRaceId: '11', name: '5K', startTime: new Date('2025-05-04T13:15:00Z'), distance: '5 km', providerModifiedAt: null },
        ],
      }]);
      assert.deepEqual(page!.rejects.map((r) => r.reason), [
        'invalid sub-event of event 1: subEventId: not a numeric id: "x"',
        'invalid event: name: Too small: expected string to have >=1 characters; startDate: not an ISO 8601 date-time with a UTC offset: "2025-05-04 08:00"',
      ]);
      assert.deepEqual(page!.rejects.map((r) => r.raw), [good.subEvents.data[2], badEvent]);
    } finally {
      await fixture.close();
    }
  });
});
