/**
 * Determinism and scale, the same way for every skin: two sandboxes from one seed answer the same
 * bytes (another seed does not), and a 100k-registration world starts fast and serves a page of
 * its biggest race without generating the rest.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Sandbox, SandboxOptions, SkinProvider, WorldOptions } from '../../../src/sandbox/index.js';

export interface SampleCase {
  provider: SkinProvider;
  start(options: SandboxOptions): Promise<Sandbox>;
  /** Bodies of a few representative calls (events, participants, results…). */
  sample(sandbox: Sandbox): Promise<string[]>;
  /** One page of the biggest race's registrations; returns how many rows it held. */
  biggestPage(sandbox: Sandbox): Promise<number>;
  /** Only this provider's events: the world options for 100k registrations there. */
  scaleWorld: WorldOptions;
}

export function describeDeterminismAndScale(c: SampleCase): void {
  describe(`${c.provider} skin: determinism and scale`, () => {
    it('answers byte-identical bodies for the same seed, different ones for another', async () => {
      const [a, b, other] = await Promise.all([c.start({ seed: 42 }), c.start({ seed: 42 }), c.start({ seed: 43 })]);
      try {
        const [x, y, z] = await Promise.all([c.sample(a), c.sample(b), c.sample(other)]);
        assert.ok(x.length >= 3 && x.every((body) => body.length > 50));
        assert.deepEqual(x, y);
        assert.notDeepEqual(x, z);
      } finally {
        await Promise.all([a.close(), b.close(), other.close()]);
      }
    });

    it('starts a 100k-registration world fast and serves a page of its biggest race', async () => {
      const started = Date.now();
      const sandbox = await c.start({ seed: 7, ...c.scaleWorld, totalRegistrations: 100_000 });
      try {
        assert.ok(Date.now() - started < 3000, `started in ${Date.now() - started} ms`);
        const total = sandbox.world.races.reduce((n, race) => n + sandbox.world.activeCount(race), 0);
        assert.equal(total, 100_000);
        const served = Date.now();
        assert.ok((await c.biggestPage(sandbox)) > 0);
        assert.ok(Date.now() - served < 5000, `served in ${Date.now() - served} ms`);
      } finally {
        await sandbox.close();
      }
    });
  });
}

/** The race with the most registrations at `provider`, without generating any. */
export function biggestRace(sandbox: Sandbox, provider: SkinProvider) {
  const races = sandbox.world.eventsAt(provider).flatMap((event) => event.races);
  return races.reduce((best, race) => (sandbox.world.activeCount(race) > sandbox.world.activeCount(best) ? race : best));
}
