import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MutationSummary, RunSignupSandbox } from '../../../src/sandbox/index.js';
import { ANCHOR, apiUrl, findRace, getJson, startSandbox } from './helpers.js';

const post = (url: string, body: unknown) =>
  getJson(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('RunSignUp sandbox admin endpoints', () => {
  let sandbox: RunSignupSandbox;
  const clock = new Date(ANCHOR.getTime() + 7_200_000);

  before(async () => {
    sandbox = await startSandbox({ now: () => clock });
  });
  after(() => sandbox.close());

  it('GET /_admin/state lists partners with credentials, races, events and counts', async () => {
    const { status, body } = await getJson(`${sandbox.origin}/_admin/state`);
    assert.equal(status, 200);
    assert.equal(body.partners.length, 2);
    assert.equal(body.partners[0].apiKey, sandbox.credentials[0]?.apiKey);
    assert.equal(body.partners[0].apiSecret, sandbox.credentials[0]?.apiSecret);
    assert.equal(body.races.length, 10);
    assert.equal(body.races[0].events.length, 2);
    assert.equal(body.totals.participants, 1000);
    assert.equal(body.races[0].events[0].participants, 50);
    assert.match(body.races[0].events[0].startTime, /^\d{4}-\d{2}-\d{2}T/);
  });

  it('POST /_admin/mutate applies a change and answers the summary; admin calls are not counted', async () => {
    const before = sandbox.callCount();
    const raceId = findRace(sandbox, 2);
    const { status, body } = await post(`${sandbox.origin}/_admin/mutate`, { raceId, register: 2, edit: 1 });
    const summary = body as MutationSummary;
    assert.equal(status, 200);
    assert.equal(summary.register.length, 2);
    assert.equal(summary.edit.length, 1);
    assert.equal(summary.at, Math.floor(clock.getTime() / 1000));
    const state = await getJson(`${sandbox.origin}/_admin/state`);
    assert.equal(state.body.totals.participants, 1002);
    assert.equal(sandbox.callCount(), before);
  });

  it('mutates random races when no race is given', () => {
    const summary = sandbox.mutate({ register: 5, remove: 3 });
    assert.equal(summary.register.length, 5);
    assert.equal(summary.remove.length, 3);
    assert.ok(summary.eventIds.length >= 1);
    assert.equal(sandbox.world.participantCount(), 1002 + 5 - 3 + summary.transfers.length);
  });

  it('POST /_admin/faults queues a fault for the API', async () => {
    const { body } = await post(`${sandbox.origin}/_admin/faults`, { kind: '5xx', count: 1 });
    assert.deepEqual(body, { ok: true, pendingFaults: 1 });
    assert.equal((await fetch(apiUrl(sandbox, '/races'))).status, 503);
    assert.equal((await fetch(apiUrl(sandbox, '/races'))).status, 200);
  });

  it('answers 400 for invalid admin bodies and 404 for unknown admin routes', async () => {
    assert.equal((await post(`${sandbox.origin}/_admin/mutate`, { register: -1 })).status, 400);
    assert.equal((await post(`${sandbox.origin}/_admin/mutate`, { raceId: 1, register: 1 })).status, 400);
    assert.equal((await post(`${sandbox.origin}/_admin/faults`, { kind: 'nope' })).status, 400);
    const broken = await fetch(`${sandbox.origin}/_admin/mutate`, { method: 'POST', body: '{not json' });
    assert.equal(broken.status, 400);
    assert.equal((await getJson(`${sandbox.origin}/_admin/nothing`)).status, 404);
  });
});
