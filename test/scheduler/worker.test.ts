import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import { createLogger } from '../../src/log.js';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { readBudget } from '../../src/budget/budget.js';
import { DEFAULT_POLICY, nextParticipantsRun, phaseLockFarRead } from '../../src/scheduler/policy.js';
import { readKeyOf } from '../../src/scheduler/race-day-plan.js';
import { Worker } from '../../src/scheduler/worker.js';
import type { RunReport } from '../../src/sync/context.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { testEngines } from '../helpers/database.js';
import { TEST_BOX, TestClock } from '../helpers/sync.js';

const ANCHOR = new Date('2026-09-01T12:00:00Z');

function makeWorker(db: Database, clock: TestClock, holder: string, reports: RunReport[] = [], signal?: AbortSignal): Worker {
  return new Worker(
    {
      ctx: {
        db, log: createLogger('silent'), now: clock.now, holder, signal,
        settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 },
      },
      box: TEST_BOX, fetch: globalThis.fetch, policy: DEFAULT_POLICY, reserveShare: 0.3, authFailureLimit: 3, leaseMs: 60_000,
      random: () => 0.5,
    },
    { concurrency: 1, idleMs: 10, onRun: (r) => reports.push(r) },
  );
}

/** Ticks until nothing is due at the current (fixed) time. */
async function drain(worker: Worker, limit = 200): Promise<number> {
  let runs = 0;
  while (runs < limit && (await worker.tick())) runs += 1;
  return runs;
}

async function connect(db: Database, sandbox: RunSignupSandbox, options: { secret?: string; budget?: number; settings?: Record<string, unknown> } = {}) {
  const partner = await addPartner(db, 'Scheduled Timing', 'America/Chicago');
  const [credential] = sandbox.credentials;
  return addConnection(db, TEST_BOX, {
    timingPartnerId: partner.id, provider: 'runsignup', baseUrl: sandbox.baseUrl, budgetPerHour: options.budget ?? 1000,
    credentials: { api_key: credential!.apiKey, api_secret: options.secret ?? credential!.apiSecret },
    settings: { retryBaseMs: 1, maxAttempts: 1, ...options.settings },
  });
}

for (const engine of testEngines()) {
  describe(`the scheduler (${engine.name})`, () => {
    let db: Database;
    let sandbox: RunSignupSandbox;
    let clock: TestClock;

    before(async () => {
      clock = new TestClock(new Date(ANCHOR.getTime() + 60_000));
      sandbox = await startRunSignupSandbox({
        seed: 21, partners: 1, racesPerPartner: 3, eventsPerRace: 2, participantsPerEvent: 45, pastShare: 0, anchor: ANCHOR, now: clock.now,
      });
    });
    afterEach(async () => {
      await db?.close();
    });
    after(() => sandbox.close());

    it('starts a new connection by itself and puts every race on its own clock', async () => {
      db = await engine.open();
      await connect(db, sandbox);
      const worker = makeWorker(db, clock, 'test:a');
      await worker.prepare();
      await drain(worker);
      const stored = await db.query<{ n: number }>('select count(*)::int as n from unified_participants');
      assert.equal(stored[0]!.n, sandbox.world.participantCount());
      const targets = await db.query<{ id: number; group_key: string | null; kind: string; next_run_at: Date; start: Date; priority: number }>(
        `select t.id, t.group_key, t.kind, t.next_run_at, r.start_time as start, t.priority from sync_targets t join races r on r.id = t.race_id
         where t.state = 'active' order by t.id`,
      );
      assert.equal(targets.filter((t) => t.kind === 'participants').length, 6);
      for (const target of targets) {
        // A far race's next read is on its read's own slot.
        const readKey = readKeyOf({ id: target.id, groupKey: target.group_key });
        const expected = target.kind === 'participants' ? phaseLockFarRead(nextParticipantsRun(clock.now(), target.start)!, clock.now(), readKey).at : target.start;
        assert.equal(target.next_run_at.getTime(), expected.getTime(), `${target.kind} of a race starting ${target.start.toISOString()}`);
      }
      const runs = await db.query<{ api_calls: number; n: number }>(
        "select sum(api_calls)::int as api_calls, count(*)::int as n from sync_runs r join sync_targets t on t.id = r.target_id where t.kind = 'participants'",
      );
      assert.deepEqual(runs[0], { api_calls: 3, n: 6 }, 'one call served both races of each event');
      assert.equal(await worker.tick(), false, 'nothing else is due now');
    });

    it('ends a run partial when the budget runs out mid-run, and runs it again when calls are free', async () => {
      db = await engine.open();
      // Discovery takes 4 calls (the list and 3 races); 4 more serve 4 pages, then the hour is used up.
      await connect(db, sandbox, { budget: 8, settings: { participantsPageSize: 10 } });
      const reports: RunReport[] = [];
      const worker = makeWorker(db, clock, 'test:b', reports);
      await worker.prepare();
      await drain(worker);
      const partial = reports.find((r) => r.status === 'partial')!;
      assert.ok(partial.budgetExhausted);
      const [target] = await db.query<{ next_run_at: Date; checkpoint: unknown; leased_by: string | null }>(
        'select next_run_at, checkpoint, leased_by from sync_targets where id = $1', [partial.targetId],
      );
      assert.ok(target!.checkpoint !== null, 'the checkpoint is kept');
      assert.equal(target!.leased_by, null);
      // Calls are counted per minute: free again once the minute of the first call is 61 minutes back.
      assert.equal(target!.next_run_at.getTime(), clock.now().getTime() - (clock.now().getTime() % 60_000) + 3_660_000);
      const budget = await readBudget(db, partial.connectionId, clock.now());
      assert.equal(budget!.usedThisHour, 8, 'never a call over the budget');
      assert.equal(partial.counts.pages, 4);
    });

    it('pauses a connection after three authentication failures in a row and raises an alert', async () => {
      db = await engine.open();
      const connection = await connect(db, sandbox, { secret: 'wrong' });
      const worker = makeWorker(db, clock, 'test:c');
      await worker.prepare();
      for (let i = 0; i < 3; i++) {
        await drain(worker);
        clock.advance(60 * 60_000);
      }
      const [row] = await db.query<{ status: string; auth_failures: number }>('select status, auth_failures from connections where id = $1', [connection.id]);
      assert.deepEqual(row, { status: 'auth_failed', auth_failures: 3 });
      const alerts = await db.query<{ kind: string; message: string }>('select kind, message from alerts');
      assert.equal(alerts.length, 1);
      assert.match(alerts[0]!.message, /paused after 3 authentication failures/);
      clock.advance(24 * 3_600_000);
      assert.equal(await worker.tick(), false, 'a paused connection is not retried');
    });

    it('pauses the budget when the provider throttles', async () => {
      db = await engine.open();
      const connection = await connect(db, sandbox);
      const reports: RunReport[] = [];
      const worker = makeWorker(db, clock, 'test:d', reports);
      await worker.prepare();
      sandbox.injectFault({ kind: 'throttle', count: 1, pathPattern: '/participants' });
      await drain(worker, 1);
      await worker.tick();
      const throttled = reports.find((r) => r.errorClass === 'rate_limited');
      assert.ok(throttled && !throttled.budgetExhausted, JSON.stringify(reports));
      const budget = await readBudget(db, connection.id, clock.now());
      assert.ok(budget!.pausedUntil && budget!.pausedUntil > clock.now(), 'the bucket is paused');
      const calls = sandbox.callCount();
      await drain(worker);
      assert.equal(sandbox.callCount(), calls, 'no call while paused');
      clock.current = budget!.pausedUntil!;
      await drain(worker);
      assert.ok(sandbox.callCount() > calls, 'calls again after the pause');
    });

    it('stops cleanly: the page is finished, the checkpoint kept and the lease given back', async () => {
      db = await engine.open();
      await connect(db, sandbox, { settings: { participantsPageSize: 10 } });
      const stop = new AbortController();
      const reports: RunReport[] = [];
      const worker = makeWorker(db, clock, 'test:e', reports, stop.signal);
      await worker.prepare();
      await worker.tick(); // discovery
      stop.abort();
      await worker.tick();
      const [stopped] = reports.filter((r) => r.kind === 'participants');
      assert.equal(stopped!.status, 'partial');
      assert.equal(stopped!.counts.pages, 1, 'stopped after its first page');
      const targets = await db.query<{ leased_by: string | null; checkpoint: { resumeAfter: string } | null }>(
        "select leased_by, checkpoint from sync_targets where kind = 'participants' and checkpoint is not null",
      );
      assert.ok(targets.length >= 1 && targets.every((t) => t.leased_by === null && /^\d+$/.test(t.checkpoint!.resumeAfter)));
    });
  });
}

describe('two workers on one PostgreSQL', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL (a server two pools can share)' }, () => {
  it('never run one target twice at once, and take over an expired lease from its checkpoint', async () => {
    const clock = new TestClock(new Date(ANCHOR.getTime() + 60_000));
    const sandbox = await startRunSignupSandbox({
      seed: 22, partners: 1, racesPerPartner: 1, eventsPerRace: 1, participantsPerEvent: 60, pastShare: 0, anchor: ANCHOR, now: clock.now, latencyMs: 20,
    });
    const [engine] = testEngines().filter((e) => e.name === 'postgres');
    const db = await engine!.open();
    const [current] = await db.query<{ name: string }>('select current_database() as name');
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${current!.name}`;
    const other = await openPostgres(url.toString());
    try {
      await connect(db, sandbox, { settings: { participantsPageSize: 20 } });
      const a = makeWorker(db, clock, 'host-a:1');
      const b = makeWorker(other, clock, 'host-b:1');
      await a.prepare();
      const [first, second] = await Promise.all([a.tick(), b.tick()]);
      assert.equal(Number(first) + Number(second), 1, 'one discovery target, one run');
      const runs = await db.query<{ n: number }>('select count(*)::int as n from sync_runs');
      assert.equal(runs[0]!.n, 1);

      // A worker died mid-run on another host: its lease expires and its checkpoint is where it stopped.
      const [target] = await db.query<{ id: number }>("select id from sync_targets where kind = 'participants'");
      await db.query(
        `update sync_targets set checkpoint = $2, leased_by = 'gone-host:99', lease_until = now() - interval '1 minute' where id = $1`,
        [target!.id, JSON.stringify({
          mode: 'full', phase: 'participants', races: [String(sandbox.world.eventIds()[0])], fetchStartedAt: Math.floor(clock.now().getTime() / 1000),
          resumeAfter: String(sandbox.world.participants(sandbox.world.eventIds()[0]!)[39]!.registration_id), maxModified: null, missing: [], cursorFrom: null,
        })],
      );
      await drain(b);
      const [resumed, catchUp] = await db.query<{ pages: number; status: string; mode: string }>(
        'select pages, status, mode from sync_runs where target_id = $1 and status = $2 order by id', [target!.id, 'succeeded'],
      );
      assert.deepEqual(resumed, { pages: 2, status: 'succeeded', mode: 'full' }, 'the last 20 participants and an empty page');
      // A resumed read is followed at once by an incremental one.
      assert.equal(catchUp?.mode, 'incremental');
    } finally {
      await other.close();
      await db.close();
      await sandbox.close();
    }
  });
});
