/**
 * One fault-kind suite every skin passes (RunSignUp keeps its own, older files): each kind the
 * shared machinery injects, answered in the skin's own terms where the provider has some (its
 * throttle, its 401), plus count/pathPattern, latency and the budget. Real HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox, SandboxOptions, SkinProvider } from '../../../src/sandbox/index.js';

export interface FaultCase {
  provider: SkinProvider;
  start(options?: SandboxOptions): Promise<Sandbox>;
  /** An authenticated call for page `page` of a list with at least three pages. */
  page(sandbox: Sandbox, page: number): Promise<Response>;
  /** Gets fresh credentials after an expired_token fault (a new token, where there are tokens). */
  renew(sandbox: Sandbox): Promise<void>;
  /** The list's items in a parsed page body. */
  items(body: unknown): unknown[];
  /** The budget option that makes the skin throttle after `calls` calls. */
  budget(calls: number): SandboxOptions;
}

export function describeFaultKinds(c: FaultCase): void {
  describe(`${c.provider} skin: fault kinds`, () => {
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await c.start();
      await c.renew(sandbox);
    });
    after(() => sandbox.close());
    const inject = (kind: string, extra: Record<string, unknown> = {}) => sandbox.injectFault({ kind, ...extra } as never);
    const ok = async (page = 1) => {
      const response = await c.page(sandbox, page);
      assert.equal(response.status, 200);
      return response.text();
    };

    it('5xx: a 503 from the load balancer, then recovery', async () => {
      inject('5xx');
      const failed = await c.page(sandbox, 1);
      assert.equal(failed.status, 503);
      assert.match(await failed.text(), /503 Service Temporarily Unavailable/);
      await ok();
    });

    it('timeout: no answer until the client gives up', async () => {
      inject('timeout');
      await assert.rejects(
        Promise.race([c.page(sandbox, 1), new Promise((_, reject) => setTimeout(() => reject(Object.assign(new Error('gave up'), { name: 'TimeoutError' })), 300))]),
        (error: Error) => error.name === 'TimeoutError',
      );
      await ok();
    });

    it('reset: the connection is destroyed', async () => {
      inject('reset');
      await assert.rejects(c.page(sandbox, 1), (error: Error) => error.name === 'TypeError');
      await ok();
    });

    it('malformed and truncated: a 200 that does not parse; truncated is a prefix of the real body', async () => {
      const whole = await ok();
      inject('malformed');
      const malformed = await c.page(sandbox, 1);
      assert.equal(malformed.status, 200);
      const text = await malformed.text();
      assert.throws(() => JSON.parse(text));
      inject('truncated');
      const truncated = await (await c.page(sandbox, 1)).text().catch(() => '');
      assert.ok(truncated.length < whole.length && whole.startsWith(truncated));
      assert.throws(() => JSON.parse(truncated));
    });

    it('throttle: 429 with Retry-After', async () => {
      inject('throttle');
      const throttled = await c.page(sandbox, 1);
      assert.equal(throttled.status, 429);
      assert.ok(Number(throttled.headers.get('retry-after')) > 0);
      await throttled.text();
      await ok();
    });

    it('empty_page and repeat_page: an empty list in its envelope; the previous page again', async () => {
      inject('empty_page');
      assert.deepEqual(c.items(JSON.parse(await ok())), []);
      const first = await ok(1);
      inject('repeat_page');
      assert.equal(await ok(2), first);
      assert.notEqual(await ok(2), first);
    });

    it('expired_token: the next authenticated call is a 401; fresh credentials work', async () => {
      inject('expired_token');
      const refused = await c.page(sandbox, 1);
      assert.equal(refused.status, 401);
      await refused.text();
      await c.renew(sandbox);
      await ok();
    });

    it('count and pathPattern: only matching calls, only that often', async () => {
      inject('5xx', { count: 2, pathPattern: 'no-such-path' });
      await ok();
      sandbox.injectFault({ provider: c.provider, kind: '5xx', count: 2 });
      assert.equal((await c.page(sandbox, 1)).status, 503);
      assert.equal((await c.page(sandbox, 1)).status, 503);
      await ok();
      await fetch(`${sandbox.endpoint(c.provider).origin}/_admin/faults`, { method: 'DELETE' });
    });

    it('budget: over it, 429 with Retry-After until the clock refills it', async () => {
      const limited = await c.start(c.budget(2));
      try {
        await c.renew(limited);
        for (let i = 0; i < 2; i++) assert.equal((await c.page(limited, 1)).status, 200);
        const over = await c.page(limited, 1);
        assert.equal(over.status, 429);
        assert.ok(Number(over.headers.get('retry-after')) >= 1);
        limited.clock.advance(3_600_000);
        await c.renew(limited);
        assert.equal((await c.page(limited, 1)).status, 200);
      } finally {
        await limited.close();
      }
    });

    it('latency: every API answer is delayed, admin calls are not', async () => {
      const slow = await c.start({ latencyMs: 200 });
      try {
        await c.renew(slow);
        let started = Date.now();
        assert.equal((await c.page(slow, 1)).status, 200);
        assert.ok(Date.now() - started >= 190);
        started = Date.now();
        await fetch(`${slow.endpoint(c.provider).origin}/_admin/state`);
        assert.ok(Date.now() - started < 190);
      } finally {
        await slow.close();
      }
    });
  });
}
