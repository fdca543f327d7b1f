import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { CanonicalEvent } from '../../../src/model/canonical.js';
import type { DiscoverOptions } from '../../../src/providers/types.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { adapterFor, ANCHOR, collectPages, eventsOf, postAdmin, RecordingFetch, recordsOf, startHaku, startRewritingProxy } from './helpers.js';

const LIST = /\/participants$/;
const DETAIL = /\/registrations\//;
const EVENTS = /^\/events$/;

const discover = (options: Partial<DiscoverOptions> = {}): DiscoverOptions => ({ includePast: false, now: ANCHOR, ...options });
const midnight = (date: string, zone: string) => DateTime.fromISO(date, { zone }).toJSDate();

describe('Haku discovery: events, and their categories as races', () => {
  let sandbox: Sandbox;
  const recording = new RecordingFetch();

  before(async () => {
    sandbox = await startHaku({ eventsPerPartner: { haku: 4 }, racesPerEvent: 2, registrationsPerRace: 20, pastShare: 0.5 });
  });
  after(() => sandbox.close());

  it('maps each active event, its date-only start at local midnight, and a race per category', async () => {
    recording.clear();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recording.fetch }).discoverEvents(discover()));
    const events = recordsOf(pages);
    const active = eventsOf(sandbox).filter((e) => !e.past);
    assert.ok(active.length > 0 && active.length < eventsOf(sandbox).length);
    const shape = ({ raw: _raw, races, ...event }: CanonicalEvent) => ({ ...event, races: races.map(({ raw, ...race }) => ({ ...race, raw })) });
    assert.deepEqual(events.map(shape).sort((a, b) => a.providerEventId.localeCompare(b.providerEventId)), active.map((e) => ({
      providerEventId: e.ids.haku!,
      name: e.name,
      startTime: midnight(e.localDate, e.timeZone),
      startTimePrecision: 'date',
      timeZone: e.timeZone,
      city: e.city.city,
      region: e.city.region,
      country: null,
      providerModifiedAt: new Date(e.lastModifiedAt * 1000),
      races: e.races.map((race) => ({
        providerRaceId: String(race.ids.haku),
        name: race.name,
        startTime: midnight(e.localDate, e.timeZone),
        startTimePrecision: 'date',
        distance: race.distance.name,
        providerModifiedAt: null,
        raw: { id: race.ids.haku, name: race.name, master_name: race.distance.name },
      })).sort((a, b) => a.providerRaceId.localeCompare(b.providerRaceId)),
    })).sort((a, b) => a.providerEventId.localeCompare(b.providerEventId)));
    assert.ok(pages.every((p) => p.rejects.length === 0));
    // The list, its confirming empty page, and per event: its summary pages and one detail per category.
    assert.equal(recording.count(EVENTS), 2);
    assert.equal(recording.count(DETAIL), active.length * 2);
    assert.equal(recording.count(LIST), active.length * 2);
    assert.equal(pages.at(-1)!.resumeAfter, null);
  });

  it('includes events already run with includePast (show_inactive=true)', async () => {
    recording.clear();
    const events = recordsOf(await collectPages(adapterFor(sandbox, { fetch: recording.fetch }).discoverEvents(discover({ includePast: true }))));
    assert.equal(events.length, eventsOf(sandbox).length);
    assert.ok(recording.paths(EVENTS).every((p) => p.includes('show_inactive=true')));
  });

  it('scans a known event unchanged since the last discovery only back to it: one list call, no detail', async () => {
    const adapter = adapterFor(sandbox, { fetch: recording.fetch });
    const known = new Set(recordsOf(await collectPages(adapter.discoverEvents(discover()))).map((e) => e.providerEventId));
    sandbox.clock.advance(600_000);
    const unchangedBefore = sandbox.clock.now();
    sandbox.clock.advance(60_000);
    const [changed] = eventsOf(sandbox).filter((e) => !e.past);
    sandbox.mutate({ race: changed!.races[1]!.id, register: 1 });
    recording.clear();
    const events = recordsOf(await collectPages(adapter.discoverEvents(discover({ known, unchangedBefore }))));
    assert.equal(events.length, known.size, 'every event is still yielded, from the list');
    assert.equal(recording.count(LIST), known.size);
    assert.deepEqual(recording.paths(DETAIL).length, 1, 'the one category used since');
    assert.deepEqual(events.find((e) => e.providerEventId === changed!.ids.haku)!.races.map((r) => r.providerRaceId), [String(changed!.races[1]!.ids.haku)]);
    assert.ok(recording.paths(LIST).every((p) => p.includes('sort_column=updated_at&sort_direction=desc')));
  });

  it('finds a category whose registrations are all cancelled, from a cancelled one', async () => {
    const [event] = eventsOf(sandbox).filter((e) => !e.past);
    const race = event!.races[0]!;
    sandbox.mutate({ race: race.id, cancel: sandbox.world.activeCount(race) });
    const found = recordsOf(await collectPages(adapterFor(sandbox).discoverEvents(discover())));
    assert.ok(found.find((e) => e.providerEventId === event!.ids.haku)!.races.some((r) => r.providerRaceId === String(race.ids.haku)));
  });
});

describe('Haku discovery: list wrappers and events it cannot take', () => {
  it('takes {"events": […]} as well as a bare array (eventsEnvelope auto), and refuses the other with "array"', async () => {
    const wrapped = await startHaku({ haku: { eventsEnvelope: 'object' } });
    try {
      assert.equal(recordsOf(await collectPages(adapterFor(wrapped).discoverEvents(discover()))).length, eventsOf(wrapped).length);
      assert.equal(recordsOf(await collectPages(adapterFor(wrapped, { settings: { eventsEnvelope: 'object' } }).discoverEvents(discover()))).length, eventsOf(wrapped).length);
      await assert.rejects(
        collectPages(adapterFor(wrapped, { settings: { eventsEnvelope: 'array', maxAttempts: 1 } }).discoverEvents(discover())),
        (error: any) => error.errorClass === 'transient' && /GET \/events response has an unexpected shape/.test(error.message),
      );
    } finally {
      await wrapped.close();
    }
  });

  it('rejects an event without a zone (unless defaultTimeZone is set) or with a bad date, and reads the others', async () => {
    const sandbox = await startHaku({ eventsPerPartner: { haku: 3 } });
    const [noZone, badDate] = eventsOf(sandbox).map((e) => e.ids.haku!);
    const proxy = await startRewritingProxy(sandbox.endpoint('haku').baseUrl, (path, body) => (EVENTS.test(path) && Array.isArray(body)
      ? body.map((e) => (e.id === noZone ? { ...e, time_zone: null } : e.id === badDate ? { ...e, event_date: '2025-02-30' } : e))
      : body));
    try {
      const pages = await collectPages(adapterFor(sandbox, { baseUrl: proxy.baseUrl }).discoverEvents(discover()));
      assert.equal(recordsOf(pages).length, 1);
      const reasons = pages.flatMap((p) => p.rejects.map((r) => r.reason));
      assert.deepEqual(reasons, [
        'invalid event: time_zone: missing, and the connection has no defaultTimeZone setting',
        'invalid event: event_date: not a real YYYY-MM-DD date: "2025-02-30"',
      ]);
      assert.equal((pages.flatMap((p) => p.rejects)[0]!.raw as { id: string }).id, noZone);
      const zoned = recordsOf(await collectPages(adapterFor(sandbox, { baseUrl: proxy.baseUrl, settings: { defaultTimeZone: 'America/Denver' } }).discoverEvents(discover())));
      const event = zoned.find((e) => e.providerEventId === noZone)!;
      assert.equal(event.timeZone, 'America/Denver');
      assert.deepEqual(event.startTime, midnight(eventsOf(sandbox)[0]!.localDate, 'America/Denver'));
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });

  it('rejects a category no registration detail names, and keeps the event and its other categories', async () => {
    const sandbox = await startHaku({ eventsPerPartner: { haku: 1 }, registrationsPerRace: 5 });
    try {
      const [event] = eventsOf(sandbox);
      const [broken, fine] = event!.races;
      await postAdmin(sandbox, 'corrupt', { registrations: sandbox.world.registrations(broken!).map((r) => r.id), field: 'event_categories', mode: 'missing' });
      const pages = await collectPages(adapterFor(sandbox).discoverEvents(discover()));
      assert.deepEqual(recordsOf(pages)[0]!.races.map((r) => r.providerRaceId), [String(fine!.ids.haku)]);
      const [reject] = pages.flatMap((p) => p.rejects);
      assert.match(reject!.reason, new RegExp(`^event ${event!.ids.haku}: category "${broken!.name}" has no readable registration detail to learn its id from \\(tried R-\\d+, R-\\d+, R-\\d+\\)$`));
    } finally {
      await sandbox.close();
    }
  });

  it('keeps an event whose registrations it may not read, with a reject, and goes on', async () => {
    const sandbox = await startHaku({ partners: 2, eventsPerPartner: { haku: 2 } });
    const foreign = eventsOf(sandbox, 2)[0]!;
    const proxy = await startRewritingProxy(sandbox.endpoint('haku').baseUrl, (path, body) =>
      EVENTS.test(path) && Array.isArray(body) && body.length > 0 ? [...body, { ...body[0], id: foreign.ids.haku }] : body);
    try {
      const pages = await collectPages(adapterFor(sandbox, { baseUrl: proxy.baseUrl }).discoverEvents(discover()));
      const events = recordsOf(pages);
      assert.equal(events.length, eventsOf(sandbox).length + 1);
      assert.deepEqual(events.find((e) => e.providerEventId === foreign.ids.haku)!.races, []);
      const [reject] = pages.flatMap((p) => p.rejects);
      assert.match(reject!.reason, new RegExp(`^event ${foreign.ids.haku}: its categories could not be read: Haku GET .*: HTTP 403 \\(User is not authorized to access this resource\\)$`));
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
