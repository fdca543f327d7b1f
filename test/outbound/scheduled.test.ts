/**
 * The outbound direction with nobody at the keyboard: the scheduler pushes a linked race's
 * registrations after its participants sync, and under the `automatic` publishing policy publishes
 * each results sync that changed something, on the same budget and leases as every other run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/log.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { WorldEvent, WorldRace } from '../../src/sandbox/world/index.js';
import { DEFAULT_POLICY } from '../../src/scheduler/policy.js';
import { Worker } from '../../src/scheduler/worker.js';
import { createLink } from '../../src/services/outbound.js';
import type { RunReport } from '../../src/sync/context.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { testEngines } from '../helpers/database.js';
import { TEST_BOX, TestClock } from '../helpers/sync.js';

const ANCHOR = new Date('2026-10-04T10:00:00Z');
const START = new Date(ANCHOR.getTime() + 2 * 3_600_000);

/** Ticks until nothing is due at the current (fixed) time. */
async function drain(worker: Worker, limit = 200): Promise<void> {
  for (let runs = 0; runs < limit && (await worker.tick()); runs++);
}

async function stateOf(sandbox: Sandbox, provider: 'runsignup' | 'copernico'): Promise<any> {
  return (await fetch(`${sandbox.endpoint(provider).origin}/_admin/state`)).json();
}

for (const engine of testEngines()) {
  describe(`the scheduler runs push and publish targets (${engine.name})`, () => {
    let db: Database;
    let sandbox: Sandbox;
    let clock: TestClock;
    let worker: Worker;
    let event: WorldEvent;
    let race: WorldRace;
    const reports: RunReport[] = [];

    before(async () => {
      clock = new TestClock(ANCHOR);
      sandbox = await startSandbox({
        providers: ['runsignup', 'copernico'], seed: 41, partners: 1, racesPerEvent: 1, registrationsPerRace: 16,
        eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, scoredShare: 1, pastShare: 0, anchor: new Date(ANCHOR.getTime() - 86_400_000),
        now: clock.now, eventStarts: () => START,
      });
      event = sandbox.world.eventsAt('copernico', 1)[0]!;
      race = event.races[0]!;
      db = await engine.open();
      const partner = await addPartner(db, 'Hands-off Timing', 'America/New_York', { publishing: 'automatic' });
      const connect = (provider: 'runsignup' | 'copernico', settings: Record<string, unknown> = {}) => {
        const { partner: _, ...credentials } = sandbox.endpoint(provider).credentials[0] as unknown as Record<string, string>;
        return addConnection(db, TEST_BOX, {
          timingPartnerId: partner.id, provider, baseUrl: sandbox.endpoint(provider).baseUrl, budgetPerHour: 1000, credentials,
          settings: { retryBaseMs: 1, ...settings },
        });
      };
      await connect('runsignup');
      await connect('copernico', { raceIds: [event.ids.copernico] });
      worker = new Worker({
        ctx: { db, log: createLogger('silent'), now: clock.now, holder: 'test:outbound', settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 } },
        box: TEST_BOX, fetch: globalThis.fetch, policy: DEFAULT_POLICY, reserveShare: 0.3, authFailureLimit: 3, leaseMs: 60_000, random: () => 0.5,
      }, { concurrency: 1, idleMs: 10, onRun: (r) => reports.push(r) });
      await worker.prepare();
      await drain(worker);
      const [ids] = await db.query<{ registration: number; scoring: number }>(
        `select (select race_id from unified_races where provider = 'runsignup' and provider_race_id = $1)::int as registration,
                (select race_id from unified_races where provider = 'copernico' and provider_race_id = $2)::int as scoring`,
        [String(race.ids.runsignup), `${event.ids.copernico}/${race.ids.copernico}`]);
      await createLink({ db }, partner.id, ids!.registration, ids!.scoring, clock.now());
    });
    after(async () => {
      await db?.close();
      await sandbox?.close();
    });

    it('pushes the registrations once the link exists, then again only what a participants sync changed', async () => {
      await drain(worker);
      let posts = (await stateOf(sandbox, 'copernico')).registrationPosts as { items: { id: string; dorsal?: string }[] }[];
      assert.equal(posts.length, 1);
      assert.deepEqual(posts[0]!.items.map((i) => i.id).sort(), sandbox.world.registrationsWith(race, 'active').map((r) => `RSU-${r.id}`).sort());

      const change = sandbox.mutate({ race: race.id, changeBibs: 1 });
      clock.advance(15 * 60_000);
      await drain(worker);
      posts = (await stateOf(sandbox, 'copernico')).registrationPosts;
      assert.equal(posts.length, 2, 'the participants sync made the push due');
      const registration = sandbox.world.registrationsWith(race, 'active').find((r) => r.id === change.changeBibs[0])!;
      assert.deepEqual(posts[1]!.items.map((i) => [i.id, i.dorsal]), [[`RSU-${registration.id}`, String(registration.bib)]]);
      const pushRuns = reports.filter((r) => r.kind === 'push');
      assert.deepEqual(pushRuns.map((r) => r.status), ['succeeded', 'succeeded']);
    });

    it('publishes each results sync that changed something, without waiting for approval: the results, then a correction alone', async () => {
      clock.current = new Date(START.getTime() + 4 * 3_600_000);
      await drain(worker);
      const results = sandbox.world.results(race);
      const visible = [...results.finished, ...results.unfinished].map((v) => v.registration.id).sort();
      assert.ok(visible.length > 0);
      let posts = (await stateOf(sandbox, 'runsignup')).resultPosts as { kind: string; request: { results: { registration_id: number; clock_time: string }[] } }[];
      assert.deepEqual(posts.map((p) => p.kind), ['new-result-set', 'full-results']);
      assert.deepEqual(posts[1]!.request.results.map((r) => r.registration_id).sort(), visible);

      const change = sandbox.mutate({ race: race.id, correctTimes: 1 });
      // Four hours after the start, results are read every 15 minutes.
      clock.advance(15 * 60_000);
      await drain(worker);
      posts = (await stateOf(sandbox, 'runsignup')).resultPosts;
      assert.deepEqual(posts.map((p) => p.kind), ['new-result-set', 'full-results', 'full-results']);
      assert.deepEqual(posts[2]!.request.results.map((r) => r.registration_id), change.correctTimes);
      const publications = await db.query<{ status: string; correction: boolean; decided_by: string }>('select status, correction, decided_by from publications order by id');
      assert.deepEqual(publications, [
        { status: 'published', correction: false, decided_by: 'automatic policy' },
        { status: 'published', correction: true, decided_by: 'automatic policy' },
      ]);
      assert.ok(reports.filter((r) => r.kind === 'publish').every((r) => r.status === 'succeeded'));
    });
  });
}
