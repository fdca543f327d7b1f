import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { api, eventsOf, login, startHaku } from './helpers.js';

const EVENT_KEYS = ['id', 'name', 'event_date', 'event_end_date', 'time_zone', 'location_name', 'location_city', 'location_state', 'status', 'created_at', 'updated_at'];

describe('Haku skin: events', () => {
  let sandbox: Sandbox;
  let token: string;

  before(async () => {
    sandbox = await startHaku({ eventsPerPartner: { haku: 40 }, registrationsPerRace: 3 });
    token = await login(sandbox);
  });
  after(() => sandbox.close());

  it('lists active events as a bare array: a date and a zone, no time', async () => {
    const { body } = await api(sandbox, '/events', token, { per_page: 100 });
    assert.ok(Array.isArray(body));
    assert.deepEqual(Object.keys(body[0]), EVENT_KEYS);
    assert.match(body[0].event_date, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(body[0].id, /^[0-9a-f]{20}$/);
    assert.ok(body.every((e: { status: string }) => e.status === 'active'));
    assert.equal(body.length, eventsOf(sandbox).filter((e) => !e.past).length);
  });

  it('includes inactive (already run) events with show_inactive=true, sorted as asked', async () => {
    const { body } = await api(sandbox, '/events', token, { per_page: 100, show_inactive: 'true', sort_column: 'event_date', sort_direction: 'desc' });
    assert.equal(body.length, eventsOf(sandbox).length);
    const dates = body.map((e: { event_date: string }) => e.event_date);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.ok(body.some((e: { status: string }) => e.status === 'inactive'));
    const updated = (await api(sandbox, '/events', token, { per_page: 100, show_inactive: 'true', sort_column: 'updated_at' })).body;
    const times = updated.map((e: { updated_at: string }) => e.updated_at);
    assert.deepEqual(times, [...times].sort());
    assert.equal((await api(sandbox, '/events', token, { sort_column: 'name' })).status, 400);
  });

  it('pages with page/per_page (25 by default) and can wrap the list in {"events": […]}', async () => {
    const first = (await api(sandbox, '/events', token, { show_inactive: 'true' })).body;
    assert.equal(first.length, 25);
    const second = (await api(sandbox, '/events', token, { show_inactive: 'true', page: 2 })).body;
    assert.equal(second.length, eventsOf(sandbox).length - 25);
    const wrapped = await startHaku({ haku: { eventsEnvelope: 'object' } });
    try {
      const reply = await api(wrapped, '/events', await login(wrapped));
      assert.ok(Array.isArray(reply.body.events));
    } finally {
      await wrapped.close();
    }
  });
});
