import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { RunSignupSandbox } from '../../../src/sandbox/index.js';
import { allParticipants, apiUrl, findRace, getJson, startSandbox } from './helpers.js';

describe('RunSignUp sandbox faults: reset, empty_page, repeat_page, expired_token, random mode', () => {
  let sandbox: RunSignupSandbox;
  let raceId: number;
  let eventId: number;

  before(async () => {
    sandbox = await startSandbox({ participantsPerEvent: 120 });
    raceId = findRace(sandbox, 1);
    eventId = sandbox.world.eventIds(raceId)[0] as number;
  });
  after(() => sandbox.close());

  const page = (n: number) => getJson(apiUrl(sandbox, `/race/${raceId}/participants`, { event_id: eventId, results_per_page: 50, page: n }));

  it('reset: the connection is destroyed without an answer', async () => {
    sandbox.injectFault({ kind: 'reset' });
    await assert.rejects(fetch(apiUrl(sandbox, '/races')), (error: Error) => error.name === 'TypeError');
    assert.equal((await fetch(apiUrl(sandbox, '/races'))).status, 200);
  });

  it('empty_page: a list answered empty in its usual envelope', async () => {
    sandbox.injectFault({ kind: 'empty_page', pathPattern: 'participants$' });
    assert.deepEqual((await page(1)).body, [{ event: { event_id: eventId, participants: [] }, participants: [] }]);
    assert.equal(allParticipants((await page(1)).body).length, 50);
  });

  it('repeat_page: the previous page of the same path again', async () => {
    const first = await page(1);
    sandbox.injectFault({ kind: 'repeat_page' });
    const second = await page(2);
    assert.equal(second.text, first.text);
    assert.notEqual((await page(2)).text, first.text);
  });

  it('expired_token: the next authenticated call fails authentication (error 6), then keys work again', async () => {
    sandbox.injectFault({ kind: 'expired_token' });
    assert.equal((await getJson(apiUrl(sandbox, '/races'))).body.error.error_code, 6);
    assert.ok(Array.isArray((await getJson(apiUrl(sandbox, '/races'))).body.races));
  });

  it('random mode: a seeded share of calls fails, the same calls for the same seed', async () => {
    const statuses = async () => {
      sandbox.injectFault({ random: { rate: 0.5, kinds: ['5xx'], seed: 3 } });
      const seen: number[] = [];
      for (let i = 0; i < 20; i++) seen.push((await fetch(apiUrl(sandbox, '/races'))).status);
      sandbox.injectFault({ random: null });
      return seen;
    };
    const first = await statuses();
    assert.ok(first.includes(503) && first.includes(200));
    assert.deepEqual(await statuses(), first);
    assert.equal((await fetch(apiUrl(sandbox, '/races'))).status, 200, 'off again');
  });

  it('admin faults: GET lists what is pending, DELETE clears it', async () => {
    sandbox.injectFault({ kind: '5xx', count: 3, pathPattern: 'nothing-matches' });
    const listed = await getJson(`${sandbox.origin}/_admin/faults`);
    assert.deepEqual(listed.body.pending, [{ kind: '5xx', remaining: 3, pathPattern: 'nothing-matches' }]);
    await new Promise<void>((resolve) => request(`${sandbox.origin}/_admin/faults`, { method: 'DELETE' }, (r) => r.resume().on('end', resolve)).end());
    assert.deepEqual((await getJson(`${sandbox.origin}/_admin/faults`)).body.pending, []);
  });
});
