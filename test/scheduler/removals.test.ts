import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/log.js';
import { startRunSignupSandbox } from '../../src/sandbox/index.js';
import { DEFAULT_POLICY } from '../../src/scheduler/policy.js';
import { Worker } from '../../src/scheduler/worker.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { testEngines } from '../helpers/database.js';
import { TEST_BOX, TestClock } from '../helpers/sync.js';

const ANCHOR = new Date('2026-05-16T10:00:00Z');

for (const engine of testEngines()) {
  describe(`race day on one event (${engine.name})`, () => {
    it('reads all its races with one call a minute and the removed feed every five minutes, missing no withdrawal', async () => {
      const clock = new TestClock(new Date(ANCHOR.getTime()));
      const sandbox = await startRunSignupSandbox({
        seed: 31, partners: 1, racesPerPartner: 1, eventsPerRace: 3, participantsPerEvent: 20, pastShare: 0, anchor: ANCHOR, now: clock.now,
        raceStarts: () => new Date(ANCHOR.getTime() + 2 * 3_600_000),
      });
      const db = await engine.open();
      try {
        const partner = await addPartner(db, 'Race Day', 'America/New_York');
        const [credential] = sandbox.credentials;
        await addConnection(db, TEST_BOX, {
          timingPartnerId: partner.id, provider: 'runsignup', baseUrl: sandbox.baseUrl, budgetPerHour: 1000,
          credentials: { api_key: credential!.apiKey, api_secret: credential!.apiSecret }, settings: { retryBaseMs: 1 },
        });
        const worker = new Worker(
          {
            ctx: { db, log: createLogger('silent'), now: clock.now, holder: 'test:r', settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 } },
            box: TEST_BOX, fetch: globalThis.fetch, policy: DEFAULT_POLICY, reserveShare: 0.3, authFailureLimit: 3, leaseMs: 60_000,
          },
          { concurrency: 1, idleMs: 10 },
        );
        await worker.prepare();
        const minute = async () => {
          const before = sandbox.callCount();
          while (await worker.tick());
          const calls = sandbox.callCount() - before;
          clock.advance(60_000);
          return calls;
        };
        await minute(); // discovery and the first (full) read of the three races
        const eventId = sandbox.world.eventIds()[0]!;
        const removed = sandbox.mutate({ eventId, remove: 1 }).remove[0]!;
        const calls: number[] = [];
        for (let i = 0; i < 6; i++) calls.push(await minute());
        // One participants call per minute for all three races; the removed feed joins every 5 minutes.
        assert.deepEqual(calls, [1, 1, 1, 1, 2, 1]);
        const [row] = await db.query<{ deleted: boolean }>(
          'select deleted_at is not null as deleted from participants where provider_participant_id = $1', [String(removed)],
        );
        assert.equal(row!.deleted, true, 'the withdrawal is stored by the next feed read');
        const perRun = await db.query<{ n: number }>(
          "select count(distinct r.started_at)::int as n from sync_runs r join sync_targets t on t.id = r.target_id where t.kind = 'participants'",
        );
        assert.ok(perRun[0]!.n >= 7, 'every race has a run each minute');
      } finally {
        await db.close();
        await sandbox.close();
      }
    });
  });
}
