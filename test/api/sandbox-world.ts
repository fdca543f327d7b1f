/** A RunSignUp sandbox synced once into a test database, with the scheduler's worker at hand. */
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/log.js';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { DEFAULT_POLICY } from '../../src/scheduler/policy.js';
import { Worker } from '../../src/scheduler/worker.js';
import { createToken } from '../../src/tokens/index.js';
import { setUpSync, TEST_BOX, TestClock, type SyncFixture } from '../helpers/sync.js';

export const ANCHOR = new Date('2026-09-01T12:00:00Z');

export interface SyncedWorld {
  sandbox: RunSignupSandbox;
  fixture: SyncFixture;
  clock: TestClock;
  readToken: string;
  triggerToken: string;
  close(): Promise<void>;
}

export async function startSyncedWorld(db: Database): Promise<SyncedWorld> {
  const clock = new TestClock(new Date(ANCHOR.getTime() + 60_000));
  const sandbox = await startRunSignupSandbox({
    seed: 5, partners: 1, racesPerPartner: 2, eventsPerRace: 1, participantsPerEvent: 30, pastShare: 0, anchor: ANCHOR, now: clock.now,
  });
  const [credential] = sandbox.credentials;
  const fixture = await setUpSync(db, { baseUrl: sandbox.baseUrl, apiKey: credential!.apiKey, apiSecret: credential!.apiSecret }, { now: clock.now });
  await fixture.sync({ full: true });
  return {
    sandbox, fixture, clock,
    readToken: (await createToken(db, { partnerId: fixture.partnerId, scope: 'read' })).secret,
    triggerToken: (await createToken(db, { partnerId: fixture.partnerId, scope: 'trigger' })).secret,
    close: () => sandbox.close(),
  };
}

export function makeWorker(db: Database, clock: TestClock, holder: string, signal?: AbortSignal): Worker {
  return new Worker(
    {
      ctx: { db, log: createLogger('silent'), now: clock.now, holder, signal, settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 } },
      box: TEST_BOX, fetch: globalThis.fetch, policy: DEFAULT_POLICY, reserveShare: 0.3, authFailureLimit: 3, leaseMs: 60_000, random: () => 0.5,
    },
    { concurrency: 1, idleMs: 20 },
  );
}
