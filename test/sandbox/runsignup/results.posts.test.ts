import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunSignupSandbox } from '../../../src/sandbox/index.js';
import { apiUrl, findRace, getJson, startSandbox } from './helpers.js';

describe('RunSignUp sandbox result posting (new-result-set, full-results)', () => {
  let sandbox: RunSignupSandbox;
  let raceId: number;
  let eventId: number;

  before(async () => {
    sandbox = await startSandbox();
    raceId = findRace(sandbox, 1, true);
    eventId = sandbox.world.eventIds(raceId)[0] as number;
  });
  after(() => sandbox.close());

  const post = (path: string, fields: Record<string, string>, init: RequestInit = {}) =>
    getJson(apiUrl(sandbox, `/race/${raceId}/results/${path}`), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      ...init,
    });

  it('creates a result set, accepts full results into it, and records both for the admin state', async () => {
    const created = await post('new-result-set', {
      event_id: String(eventId), request_format: 'json', request: JSON.stringify({ individual_result_set_name: 'Published' }),
    });
    assert.equal(created.status, 200);
    const setId = created.body.individual_result_set_id as number;
    assert.equal(typeof setId, 'number');
    const results = [{ registration_id: 1, place: 1, clock_time: '0:28:01.123', chip_time: '0:28:00.001' }];
    const full = await post('full-results', {
      event_id: String(eventId), individual_result_set_id: String(setId), request_format: 'json', request: JSON.stringify({ results }),
    });
    assert.deepEqual(full.body, { num_results: 1 });
    const state = await getJson(`${sandbox.origin}/_admin/state`);
    assert.equal(state.body.resultPosts.length, 2);
    const [first, second] = state.body.resultPosts;
    assert.equal(first.kind, 'new-result-set');
    assert.equal(second.kind, 'full-results');
    assert.equal(second.individualResultSetId, setId);
    assert.deepEqual(second.request, { results });
    assert.equal(second.raceId, raceId);
    assert.equal(second.eventId, eventId);
  });

  it('takes multipart/form-data too', async () => {
    const form = new FormData();
    form.set('event_id', String(eventId));
    form.set('request_format', 'json');
    form.set('request', JSON.stringify({ individual_result_set_name: 'Multipart' }));
    const reply = await getJson(apiUrl(sandbox, `/race/${raceId}/results/new-result-set`), { method: 'POST', body: form });
    assert.equal(typeof reply.body.individual_result_set_id, 'number');
  });

  it('refuses GET (error 2), bad JSON or an unknown set (error 3), and another partner (error 7)', async () => {
    const get = await getJson(apiUrl(sandbox, `/race/${raceId}/results/full-results`));
    assert.equal(get.body.error.error_code, 2);
    const badJson = await post('full-results', { event_id: String(eventId), individual_result_set_id: '1', request: '{nope' });
    assert.equal(badJson.body.error.error_code, 3);
    const unknownSet = await post('full-results', { event_id: String(eventId), individual_result_set_id: '1', request: '{"results":[]}' });
    assert.equal(unknownSet.body.error.error_code, 3);
    const foreign = await getJson(apiUrl(sandbox, `/race/${raceId}/results/new-result-set`, {}, sandbox.credentials[1]), {
      method: 'POST', body: new URLSearchParams({ event_id: String(eventId), request: '{}' }),
    });
    assert.equal(foreign.body.error.error_code, 7);
  });
});
