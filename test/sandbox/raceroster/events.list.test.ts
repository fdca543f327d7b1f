import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { api, eventsOf, login, startRaceRoster } from './helpers.js';

const EVENT_KEYS = [
  'eventId', 'type', 'name', 'city', 'region', 'country', 'startDate', 'timeZone', 'registrationOpenDate',
  'registrationCloseDate', 'lastModifiedDate', 'url', 'organizerName', 'organizerEmail', 'organizerPhone',
  'organizerDashboardUrl', 'address', 'latitude', 'longitude', 'locale', 'description', 'facebook', 'twitter',
  'branding', 'resultsUrl', 'subEvents',
];
const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe('Race Roster skin: events', () => {
  let sandbox: Sandbox;
  let token: string;

  before(async () => {
    sandbox = await startRaceRoster({ eventsPerPartner: { raceroster: 30 }, racesPerEvent: 3, registrationsPerRace: 5 });
    token = (await login(sandbox)).access;
  });
  after(() => sandbox.close());

  const list = (params: Record<string, string | number> = {}) => api(sandbox, '/events', token, params);

  it('lists the account\'s future events by default, in the documented event shape', async () => {
    const { status, body } = await list({ limit: 100 });
    assert.equal(status, 200);
    const future = eventsOf(sandbox).filter((e) => !e.past);
    assert.deepEqual(body.data.map((e: { eventId: number }) => e.eventId).sort(), future.map((e) => e.ids.raceroster).sort());
    const event = body.data[0];
    assert.deepEqual(Object.keys(event), EVENT_KEYS);
    assert.match(event.startDate, ISO_OFFSET);
    assert.match(event.lastModifiedDate, /\+00:00$/);
    assert.deepEqual(Object.keys(event.region), ['code', 'name']);
    assert.deepEqual(Object.keys(event.country), ['code', 'name']);
    assert.equal(event.subEvents.data.length, 3);
    assert.equal(event.subEvents.data[0].customSubEventDate, null);
    assert.match(event.subEvents.data[1].customSubEventDate, ISO_OFFSET);
    assert.equal(typeof event.subEvents.data[0].subEventDistance.inMeters, 'number');
    assert.equal(body.metadata.totalCount, future.length);
  });

  it('lists past events only when eventDateFrom reaches back to them; a URL-encoded + offset works', async () => {
    const past = eventsOf(sandbox).filter((e) => e.past);
    assert.ok(past.length > 0);
    const all = await list({ limit: 100, eventDateFrom: '2024-01-01T00:00:00+00:00' });
    assert.equal(all.body.data.length, eventsOf(sandbox).length);
    const dateOnly = await list({ limit: 100, eventDateFrom: '2024-01-01', eventDateTo: '2025-06-01T12:00:00Z' });
    assert.deepEqual(dateOnly.body.data.map((e: { eventId: number }) => e.eventId).sort(), past.map((e) => e.ids.raceroster).sort());
  });

  it('answers a literal + (arriving as a space) with a 400 that says to encode it', async () => {
    const url = `${sandbox.endpoint('raceroster').baseUrl}/events?eventDateFrom=2025-01-01T00:00:00+00:00`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { message: string } };
    assert.match(body.error.message, /eventDateFrom/);
    assert.match(body.error.message, /%2B/);
    assert.equal((await list({ eventDateFrom: 'yesterday' })).status, 400);
  });

  it('pages with offset and limit, clamps limit at 100, sorts and orders', async () => {
    const first = await list({ limit: 4, offset: 0, sort: 'name', eventDateFrom: '2024-01-01' });
    const second = await list({ limit: 4, offset: 4, sort: 'name', eventDateFrom: '2024-01-01' });
    const names = [...first.body.data, ...second.body.data].map((e: { name: string }) => e.name);
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
    assert.equal((await list({ limit: 500, eventDateFrom: '2024-01-01' })).body.metadata.perPage, 100);
    const desc = await list({ limit: 100, sort: 'startDate', order: 'desc', eventDateFrom: '2024-01-01' });
    const starts = desc.body.data.map((e: { startDate: string }) => Date.parse(e.startDate));
    assert.deepEqual(starts, [...starts].sort((a, b) => b - a));
    assert.equal((await list({ sort: 'colour' })).status, 400);
  });

  it('shows one event under data; 404 for an unknown one, 403 for another account\'s', async () => {
    const event = eventsOf(sandbox)[0]!;
    const { body } = await api(sandbox, `/events/${event.ids.raceroster}`, token);
    assert.equal(body.data.eventId, event.ids.raceroster);
    assert.equal((await api(sandbox, '/events/1', token)).status, 404);
    const foreign = eventsOf(sandbox, 2)[0]!;
    assert.equal((await api(sandbox, `/events/${foreign.ids.raceroster}`, token)).status, 403);
    assert.equal((await api(sandbox, '/nothing', token)).status, 404);
  });
});
