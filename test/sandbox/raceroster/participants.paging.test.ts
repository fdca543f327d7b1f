import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { api, eventsOf, login, startRaceRoster } from './helpers.js';

const PARTICIPANT_KEYS = [
  'participantId', 'registrationId', 'eventId', 'subEventId', 'bibNumber', 'firstName', 'lastName', 'gender', 'dateOfBirth',
  'email', 'phone', 'city', 'region', 'country', 'teamName', 'registrationDate', 'lastModifiedDate', 'status',
];

describe('Race Roster skin: participants', () => {
  let sandbox: Sandbox;
  let token: string;
  let eventId: number;
  const path = () => `/events/${eventId}/participants`;

  before(async () => {
    sandbox = await startRaceRoster({ eventsPerPartner: { raceroster: 6 }, registrationsPerRace: 130 });
    token = (await login(sandbox)).access;
    eventId = eventsOf(sandbox)[0]!.ids.raceroster as number;
  });
  after(() => sandbox.close());

  const all = async (params: Record<string, number> = {}) => {
    const rows: Array<Record<string, unknown>> = [];
    for (let offset = 0; ; offset += 100) {
      const { body } = await api(sandbox, path(), token, { limit: 100, offset, ...params });
      rows.push(...body.data);
      if (body.data.length < 100) return rows;
    }
  };

  it('pages with offset+limit or page+limit alike, with metadata, clamping limit at 100', async () => {
    const byOffset = await api(sandbox, path(), token, { offset: 100, limit: 100 });
    const byPage = await api(sandbox, path(), token, { page: 2, limit: 100 });
    assert.equal(byOffset.text, byPage.text);
    const event = eventsOf(sandbox)[0]!;
    const listed = event.races.reduce((n, race) => n + sandbox.world.registrationsWith(race, 'active', 'cancelled').length, 0);
    assert.deepEqual(byPage.body.metadata, { totalCount: listed, page: 2, perPage: 100, totalPages: Math.ceil(listed / 100) });
    const clamped = await api(sandbox, path(), token, { limit: 500 });
    assert.equal(clamped.body.data.length, 100);
    assert.equal(clamped.body.metadata.perPage, 100);
    assert.equal((await all()).length, listed);
  });

  it('renders the suggested participant shape with Race Roster value formats', async () => {
    const rows = await all();
    assert.deepEqual(Object.keys(rows[0]!), PARTICIPANT_KEYS);
    assert.ok(rows.every((p) => [0, 1, 2, 9].includes(p.gender as number)));
    assert.ok(rows.some((p) => p.bibNumber === null) || rows.some((p) => p.bibNumber === ''));
    assert.ok(rows.filter((p) => typeof p.bibNumber === 'string' && p.bibNumber !== '').every((p) => /^\d+$/.test(p.bibNumber as string)));
    assert.ok(rows.every((p) => /\+00:00$/.test(p.registrationDate as string)));
    const ids = rows.map((p) => p.participantId as number);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  });

  it('pads bibs with leading zeros on some events', async () => {
    let padded = 0;
    for (const event of eventsOf(sandbox)) {
      const { body } = await api(sandbox, `/events/${event.ids.raceroster}/participants`, token, { limit: 100 });
      if (body.data.some((p: { bibNumber: string | null }) => /^0\d+$/.test(p.bibNumber ?? ''))) padded += 1;
    }
    assert.ok(padded > 0 && padded < eventsOf(sandbox).length, `${padded} padded events`);
  });

  it('filters one sub-event and 404s a foreign one', async () => {
    const race = eventsOf(sandbox)[0]!.races[1]!;
    const { body } = await api(sandbox, path(), token, { subEventId: race.ids.raceroster as number, limit: 100 });
    assert.ok(body.data.every((p: { subEventId: number }) => p.subEventId === race.ids.raceroster));
    const other = eventsOf(sandbox)[1]!.races[0]!;
    assert.equal((await api(sandbox, path(), token, { subEventId: other.ids.raceroster as number })).status, 404);
  });

  it('shows a mutation at once: new registrations, cancellations, removals gone', async () => {
    const event = eventsOf(sandbox)[0]!;
    const summary = sandbox.mutate({ event: event.id, register: 2, cancel: 1, remove: 1, assignBibs: 1 });
    const rows = await all();
    const byId = new Map(rows.map((p) => [p.registrationId as number, p]));
    for (const id of summary.register) assert.ok(byId.has(id));
    assert.equal(byId.get(summary.cancel[0]!)?.status, 'cancelled');
    assert.ok(!byId.has(summary.remove[0]!));
    assert.match(String(byId.get(summary.assignBibs[0]!)?.bibNumber), /^\d+$/);
  });

  it('mutates through the admin API with Race Roster ids, and corrupts one record of a page', async () => {
    const { origin } = sandbox.endpoint('raceroster');
    const post = (route: string, body: unknown) => fetch(`${origin}/_admin/${route}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    const summary = await post('mutate', { eventId, register: 1 });
    assert.equal(summary.register.length, 1);
    assert.equal(summary.events[0], eventsOf(sandbox)[0]!.id);
    const race = eventsOf(sandbox)[0]!.races[0]!;
    const corrupt = await post('corrupt', { race: race.id, count: 1 });
    const rows = await all();
    const broken = rows.filter((p) => typeof p.participantId !== 'number');
    assert.equal(broken.length, 1);
    assert.equal(broken[0]!.registrationId, corrupt.corrupted[0]);
  });
});
