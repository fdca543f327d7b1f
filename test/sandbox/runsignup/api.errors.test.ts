import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunSignupSandbox } from '../../../src/sandbox/index.js';
import { apiUrl, findRace, getJson, startSandbox } from './helpers.js';

const envelope = (code: number, msg: string) => ({ error: { error_code: code, error_msg: msg } });

describe('RunSignUp sandbox API errors', () => {
  let sandbox: RunSignupSandbox;
  let ownRace: number;
  let foreignRace: number;
  let eventId: number;

  before(async () => {
    sandbox = await startSandbox();
    ownRace = findRace(sandbox, 1, true);
    foreignRace = findRace(sandbox, 2);
    eventId = sandbox.world.eventIds(ownRace)[0] as number;
  });
  after(() => sandbox.close());

  it('answers error 6 for missing or wrong credentials, with HTTP 200 by default', async () => {
    const missing = await getJson(`${sandbox.baseUrl}/races?format=json`);
    assert.equal(missing.status, 200);
    assert.deepEqual(missing.body, envelope(6, 'Key authentication failed'));
    const wrong = await getJson(apiUrl(sandbox, '/races', { api_secret: 'nope' }));
    assert.deepEqual(wrong.body, envelope(6, 'Key authentication failed'));
  });

  it('accepts the rsu_api_key query parameter with the X-RSU-API-SECRET header', async () => {
    const credential = sandbox.credentials[0];
    const url = `${sandbox.baseUrl}/races?format=json&rsu_api_key=${credential?.apiKey}`;
    const reply = await getJson(url, { headers: { 'X-RSU-API-SECRET': credential?.apiSecret ?? '' } });
    assert.ok(Array.isArray(reply.body.races));
    const refused = await getJson(url, { headers: { 'X-RSU-API-SECRET': 'wrong' } });
    assert.equal(refused.body.error.error_code, 6);
  });

  it('answers error 7 for a race owned by another partner', async () => {
    const reply = await getJson(apiUrl(sandbox, `/race/${foreignRace}/participants`, { event_id: sandbox.world.eventIds(foreignRace)[0] }));
    assert.deepEqual(reply.body, envelope(7, 'Permission Denied'));
    const asOwner = await getJson(apiUrl(sandbox, `/race/${foreignRace}`, {}, sandbox.credentials[1]));
    assert.equal(asOwner.body.race.race_id, foreignRace);
  });

  it('answers error 201 for an unknown race', async () => {
    for (const id of ['999999999', 'abc']) {
      const reply = await getJson(apiUrl(sandbox, `/race/${id}/participants`, { event_id: 1 }));
      assert.deepEqual(reply.body, envelope(201, 'Race not found.'));
    }
  });

  it('answers error 3 for missing or foreign event_id and page sizes over the caps', async () => {
    const cases: Array<[string, Record<string, string | number>]> = [
      [`/race/${ownRace}/participants`, {}],
      [`/race/${ownRace}/participants`, { event_id: 'x' }],
      [`/race/${ownRace}/participants`, { event_id: sandbox.world.eventIds(foreignRace)[0] as number }],
      [`/race/${ownRace}/participants`, { event_id: eventId, results_per_page: 2501 }],
      [`/race/${ownRace}/participants`, { event_id: eventId, sort: 'favourite_color ASC' }],
      [`/race/${ownRace}/removed-participants`, { event_id: eventId, results_per_page: 2501 }],
      [`/race/${ownRace}/results/get-results`, { event_id: eventId, num: 2501 }],
      [`/race/${ownRace}/results/get-results`, { event_id: eventId, results_per_page: 2501 }],
      [`/race/${ownRace}/results/get-result-sets`, {}],
      ['/races', { results_per_page: 1001 }],
      ['/races', { start_date: '2025-13-45' }],
    ];
    for (const [path, params] of cases) {
      const reply = await getJson(apiUrl(sandbox, path, params));
      assert.deepEqual(reply.body, envelope(3, 'Invalid parameters'), `${path} ${JSON.stringify(params)}`);
    }
    const atCap = await getJson(apiUrl(sandbox, `/race/${ownRace}/participants`, { event_id: eventId, results_per_page: 2500 }));
    assert.ok(Array.isArray(atCap.body));
  });

  it('answers error 1 for unknown methods and 2 for other HTTP methods', async () => {
    const unknown = await getJson(apiUrl(sandbox, `/race/${ownRace}/sponsors`));
    assert.deepEqual(unknown.body, envelope(1, 'Unknown method'));
    const post = await getJson(apiUrl(sandbox, '/races'), { method: 'POST' });
    assert.deepEqual(post.body, envelope(2, 'HTTP method not supported for this REST method'));
  });

  it('sends error envelopes with the configured HTTP status', async () => {
    const strict = await startSandbox({ errorHttpStatus: 400 });
    try {
      const reply = await getJson(`${strict.baseUrl}/races?format=json`);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error.error_code, 6);
      const ok = await getJson(apiUrl(strict, '/races'));
      assert.equal(ok.status, 200);
    } finally {
      await strict.close();
    }
  });
});
