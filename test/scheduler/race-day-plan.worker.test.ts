/**
 * Race day under a budget too small for it, through the worker: the races starting first keep the
 * 1-minute cadence, the later ones are stretched to one planned cadence (stored on their targets,
 * shown by `p88 status`), one alert per connection and race day says so, and the budget is never
 * exceeded. And the budget lends what race day will not use, and only that.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { ensureBudget, readBudget, recordRaceDayNeed, trySpend } from '../../src/budget/budget.js';
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/log.js';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { DEFAULT_POLICY } from '../../src/scheduler/policy.js';
import { Worker } from '../../src/scheduler/worker.js';
import { buildStatusReport } from '../../src/status/status-report.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { testEngines } from '../helpers/database.js';
import { TEST_BOX, TestClock } from '../helpers/sync.js';

const MINUTE = 60_000;
const FIRST_START = new Date('2026-05-16T12:00:00Z');
const RACES = 6;

function makeWorker(db: Database, clock: TestClock): Worker {
  return new Worker(
    {
      ctx: { db, log: createLogger('silent'), now: clock.now, holder: 'test:plan', settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 } },
      box: TEST_BOX, fetch: globalThis.fetch, policy: DEFAULT_POLICY, reserveShare: 0.3, authFailureLimit: 3, leaseMs: 60_000, random: () => 0.5,
    },
    { concurrency: 1, idleMs: 10 },
  );
}

async function drain(worker: Worker): Promise<void> {
  for (let runs = 0; runs < 200 && (await worker.tick()); runs++);
}

interface PlannedRow {
  start: Date;
  planned_interval_ms: string | null;
  next_run_at: Date;
  last_success_at: Date;
}

for (const engine of testEngines()) {
  describe(`race day on a tight budget (${engine.name})`, () => {
    let db: Database;
    let sandbox: RunSignupSandbox;
    let clock: TestClock;

    before(async () => {
      clock = new TestClock(new Date(FIRST_START.getTime() - 30 * MINUTE));
      sandbox = await startRunSignupSandbox({
        seed: 5, partners: 1, racesPerPartner: RACES, eventsPerRace: 1, participantsPerEvent: 20, pastShare: 0,
        anchor: new Date(FIRST_START.getTime() - 2 * 60 * MINUTE), now: clock.now,
        // Every race within the next two hours: all on race day at once.
        raceStarts: (index) => new Date(FIRST_START.getTime() + index * 20 * MINUTE),
      });
    });
    afterEach(async () => {
      await db?.close();
    });
    after(() => sandbox.close());

    it('keeps the soonest races at 1 min, stretches the latest, says so once, and stays inside the budget', async () => {
      db = await engine.open();
      const partner = await addPartner(db, 'Tight Timing', 'America/New_York');
      const [credential] = sandbox.credentials;
      const connection = await addConnection(db, TEST_BOX, {
        timingPartnerId: partner.id, provider: 'runsignup', baseUrl: sandbox.baseUrl, budgetPerHour: 150,
        credentials: { api_key: credential!.apiKey, api_secret: credential!.apiSecret }, settings: { retryBaseMs: 1, maxAttempts: 1 },
      });
      const worker = makeWorker(db, clock);
      await worker.prepare();
      for (let minute = 0; minute < 5; minute++) {
        await drain(worker);
        clock.advance(MINUTE);
      }
      const rows = await db.query<PlannedRow>(
        `select r.start_time as start, st.planned_interval_ms, st.next_run_at, st.last_success_at
         from sync_targets st join races r on r.id = st.race_id where st.kind = 'participants' order by r.start_time`,
      );
      assert.equal(rows.length, RACES);
      const planned = rows.map((r) => (r.planned_interval_ms === null ? null : Number(r.planned_interval_ms)));
      const kept = planned.findIndex((p) => p !== null);
      assert.ok(kept >= 1 && kept < RACES, `the soonest races keep 1 min, the latest are stretched: ${JSON.stringify(planned)}`);
      assert.ok(planned.slice(0, kept).every((p) => p === null), 'no race before a stretched one is stretched');
      const stretched = planned[kept]!;
      assert.ok(planned.slice(kept).every((p) => p === stretched) && stretched > MINUTE && stretched <= 15 * MINUTE);
      for (const [i, row] of rows.entries()) {
        const cadence = planned[i] ?? MINUTE;
        assert.ok(row.next_run_at.getTime() - row.last_success_at.getTime() <= cadence + 1000, `race ${i} next run within its planned cadence`);
      }

      const alerts = await db.query<{ message: string }>(`select message from alerts where kind = 'race_day_stretched'`);
      assert.equal(alerts.length, 1, 'one alert for the connection and race day');
      assert.match(alerts[0]!.message, new RegExp(`covers ${kept} of ${RACES} race-day races`));

      const budget = await readBudget(db, connection.id, clock.now());
      assert.ok(budget!.usedThisHour <= 150, `used ${budget!.usedThisHour} of 150`);
      const [need] = await db.query<{ race_day_need: number }>('select race_day_need from budgets where connection_id = $1', [connection.id]);
      assert.ok(need!.race_day_need <= 150 * 0.95 + 1, `planned ${need!.race_day_need} calls an hour`);

      const report = await buildStatusReport(db, clock.now());
      const shown = report.partners[0]!.connections[0]!.nextRaces;
      assert.equal(shown.filter((r) => r.budgetCadence !== null).length, RACES - kept);
      assert.ok(shown.slice(kept).every((r) => r.budgetCadence === `${stretched / 1000} s` || r.budgetCadence === `${stretched / MINUTE} min`));
    });

    it('lends the reserve race day will not use, and holds back what it will', async () => {
      db = await engine.open();
      const partner = await addPartner(db, 'Lending Timing', 'America/New_York');
      const connection = await addConnection(db, TEST_BOX, {
        timingPartnerId: partner.id, provider: 'runsignup', baseUrl: sandbox.baseUrl, budgetPerHour: 1000,
        credentials: { api_key: 'k', api_secret: 's' },
      });
      const now = clock.now();
      await ensureBudget(db, connection.id, 1000, 0.3, now);
      const spendOther = async (at: Date) => {
        let spent = 0;
        while ((await trySpend(db, connection.id, at, 'outside_reserve', 10)).ok) spent += 10;
        return spent;
      };
      // Without a plan: the fixed reserve, 700 of 1000.
      assert.equal(await spendOther(now), 700);
      // Race day plans 100 calls an hour and has made 60 of them: 40 still to come, plus 5 minutes of headroom (9).
      await recordRaceDayNeed(db, connection.id, 100, now);
      for (let i = 0; i < 6; i++) assert.equal((await trySpend(db, connection.id, now, 'race_day', 10)).ok, true);
      assert.equal(await spendOther(now), 190, 'lent up to 1000 - 40 - 9 = 951 in the window (760 used)');
      // Race day can still make every call it planned.
      for (let i = 0; i < 4; i++) assert.equal((await trySpend(db, connection.id, now, 'race_day', 10)).ok, true);
      // A plan left stale (no race-day read for 10 minutes) lends nothing more than the fixed reserve.
      const later = new Date(now.getTime() + 11 * MINUTE);
      assert.equal(await spendOther(later), 0);
    });
  });
}
