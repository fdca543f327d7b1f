import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import { BudgetExhausted, ensureBudget, pauseBudget, readBudget, spendInBlocks, trySpend } from '../../src/budget/budget.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { testEngines } from '../helpers/database.js';
import { TEST_BOX } from '../helpers/sync.js';

const T0 = new Date('2026-07-04T10:00:30Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function newConnection(db: Database, budgetPerHour: number): Promise<number> {
  const partner = await addPartner(db, 'Budget', 'UTC');
  const connection = await addConnection(db, TEST_BOX, {
    timingPartnerId: partner.id, provider: 'runsignup', baseUrl: null, budgetPerHour, credentials: { api_key: 'k', api_secret: 's' },
  });
  await ensureBudget(db, connection.id, budgetPerHour, 0.3, T0);
  return connection.id;
}

async function spendUntilRefused(db: Database, connectionId: number, now: Date, raceDay: boolean): Promise<number> {
  let spent = 0;
  while ((await trySpend(db, connectionId, now, raceDay ? 'race_day' : 'outside_reserve')).ok) spent += 1;
  return spent;
}

for (const engine of testEngines()) {
  describe(`the call budget (${engine.name})`, () => {
    let db: Database;
    before(async () => {
      db = await engine.open();
    });
    after(() => db.close());

    it('allows a burst up to the hourly budget and nothing more within the hour', async () => {
      const id = await newConnection(db, 100);
      assert.equal(await spendUntilRefused(db, id, T0, true), 100);
      const refused = await trySpend(db, id, at(30), 'race_day');
      assert.equal(refused.ok, false);
      assert.ok(!refused.ok && refused.retryAt.getTime() === Date.parse('2026-07-04T11:01:00Z'), 'free again once no hour can hold the burst');
      assert.equal((await trySpend(db, id, at(60), 'race_day')).ok, false, 'an hour from 10:00:45 to 11:00:45 would still hold the burst');
      assert.equal((await trySpend(db, id, at(61), 'race_day')).ok, true);
    });

    it('keeps the reserve share for race-day work', async () => {
      const id = await newConnection(db, 100);
      assert.equal(await spendUntilRefused(db, id, T0, false), 70, 'other work stops at 70 %');
      const refused = await trySpend(db, id, T0, 'outside_reserve');
      assert.ok(!refused.ok && /reserve/.test(refused.reason));
      assert.equal(await spendUntilRefused(db, id, T0, true), 30, 'race day gets the reserved 30 %');
    });

    it('is paused by a provider throttle until the reset', async () => {
      const id = await newConnection(db, 100);
      await pauseBudget(db, id, at(2));
      const refused = await trySpend(db, id, at(1), 'race_day');
      assert.ok(!refused.ok && refused.retryAt.getTime() === at(2).getTime() && /throttled/.test(refused.reason));
      assert.equal((await trySpend(db, id, at(2), 'race_day')).ok, true);
      const state = await readBudget(db, id, at(2));
      assert.deepEqual({ used: state!.usedThisHour, left: state!.left, paused: state!.pausedUntil }, { used: 1, left: 99, paused: null });
    });

    describe('spent in blocks (a manual sync\'s lanes)', () => {
      /** Makes up to `calls` calls through the block spender; how many it allowed before a refusal. */
      async function callThrough(spend: ReturnType<typeof spendInBlocks>, calls: number): Promise<number> {
        for (let made = 0; made < calls; made++) {
          try {
            await spend.beforeCall();
          } catch (error) {
            assert.ok(error instanceof BudgetExhausted, String(error));
            return made;
          }
        }
        return calls;
      }
      const usage = async (id: number, when: Date) => {
        const state = await readBudget(db, id, when);
        return { used: state!.usedThisHour, spent: state!.spentTotal };
      };

      it('counts exactly the calls made once released, and a block only holds what was made while it lasted', async () => {
        const id = await newConnection(db, 1000);
        let now = T0;
        const spend = spendInBlocks(db, id, () => now, 'whole_hour');
        assert.equal(await callThrough(spend, 45), 45);
        const [row] = await db.query<{ minute_counts: number[] }>('select minute_counts from budgets where connection_id = $1', [id]);
        assert.equal(row!.minute_counts.reduce((a, b) => a + b, 0), 60, 'three blocks of 20 held while the lane runs');
        now = at(1);
        assert.equal(await callThrough(spend, 3), 3, 'a new minute settles the old block and takes a new one');
        assert.deepEqual(await usage(id, now), { used: 48 + 17, spent: 45 + 1 });
        await spend.release();
        assert.deepEqual(await usage(id, now), { used: 48, spent: 48 });
        assert.deepEqual(await usage(id, at(61)), { used: 3, spent: 48 }, 'each call counted in its own minute: the first 45 leave the window first');
      });

      it('calls in flight at once on one handle take one block at a time', async () => {
        const id = await newConnection(db, 1000);
        const spend = spendInBlocks(db, id, () => T0, 'whole_hour');
        await Promise.all(Array.from({ length: 30 }, () => spend.beforeCall()));
        assert.deepEqual(await usage(id, T0), { used: 40, spent: 21 }, 'two blocks taken one after the other, the first settled when used up');
        await spend.release();
        assert.deepEqual(await usage(id, T0), { used: 30, spent: 30 });
      });

      it('near the limit takes smaller blocks and allows exactly the budget', async () => {
        const id = await newConnection(db, 50);
        assert.equal((await trySpend(db, id, T0, 'whole_hour', 13)).ok, true, 'another process spent 13');
        const spend = spendInBlocks(db, id, () => T0, 'whole_hour');
        assert.equal(await callThrough(spend, 100), 37);
        await spend.release();
        assert.deepEqual(await usage(id, T0), { used: 50, spent: 50 });
      });

      it('two lanes and a worker spending at once never exceed the budget', async () => {
        const id = await newConnection(db, 150);
        const lanes = [spendInBlocks(db, id, () => T0, 'whole_hour'), spendInBlocks(db, id, () => T0, 'whole_hour')];
        const single = async () => (await Promise.all(Array.from({ length: 60 }, () => trySpend(db, id, T0, 'whole_hour')))).filter((o) => o.ok).length;
        const [a, b, c] = await Promise.all([callThrough(lanes[0]!, 100), callThrough(lanes[1]!, 100), single()]);
        await Promise.all(lanes.map((lane) => lane.release()));
        assert.equal(a + b + c, 150, `${a} + ${b} + ${c} calls made`);
        assert.deepEqual(await usage(id, T0), { used: 150, spent: 150 });
      });
    });
  });
}

describe('the call budget shared by two processes', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL (a server two pools can share)' }, () => {
  it('is never exceeded when both spend at once', async () => {
    const [engine] = testEngines().filter((e) => e.name === 'postgres');
    const db = await engine!.open();
    try {
      const id = await newConnection(db, 150);
      const [current] = await db.query<{ name: string }>('select current_database() as name');
      const target = new URL(process.env.TEST_DATABASE_URL!);
      target.pathname = `/${current!.name}`;
      const other = await openPostgres(target.toString());
      try {
        const spendMany = async (pool: Database) => {
          const outcomes = await Promise.all(Array.from({ length: 120 }, () => trySpend(pool, id, T0, 'race_day')));
          return outcomes.filter((o) => o.ok).length;
        };
        const [a, b] = await Promise.all([spendMany(db), spendMany(other)]);
        assert.equal(a + b, 150, `${a} + ${b} calls granted`);
        assert.ok(a > 0 && b > 0, 'both processes spent');
      } finally {
        await other.close();
      }
    } finally {
      await db.close();
    }
  });
});
