/**
 * The rules of race day under a tight budget, as tables: which reads keep the race-day cadence and
 * which are stretched (stretchCadences), and how much of the hour other work may fill while race day
 * holds a reserve (outsideReserveLimit).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outsideReserveLimit, type ReserveInputs } from '../../src/budget/budget.js';
import { stretchCadences, type RaceDayRead } from '../../src/scheduler/race-day-plan.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-05-16T12:00:00Z');
const read = (key: string, startMinutes: number, callsPerRun = 1, races = 1): RaceDayRead => ({ key, start: new Date(T0 + startMinutes * MINUTE), races, callsPerRun });

interface StretchCase {
  name: string;
  reads: RaceDayRead[];
  supply: number;
  /** Planned cadence by key, in seconds. */
  seconds: Record<string, number>;
  covered: number;
  need: number;
}

const STRETCH: StretchCase[] = [
  {
    name: 'everything fits: every read keeps 1 min',
    reads: [read('a', 0), read('b', 30), read('c', 60)], supply: 950,
    seconds: { a: 60, b: 60, c: 60 }, covered: 3, need: 180,
  },
  {
    name: 'exactly fits: nothing is stretched',
    reads: [read('a', 0, 2), read('b', 30)], supply: 180,
    seconds: { a: 60, b: 60 }, covered: 2, need: 180,
  },
  {
    name: 'one call short: the latest race alone slows',
    reads: [read('a', 0), read('b', 30), read('c', 60)], supply: 179,
    seconds: { a: 60, b: 60, c: 62 }, covered: 2, need: 179,
  },
  {
    name: 'well short: the first races keep 1 min, the rest share what is left at one cadence',
    reads: [read('a', 0), read('b', 10), read('c', 20), read('d', 30)], supply: 150,
    seconds: { a: 60, b: 60, c: 240, d: 240 }, covered: 2, need: 150,
  },
  {
    name: 'a race already started comes before one hours away, whatever the input order',
    reads: [read('later', 180), read('started', -20)], supply: 90,
    seconds: { started: 60, later: 120 }, covered: 1, need: 90,
  },
  {
    name: 'a read of three races counts its calls once and its races three times',
    reads: [read('event', 0, 2, 3), read('alone', 40)], supply: 150,
    seconds: { event: 60, alone: 120 }, covered: 3, need: 150,
  },
  {
    name: 'nothing left after the first: the rest wait the longest cadence, never a burst',
    reads: [read('a', 0, 2), read('b', 5), read('c', 6)], supply: 120,
    seconds: { a: 60, b: 900, c: 900 }, covered: 1, need: 128,
  },
  {
    name: 'equal starts are ordered by key, so every worker plans alike',
    reads: [read('y', 0), read('x', 0)], supply: 60,
    seconds: { x: 60, y: 900 }, covered: 1, need: 64,
  },
];

describe('stretchCadences: the races starting first keep the race-day cadence', () => {
  for (const c of STRETCH) {
    it(c.name, () => {
      const plan = stretchCadences(c.reads, c.supply, MINUTE, 15 * MINUTE);
      const seconds = Object.fromEntries([...plan.intervals].map(([key, ms]) => [key, ms / 1000]));
      assert.deepEqual(seconds, c.seconds);
      assert.equal(plan.covered, c.covered);
      assert.equal(plan.total, c.reads.reduce((n, r) => n + r.races, 0));
      assert.equal(plan.needPerHour, c.need);
      assert.equal(plan.stretchedMs === null, c.covered === plan.total);
    });
  }

  it('never plans more than the supply unless the longest cadence caps the stretch', () => {
    for (let supply = 1; supply <= 400; supply += 7) {
      const plan = stretchCadences([read('a', 0, 3), read('b', 10), read('c', 20, 2), read('d', 30)], supply, MINUTE, 15 * MINUTE);
      const capped = plan.stretchedMs === 15 * MINUTE;
      assert.ok(capped || plan.needPerHour <= supply, `supply ${supply}: need ${plan.needPerHour}`);
    }
  });
});

interface LendCase {
  name: string;
  inputs: ReserveInputs;
  limit: number;
}

const LEND: LendCase[] = [
  { name: 'no plan yet: the fixed 30 % reserve', inputs: { capacity: 1000, reserveShare: 0.3, raceDayNeed: null, raceDayUsed: 0 }, limit: 700 },
  {
    name: 'race day needs 200 an hour and has made them: 5 minutes of them stay free, the rest is lent',
    inputs: { capacity: 1000, reserveShare: 0.3, raceDayNeed: 200, raceDayUsed: 200 }, limit: 983,
  },
  {
    name: 'race day needs 200 and has made none yet: its 200 stay reserved (never less than the fixed rule)',
    inputs: { capacity: 1000, reserveShare: 0.3, raceDayNeed: 200, raceDayUsed: 0 }, limit: 783,
  },
  {
    name: 'race day needs 300 and has made none: the fixed rule, since lending would give less',
    inputs: { capacity: 1000, reserveShare: 0.3, raceDayNeed: 300, raceDayUsed: 0 }, limit: 700,
  },
  {
    name: 'race day needs 760 (more than the reserve) and has made them: other work gets what is left above them',
    inputs: { capacity: 1000, reserveShare: 0.3, raceDayNeed: 760, raceDayUsed: 760 }, limit: 936,
  },
  {
    name: 'race day needs 760 and has made 400: the 360 still to come are held back',
    inputs: { capacity: 1000, reserveShare: 0.3, raceDayNeed: 760, raceDayUsed: 400 }, limit: 576,
  },
  {
    name: 'race day needs the whole hour: other work gets nothing',
    inputs: { capacity: 500, reserveShare: 0.3, raceDayNeed: 500, raceDayUsed: 0 }, limit: 0,
  },
  { name: 'no race-day need at all: the whole hour', inputs: { capacity: 500, reserveShare: 0.3, raceDayNeed: 0, raceDayUsed: 0 }, limit: 500 },
];

describe('outsideReserveLimit: the reserve race day will not use is lent, what it will use is not', () => {
  for (const c of LEND) {
    it(c.name, () => assert.equal(outsideReserveLimit(c.inputs), c.limit));
  }

  it('other work filling its limit always leaves race day its calls still to come', () => {
    for (const need of [0, 50, 200, 300, 500, 760, 950]) {
      for (let used = 0; used <= need; used += 25) {
        const limit = outsideReserveLimit({ capacity: 1000, reserveShare: 0.3, raceDayNeed: need, raceDayUsed: used });
        assert.ok(1000 - limit >= need - used, `need ${need}, made ${used}: limit ${limit}`);
      }
    }
  });
});
