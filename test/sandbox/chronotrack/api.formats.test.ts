import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { ctUrl, eventsOf, getJson, startChronoTrack } from './helpers.js';

const allStrings = (value: unknown): boolean =>
  Array.isArray(value) ? value.every(allStrings) : value !== null && typeof value === 'object' ? Object.values(value).every(allStrings) : typeof value === 'string';

describe('ChronoTrack skin: formats, paging and root keys', () => {
  let sandbox: Sandbox;
  let eventId: number;

  before(async () => {
    sandbox = await startChronoTrack({ eventsPerPartner: { runsignup: 4, raceroster: 2, haku: 2 }, registrationsPerRace: 160, pastShare: 0.5 });
    eventId = eventsOf(sandbox).find((e) => e.past)!.ids.chronotrack!;
  });
  after(() => sandbox.close());

  it('answers XML without format=json, JSON with it or with a .json suffix', async () => {
    const xml = await getJson(ctUrl(sandbox, `/event/${eventId}`, { format: undefined }));
    assert.match(xml.headers.get('content-type') ?? '', /text\/xml/);
    assert.match(xml.text, /^<\?xml/);
    const suffixed = await getJson(ctUrl(sandbox, `/event.json/${eventId}`, { format: undefined }));
    const plain = await getJson(ctUrl(sandbox, `/event/${eventId}`));
    assert.equal(suffixed.text, plain.text);
    assert.equal(plain.body.event.event_id, String(eventId));
  });

  it('sends every JSON value as a string: unix-second times, metres, "1" booleans', async () => {
    const event = (await getJson(ctUrl(sandbox, `/event/${eventId}`))).body.event;
    assert.ok(allStrings(event));
    assert.match(event.event_start_time, /^\d{10}$/);
    assert.equal(event.event_is_published, '1');
    const races = (await getJson(ctUrl(sandbox, `/event/${eventId}/race`))).body.event_race;
    assert.ok(allStrings(races));
    assert.match(races[0].race_course_distance, /^\d+$/);
    const entries = (await getJson(ctUrl(sandbox, `/event/${eventId}/entry`, { size: 100 }))).body.event_entry;
    assert.ok(allStrings(entries));
    assert.match(entries[0].entry_external_id, /^(RSU|RR|HAKU)-\d+$/);
    assert.ok(!('athlete_birthdate' in entries[0]), 'birthdates only when asked for');
    const withDob = (await getJson(ctUrl(sandbox, `/event/${eventId}/entry`, { need_athlete_birthdate: 'true' }))).body.event_entry;
    assert.ok('athlete_birthdate' in withDob[0]);
  });

  it('pages entries with page/size, clamped at 100, totals in X-Ctlive-* headers', async () => {
    const event = eventsOf(sandbox).find((e) => e.ids.chronotrack === eventId)!;
    const total = event.races.reduce((n, race) => n + sandbox.world.activeCount(race), 0);
    const first = await getJson(ctUrl(sandbox, `/event/${eventId}/entry`, { size: 500, page: 1 }));
    assert.equal(first.body.event_entry.length, 100);
    assert.equal(first.headers.get('x-ctlive-row-count'), String(total));
    assert.equal(first.headers.get('x-ctlive-page-size'), '100');
    assert.equal(first.headers.get('x-ctlive-page-count'), String(Math.ceil(total / 100)));
    assert.equal(first.headers.get('x-ctlive-current-page'), '1');
    const pages = Number(first.headers.get('x-ctlive-page-count'));
    const last = await getJson(ctUrl(sandbox, `/event/${eventId}/entry`, { size: 100, page: pages }));
    assert.equal(last.body.event_entry.length, total - (pages - 1) * 100);
    assert.ok(!('page' in first.body), 'no paging in the body');
  });

  it('switches the disputed root keys', async () => {
    const plural = await startChronoTrack({ chronotrack: { raceListRoot: 'races', bracketRoot: 'event_brackets', intervalRoot: 'event_intervals', waveRoot: 'waves', raceRoot: 'race' } });
    try {
      const id = eventsOf(plural)[0]!.ids.chronotrack!;
      assert.ok(Array.isArray((await getJson(ctUrl(plural, `/event/${id}/race`))).body.races));
      assert.ok(Array.isArray((await getJson(ctUrl(plural, `/event/${id}/bracket`))).body.event_brackets));
      assert.ok(Array.isArray((await getJson(ctUrl(plural, `/event/${id}/interval`))).body.event_intervals));
      assert.ok(Array.isArray((await getJson(ctUrl(plural, `/event/${id}/wave`))).body.waves));
      const raceId = eventsOf(plural)[0]!.races[0]!.ids.chronotrack!;
      assert.equal((await getJson(ctUrl(plural, `/race/${raceId}`))).body.race.race_id, String(raceId));
    } finally {
      await plural.close();
    }
    const raceId = eventsOf(sandbox)[0]!.races[0]!.ids.chronotrack!;
    assert.equal((await getJson(ctUrl(sandbox, `/race/${raceId}`))).body.event_race.race_id, String(raceId));
  });

  it('shows one entry by id, and the same person as one athlete', async () => {
    const entries = (await getJson(ctUrl(sandbox, `/event/${eventId}/entry`, { size: 5 }))).body.event_entry;
    const one = await getJson(ctUrl(sandbox, `/entry/${entries[0].entry_id}`));
    assert.equal(one.body.entry.entry_id, entries[0].entry_id);
    assert.equal(one.body.entry.athlete_id, entries[0].athlete_id);
    assert.equal((await getJson(ctUrl(sandbox, '/entry/41000001'))).status, 404);
  });
});
