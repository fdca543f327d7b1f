import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { api, eventsOf, login, startHaku } from './helpers.js';

const SUMMARY_KEYS = [
  'registration_number', 'person_full_name', 'email', 'gender', 'age', 'team', 'event_category_info', 'registered_at',
  'updated_at', 'is_cancelled', 'transaction_amount',
];

describe('Haku skin: participants summary and registration detail', () => {
  let sandbox: Sandbox;
  let token: string;
  let eventId: string;

  before(async () => {
    sandbox = await startHaku({ eventsPerPartner: { haku: 3 }, registrationsPerRace: 150, haku: { callsPerHour: null } });
    token = await login(sandbox);
    eventId = eventsOf(sandbox)[0]!.ids.haku!;
  });
  after(() => sandbox.close());

  const summary = (params: Record<string, string | number> = {}) => api(sandbox, `/events/${eventId}/participants`, token, params);
  const everyone = async (params: Record<string, string | number> = {}) => {
    const rows: Array<Record<string, any>> = [];
    for (let page = 1; ; page++) {
      const { body } = await summary({ per_page: 100, page, ...params });
      rows.push(...body);
      if (body.length < 100) return rows;
    }
  };

  it('lists a bare array of summaries in Haku\'s formats, clamping per_page to 100 silently', async () => {
    const { body } = await summary({ per_page: 500 });
    assert.ok(Array.isArray(body));
    assert.equal(body.length, 100);
    assert.deepEqual(Object.keys(body[0]), SUMMARY_KEYS);
    const rows = await everyone();
    const event = eventsOf(sandbox)[0]!;
    assert.equal(rows.length, event.races.reduce((n, race) => n + sandbox.world.registrations(race).length, 0));
    assert.ok(rows.every((p) => /^R-\d+$/.test(p.registration_number)));
    assert.ok(rows.every((p) => ['male', 'female', 'Female', 'non-binary', ''].includes(p.gender)));
    assert.ok(rows.some((p) => p.gender === 'Female') && rows.some((p) => p.gender === 'female'));
    assert.ok(rows.every((p) => typeof p.transaction_amount === 'number' && typeof p.is_cancelled === 'boolean'));
    assert.ok(rows.some((p) => p.is_cancelled), 'removed and cancelled registrations are listed as cancelled');
    assert.ok(rows.every((p) => p.team === null || typeof p.team.name === 'string'));
  });

  it('sorts by updated_at descending: the incremental stop rule finds a mutation first', async () => {
    sandbox.clock.advance(60_000);
    const change = sandbox.mutate({ event: eventsOf(sandbox)[0]!.id, edit: 2, cancel: 1, register: 1 });
    const rows = await everyone({ sort_column: 'updated_at', sort_direction: 'desc' });
    const times = rows.map((p) => p.updated_at as string);
    assert.deepEqual(times, [...times].sort().reverse());
    const newest = new Set(rows.slice(0, 4).map((p) => p.registration_number));
    for (const id of [...change.edit, ...change.cancel, ...change.register]) assert.ok(newest.has(`R-${id}`));
    assert.equal(rows.find((p) => p.registration_number === `R-${change.cancel[0]}`)?.is_cancelled, true);
  });

  it('can omit the inferred updated_at from the summary', async () => {
    const plain = await startHaku({ haku: { summaryUpdatedAt: false } });
    try {
      const event = eventsOf(plain)[0]!;
      const { body } = await api(plain, `/events/${event.ids.haku}/participants`, await login(plain));
      assert.ok(!('updated_at' in body[0]));
    } finally {
      await plain.close();
    }
  });

  it('shows the full registration, the bib in event_categories[0].tag_number', async () => {
    const event = eventsOf(sandbox)[0]!;
    const registration = sandbox.world.registrationsWith(event.races[0]!, 'active').find((r) => r.bib !== null && r.chip !== null)
      ?? sandbox.world.registrationsWith(event.races[0]!, 'active').find((r) => r.bib !== null)!;
    const { status, body } = await api(sandbox, `/events/${eventId}/registrations/R-${registration.id}`, token);
    assert.equal(status, 200);
    assert.equal(body.registration_number, `R-${registration.id}`);
    assert.equal(body.event_categories[0].tag_number, String(registration.bib));
    assert.equal(body.event_categories[0].chip_number, registration.chip);
    assert.equal(body.participant.dob, registration.person.birthdate);
    assert.deepEqual(Object.keys(body.participant.address), ['line1', 'line2', 'city', 'state', 'zip_code', 'country']);
    assert.equal((await api(sandbox, `/events/${eventId}/registrations/R-1`, token)).status, 404);
    const other = eventsOf(sandbox)[1]!;
    assert.equal((await api(sandbox, `/events/${other.ids.haku}/registrations/R-${registration.id}`, token)).status, 404);
    const foreign = eventsOf(sandbox, 2)[0]!;
    assert.equal((await api(sandbox, `/events/${foreign.ids.haku}/participants`, token)).status, 403);
  });

  it('has no results: Haku is a registration provider only', async () => {
    assert.equal((await api(sandbox, `/events/${eventId}/results`, token)).status, 404);
  });
});
