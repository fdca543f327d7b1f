/**
 * The short form of `npm run chaos` (bench/chaos.ts): the same run, 25 seconds of faults at the
 * default rate on all five providers, two workers on PostgreSQL, one killed now and then. The seed
 * is printed; `npm run chaos -- --seed <n>` replays the same faults in the same order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chaosFailures } from '../../bench/chaos/report.js';
import { runChaos } from '../../bench/chaos/run.js';
import { CHAOS_PROVIDERS } from '../../bench/chaos/world.js';

const adminUrl = process.env.TEST_DATABASE_URL;
const SEED = Number(process.env.CHAOS_SEED ?? 3);

describe('a short chaos run (PostgreSQL)', { skip: adminUrl ? false : 'needs TEST_DATABASE_URL: workers share one PostgreSQL' }, () => {
  it(`faults, changes and SIGKILLs, then one clean pass: the database equals the providers (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const figures = await runChaos({
      adminUrl: adminUrl!, durationSeconds: 25, rate: 0.2, seed: SEED, workers: 2, killEverySeconds: 8, changeEverySeconds: 3,
      providers: CHAOS_PROVIDERS, partners: 2, registrationsPerRace: 30,
      databaseNames: { chaos: `p88_chaos_${process.pid}`, reference: `p88_chaos_reference_${process.pid}` },
      keepDatabases: false, progress: () => undefined,
    });
    assert.deepEqual(chaosFailures(figures), [], JSON.stringify(figures, null, 2));
    // The run really was one: faults (how many depends on the machine's speed), kills, world changes, rows on both sides.
    const injected = Object.values(figures.faults).reduce((a, b) => a + b, 0);
    assert.ok(injected >= 3 && Object.keys(figures.faults).length >= 2, JSON.stringify(figures.faults));
    assert.ok(figures.kills >= 1 && figures.worldChanges >= 5, JSON.stringify(figures));
    assert.ok(figures.rowsCompared.participants! > 500 && figures.rowsCompared.results! > 0, JSON.stringify(figures.rowsCompared));
  });
});
