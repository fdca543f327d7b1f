import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunSignupSandbox } from '../../../src/sandbox/index.js';
import { allParticipants, ANCHOR, apiUrl, findRace, getJson, startSandbox } from './helpers.js';

const post = (url: string, body: unknown) =>
  getJson(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('RunSignUp sandbox admin: virtual clock, corrupt records, race state', () => {
  let sandbox: RunSignupSandbox;
  let raceId: number;
  let eventId: number;

  before(async () => {
    sandbox = await startSandbox({ pastShare: 0 });
    raceId = findRace(sandbox, 1);
    eventId = sandbox.world.eventIds(raceId)[0] as number;
  });
  after(() => sandbox.close());

  it('reads, sets and advances the virtual clock; mutations stamp its time', async () => {
    assert.deepEqual((await getJson(`${sandbox.origin}/_admin/clock`)).body, { now: ANCHOR.toISOString(), mode: 'virtual' });
    const later = new Date(ANCHOR.getTime() + 3_600_000);
    assert.equal((await post(`${sandbox.origin}/_admin/clock`, { set: later.toISOString() })).body.now, later.toISOString());
    const moved = await post(`${sandbox.origin}/_admin/clock`, { advanceMs: 60_000 });
    assert.equal(moved.body.now, new Date(later.getTime() + 60_000).toISOString());
    const summary = sandbox.mutate({ eventId, register: 1 });
    assert.equal(summary.at, (later.getTime() + 60_000) / 1000);
    assert.equal((await post(`${sandbox.origin}/_admin/clock`, { advanceMs: 'soon' })).status, 400);
  });

  it('shows results of a race once the clock has passed its start', async () => {
    const info = sandbox.world.eventInfo(eventId)!;
    assert.equal(info.resultSetCount, 0);
    const results = () => getJson(apiUrl(sandbox, `/race/${raceId}/results/get-results`, { event_id: eventId }));
    assert.deepEqual((await results()).body, { individual_results_sets: [] });
    await post(`${sandbox.origin}/_admin/clock`, { set: new Date((info.startTime + 3 * 3600) * 1000).toISOString() });
    const shown = (await results()).body.individual_results_sets;
    assert.equal(shown.length, 1);
    assert.equal(shown[0].preliminary_results, 'T');
    assert.ok(shown[0].results.length > 0);
  });

  it('corrupts chosen records on the wire only, keeping the rest of their page', async () => {
    const { body } = await post(`${sandbox.origin}/_admin/corrupt`, { race: sandbox.sandbox.world.raceAt('runsignup', eventId)!.id, count: 2 });
    assert.equal(body.corrupted.length, 2);
    assert.equal(body.field, 'registration_id');
    const rows = allParticipants((await getJson(apiUrl(sandbox, `/race/${raceId}/participants`, { event_id: eventId, results_per_page: 2500 }))).body);
    assert.equal(rows.length, sandbox.world.participantCount(eventId));
    const broken = rows.filter((p) => typeof p.registration_id !== 'number');
    assert.equal(broken.length, 2);
    await post(`${sandbox.origin}/_admin/corrupt`, { registrations: [rows[5]!.registration_id], field: 'user.first_name', mode: 'missing' });
    const again = allParticipants((await getJson(apiUrl(sandbox, `/race/${raceId}/participants`, { event_id: eventId, results_per_page: 10 }))).body);
    assert.equal((again[5] as unknown as { user: Record<string, unknown> }).user.first_name, undefined);
    assert.equal(sandbox.world.participants(eventId)[5]?.user.first_name !== undefined, true, 'the world keeps the record intact');
  });

  it('describes one race in neutral form for comparing a database against', async () => {
    const race = sandbox.sandbox.world.raceAt('runsignup', eventId)!;
    const { body } = await getJson(`${sandbox.origin}/_admin/state?race=${race.id}`);
    assert.equal(body.race.ids.runsignup, eventId);
    assert.equal(body.registrations.filter((r: { status: string }) => r.status === 'active').length, sandbox.world.participantCount(eventId));
    assert.ok(Array.isArray(body.results.finished));
    assert.equal((await getJson(`${sandbox.origin}/_admin/state?race=99999999`)).status, 400);
  });
});
