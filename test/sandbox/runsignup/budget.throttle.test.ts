import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANCHOR, apiUrl, getJson, startSandbox } from './helpers.js';

describe('RunSignUp sandbox call budget', () => {
  it('answers error 14 once a key has spent its hourly budget, and refills with the clock', async () => {
    let clock = new Date(ANCHOR);
    const sandbox = await startSandbox({ callsPerHour: 3, now: () => clock });
    try {
      const [mine, theirs] = sandbox.credentials;
      for (let i = 0; i < 3; i++) {
        const ok = await getJson(apiUrl(sandbox, '/races', {}, mine));
        assert.ok(Array.isArray(ok.body.races));
      }
      const throttled = await getJson(apiUrl(sandbox, '/races', {}, mine));
      assert.equal(throttled.status, 200);
      assert.deepEqual(throttled.body, { error: { error_code: 14, error_msg: 'Request throttled.' } });
      const other = await getJson(apiUrl(sandbox, '/races', {}, theirs));
      assert.ok(Array.isArray(other.body.races), 'budgets are per api_key');
      clock = new Date(clock.getTime() + 20 * 60_000);
      const refilled = await getJson(apiUrl(sandbox, '/races', {}, mine));
      assert.ok(Array.isArray(refilled.body.races), 'a third of an hour refills one call');
      assert.equal(sandbox.callCount(mine?.apiKey), 5);
      assert.equal(sandbox.callCount(), 6);
    } finally {
      await sandbox.close();
    }
  });

  it('can throttle with HTTP 429 and Retry-After seconds instead', async () => {
    const clock = new Date(ANCHOR);
    const sandbox = await startSandbox({ callsPerHour: 1, throttleAs: 'http429', now: () => clock });
    try {
      assert.equal((await getJson(apiUrl(sandbox, '/races'))).status, 200);
      const throttled = await getJson(apiUrl(sandbox, '/races'));
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers.get('retry-after'), '3600');
      assert.equal(throttled.body.error.error_code, 14);
    } finally {
      await sandbox.close();
    }
  });
});
