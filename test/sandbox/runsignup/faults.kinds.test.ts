import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunSignupSandbox } from '../../../src/sandbox/index.js';
import { apiUrl, findRace, getJson, startSandbox } from './helpers.js';

describe('RunSignUp sandbox injected faults', () => {
  let sandbox: RunSignupSandbox;
  let raceId: number;

  before(async () => {
    sandbox = await startSandbox();
    raceId = findRace(sandbox, 1);
  });
  after(() => sandbox.close());

  const race = () => fetch(apiUrl(sandbox, `/race/${raceId}`));

  it('5xx: answers 503 with an HTML body, then recovers', async () => {
    sandbox.injectFault({ kind: '5xx' });
    const failed = await race();
    assert.equal(failed.status, 503);
    assert.match(await failed.text(), /503 Service Temporarily Unavailable/);
    const ok = await race();
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { race: { race_id: number } }).race.race_id, raceId);
  });

  it('malformed: a 200 whose body is not JSON', async () => {
    sandbox.injectFault({ kind: 'malformed' });
    const response = await race();
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.throws(() => JSON.parse(text), SyntaxError);
    assert.match(text, /Warning/);
  });

  it('truncated: a 200 carrying the first half of a valid body', async () => {
    const whole = await (await race()).text();
    sandbox.injectFault({ kind: 'truncated' });
    const response = await race();
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(text.length > 0 && text.length < whole.length);
    assert.ok(whole.startsWith(text));
    assert.throws(() => JSON.parse(text), SyntaxError);
  });

  it('throttle: answers error 14 without a budget configured', async () => {
    sandbox.injectFault({ kind: 'throttle', count: 2 });
    for (let i = 0; i < 2; i++) assert.equal((await getJson(apiUrl(sandbox, '/races'))).body.error.error_code, 14);
    assert.ok(Array.isArray((await getJson(apiUrl(sandbox, '/races'))).body.races));
  });

  it('timeout: never answers until the client gives up', async () => {
    sandbox.injectFault({ kind: 'timeout' });
    await assert.rejects(fetch(apiUrl(sandbox, '/races'), { signal: AbortSignal.timeout(300) }), (error: Error) =>
      ['TimeoutError', 'AbortError'].includes(error.name),
    );
    assert.ok(Array.isArray((await getJson(apiUrl(sandbox, '/races'))).body.races));
  });

  it('applies only to paths matching pathPattern, and only count times', async () => {
    sandbox.injectFault({ kind: '5xx', count: 2, pathPattern: 'participants$' });
    assert.equal((await race()).status, 200, 'race detail is not affected');
    const participants = () => fetch(apiUrl(sandbox, `/race/${raceId}/participants`, { event_id: sandbox.world.eventIds(raceId)[0] }));
    assert.equal((await participants()).status, 503);
    assert.equal((await participants()).status, 503);
    assert.equal((await participants()).status, 200);
  });

  it('adds latencyMs to every API answer but not to admin calls', async () => {
    const slow = await startSandbox({ latencyMs: 250 });
    try {
      let started = Date.now();
      assert.equal((await fetch(apiUrl(slow, '/races'))).status, 200);
      assert.ok(Date.now() - started >= 240, 'API call was delayed');
      started = Date.now();
      assert.equal((await fetch(`${slow.origin}/_admin/state`)).status, 200);
      assert.ok(Date.now() - started < 240, 'admin call was not delayed');
    } finally {
      await slow.close();
    }
  });

  it('rejects an invalid fault', () => {
    assert.throws(() => sandbox.injectFault({ kind: 'gremlins' as never }));
    assert.throws(() => sandbox.injectFault({ kind: '5xx', pathPattern: '(' }), SyntaxError);
  });
});
