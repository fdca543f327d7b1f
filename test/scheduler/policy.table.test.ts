import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_POLICY,
  PRIORITY,
  backoffMs,
  phaseLockFarRead,
  isRaceDay,
  nextDiscoveryRun,
  nextParticipantsRun,
  nextResultsRun,
  resolvePolicy,
  type SchedulePolicy,
  type Urgency,
} from '../../src/scheduler/policy.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const at = (iso: string): Date => new Date(iso);
const plus = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

interface Expected {
  at: Date;
  urgency: Urgency;
  intervalMs: number;
}

interface RaceCase {
  name: string;
  now: Date;
  start: Date;
  expected: Expected | null;
}

function assertRun(actual: { at: Date; urgency: Urgency; intervalMs: number } | null, expected: Expected | null): void {
  if (expected === null || actual === null) {
    assert.equal(actual, expected);
    return;
  }
  assert.deepEqual(
    { at: actual.at.toISOString(), urgency: actual.urgency, intervalMs: actual.intervalMs },
    { at: expected.at.toISOString(), urgency: expected.urgency, intervalMs: expected.intervalMs },
  );
}

describe('nextParticipantsRun', () => {
  const start = at('2026-06-06T14:00:00Z');
  const before = (ms: number): Date => plus(start, -ms);
  const after = (ms: number): Date => plus(start, ms);
  const cases: RaceCase[] = [
    { name: '7 days out: far, every 4 h', now: before(7 * DAY), start, expected: { at: before(7 * DAY - 4 * HOUR), urgency: 'far', intervalMs: 4 * HOUR } },
    { name: '28 h out: far, 4 h later lands exactly on start − 24 h', now: before(28 * HOUR), start, expected: { at: before(24 * HOUR), urgency: 'far', intervalMs: 4 * HOUR } },
    { name: '25 h out: far, capped at start − 24 h', now: before(25 * HOUR), start, expected: { at: before(24 * HOUR), urgency: 'far', intervalMs: 4 * HOUR } },
    { name: '24 h + 1 ms out: still far, due 1 ms later', now: before(DAY + 1), start, expected: { at: before(DAY), urgency: 'far', intervalMs: 4 * HOUR } },
    { name: 'exactly 24 h out: day (boundary is the tighter window)', now: before(DAY), start, expected: { at: before(DAY - 15 * MINUTE), urgency: 'day', intervalMs: 15 * MINUTE } },
    { name: '4 h 30 min out: day, 15 min does not reach start − 4 h', now: before(4.5 * HOUR), start, expected: { at: before(4.25 * HOUR), urgency: 'day', intervalMs: 15 * MINUTE } },
    { name: '4 h 10 min out: day, capped at start − 4 h', now: before(4 * HOUR + 10 * MINUTE), start, expected: { at: before(4 * HOUR), urgency: 'day', intervalMs: 15 * MINUTE } },
    { name: 'exactly 4 h out: race day (boundary is the tighter window)', now: before(4 * HOUR), start, expected: { at: before(4 * HOUR - MINUTE), urgency: 'race_day', intervalMs: MINUTE } },
    { name: '30 min out: race day, every minute', now: before(30 * MINUTE), start, expected: { at: before(29 * MINUTE), urgency: 'race_day', intervalMs: MINUTE } },
    { name: 'at the start: race day', now: start, start, expected: { at: after(MINUTE), urgency: 'race_day', intervalMs: MINUTE } },
    { name: '30 min after the start: race day, every minute', now: after(30 * MINUTE), start, expected: { at: after(31 * MINUTE), urgency: 'race_day', intervalMs: MINUTE } },
    { name: '59 min 30 s after: capped at the stop (start + 1 h)', now: after(59.5 * MINUTE), start, expected: { at: after(HOUR), urgency: 'race_day', intervalMs: MINUTE } },
    { name: 'exactly start + 1 h: the last run happened, done', now: after(HOUR), start, expected: null },
    { name: 'start + 1 h + 1 ms: done', now: after(HOUR + 1), start, expected: null },
    { name: '2 days after: done', now: after(2 * DAY), start, expected: null },
  ];
  for (const c of cases) {
    it(c.name, () => assertRun(nextParticipantsRun(c.now, c.start), c.expected));
  }

  it('follows a policy passed in', () => {
    const policy = resolvePolicy({ participants: { dayIntervalMs: 5 * MINUTE } });
    assertRun(nextParticipantsRun(before(10 * HOUR), start, policy), { at: before(10 * HOUR - 5 * MINUTE), urgency: 'day', intervalMs: 5 * MINUTE });
  });
});

describe('nextResultsRun (America/Chicago, UTC−5 in summer)', () => {
  const zone = 'America/Chicago';
  const monday = at('2026-06-01T14:00:00Z'); // Monday 09:00 CDT
  const sunday = at('2026-05-31T14:00:00Z'); // Sunday 09:00 CDT
  const wednesday = at('2026-06-03T14:00:00Z'); // Wednesday 09:00 CDT
  const cases: RaceCase[] = [
    { name: 'before the start: first check at the start', now: plus(monday, -3 * HOUR), start: monday, expected: { at: monday, urgency: 'results', intervalMs: 15 * MINUTE } },
    { name: 'at the start: race window, every 15 min', now: monday, start: monday, expected: { at: plus(monday, 15 * MINUTE), urgency: 'results', intervalMs: 15 * MINUTE } },
    { name: '2 h after: race window', now: plus(monday, 2 * HOUR), start: monday, expected: { at: plus(monday, 2.25 * HOUR), urgency: 'results', intervalMs: 15 * MINUTE } },
    { name: '5 h 50 min after: capped at +6 h', now: plus(monday, 5 * HOUR + 50 * MINUTE), start: monday, expected: { at: plus(monday, 6 * HOUR), urgency: 'results', intervalMs: 15 * MINUTE } },
    { name: 'exactly +6 h: recent window (windows are half-open)', now: plus(monday, 6 * HOUR), start: monday, expected: { at: plus(monday, 8 * HOUR), urgency: 'results', intervalMs: 2 * HOUR } },
    { name: '1 day after: recent, every 2 h', now: plus(monday, DAY), start: monday, expected: { at: plus(monday, DAY + 2 * HOUR), urgency: 'results', intervalMs: 2 * HOUR } },
    { name: '2 days − 30 min: capped at +2 days', now: plus(monday, 2 * DAY - 30 * MINUTE), start: monday, expected: { at: plus(monday, 2 * DAY), urgency: 'results', intervalMs: 2 * HOUR } },
    { name: '3 days, on a Wednesday: every 12 h', now: plus(sunday, 3 * DAY), start: sunday, expected: { at: at('2026-06-04T02:00:00Z'), urgency: 'results', intervalMs: 12 * HOUR } },
    { name: '3 days, on a Saturday: weekend, every 2 h', now: plus(wednesday, 3 * DAY), start: wednesday, expected: { at: at('2026-06-06T16:00:00Z'), urgency: 'results', intervalMs: 2 * HOUR } },
    { name: 'Thursday 20:00 local: 12 h capped at Friday 00:00 local', now: at('2026-06-05T01:00:00Z'), start: monday, expected: { at: at('2026-06-05T05:00:00Z'), urgency: 'results', intervalMs: 12 * HOUR } },
    { name: 'Friday in UTC but Thursday 22:00 local: still a weekday', now: at('2026-06-05T03:00:00Z'), start: monday, expected: { at: at('2026-06-05T05:00:00Z'), urgency: 'results', intervalMs: 12 * HOUR } },
    { name: 'Sunday 23:00 local: weekend cadence up to the end', now: at('2026-06-08T04:00:00Z'), start: monday, expected: { at: at('2026-06-08T06:00:00Z'), urgency: 'results', intervalMs: 2 * HOUR } },
    { name: '7 days − 1 h, a Monday: capped at +7 days', now: plus(monday, 7 * DAY - HOUR), start: monday, expected: { at: plus(monday, 7 * DAY), urgency: 'results', intervalMs: 12 * HOUR } },
    { name: 'exactly +7 days: the daily sweep, next 03:00 local', now: plus(monday, 7 * DAY), start: monday, expected: { at: at('2026-06-09T08:00:00Z'), urgency: 'results', intervalMs: 18 * HOUR } },
    { name: '10 days, 09:00 local: next day 03:00 local', now: plus(monday, 10 * DAY), start: monday, expected: { at: at('2026-06-12T08:00:00Z'), urgency: 'results', intervalMs: 18 * HOUR } },
    { name: '10 days, 02:00 local: 03:00 the same day', now: at('2026-06-11T07:00:00Z'), start: monday, expected: { at: at('2026-06-11T08:00:00Z'), urgency: 'results', intervalMs: HOUR } },
    { name: '10 days, exactly 03:00 local: strictly after, so tomorrow', now: at('2026-06-11T08:00:00Z'), start: monday, expected: { at: at('2026-06-12T08:00:00Z'), urgency: 'results', intervalMs: DAY } },
    { name: 'sweep across the autumn DST change: 21 h, still 03:00 local', now: at('2026-10-31T12:00:00Z'), start: at('2026-10-20T14:00:00Z'), expected: { at: at('2026-11-01T09:00:00Z'), urgency: 'results', intervalMs: 21 * HOUR } },
    { name: 'last sweep before the 30-day horizon is kept', now: plus(monday, 29.5 * DAY), start: monday, expected: { at: at('2026-07-01T08:00:00Z'), urgency: 'results', intervalMs: 6 * HOUR } },
    { name: 'next sweep would fall after the horizon: done', now: at('2026-07-01T09:00:00Z'), start: monday, expected: null },
    { name: '40 days: done', now: plus(monday, 40 * DAY), start: monday, expected: null },
  ];
  for (const c of cases) {
    it(c.name, () => assertRun(nextResultsRun(c.now, c.start, zone), c.expected));
  }

  it('rejects an unknown time zone', () => {
    assert.throws(() => nextResultsRun(monday, monday, 'Mars/Olympus'), /Unknown time zone "Mars\/Olympus"/);
  });
});

describe('nextDiscoveryRun (America/Los_Angeles)', () => {
  const zone = 'America/Los_Angeles';
  const last = at('2026-01-01T00:00:00Z');
  const cases: Array<{ name: string; now: Date; lastSuccessAt: Date | null; policy?: SchedulePolicy; expected: Expected }> = [
    { name: 'never succeeded: due now', now: at('2026-06-10T20:17:00Z'), lastSuccessAt: null, expected: { at: at('2026-06-10T20:17:00Z'), urgency: 'discovery', intervalMs: 0 } },
    { name: '05:59 → 06:00', now: at('2026-06-10T12:59:00Z'), lastSuccessAt: last, expected: { at: at('2026-06-10T13:00:00Z'), urgency: 'discovery', intervalMs: MINUTE } },
    { name: '06:00 → 18:00 (strictly after)', now: at('2026-06-10T13:00:00Z'), lastSuccessAt: last, expected: { at: at('2026-06-11T01:00:00Z'), urgency: 'discovery', intervalMs: 12 * HOUR } },
    { name: '18:00 → next day 06:00', now: at('2026-06-11T01:00:00Z'), lastSuccessAt: last, expected: { at: at('2026-06-11T13:00:00Z'), urgency: 'discovery', intervalMs: 12 * HOUR } },
    { name: '20:00 → next day 06:00', now: at('2026-06-11T03:00:00Z'), lastSuccessAt: last, expected: { at: at('2026-06-11T13:00:00Z'), urgency: 'discovery', intervalMs: 10 * HOUR } },
    { name: 'spring forward: 20:00 PST → 06:00 PDT is 9 h', now: at('2026-03-08T04:00:00Z'), lastSuccessAt: last, expected: { at: at('2026-03-08T13:00:00Z'), urgency: 'discovery', intervalMs: 9 * HOUR } },
    { name: 'fall back: 20:00 PDT → 06:00 PST is 11 h', now: at('2026-11-01T03:00:00Z'), lastSuccessAt: last, expected: { at: at('2026-11-01T14:00:00Z'), urgency: 'discovery', intervalMs: 11 * HOUR } },
    {
      name: 'an hour skipped by spring forward (02:00) runs at 03:00 PDT',
      now: at('2026-03-07T20:00:00Z'),
      lastSuccessAt: last,
      policy: resolvePolicy({ discovery: { hours: [2] } }),
      expected: { at: at('2026-03-08T10:00:00Z'), urgency: 'discovery', intervalMs: 14 * HOUR },
    },
  ];
  for (const c of cases) {
    it(c.name, () => assertRun(nextDiscoveryRun(c.now, zone, c.lastSuccessAt, c.policy), c.expected));
  }
});

describe('backoffMs', () => {
  const cases: Array<{ name: string; attempts: number; random: number; expected: number }> = [
    { name: 'first retry, least jitter: half of 30 s', attempts: 1, random: 0, expected: 15 * SECOND },
    { name: 'doubles', attempts: 2, random: 0, expected: 30 * SECOND },
    { name: 'doubles again', attempts: 3, random: 0, expected: 60 * SECOND },
    { name: 'sixth: 16 min before jitter', attempts: 6, random: 0, expected: 8 * MINUTE },
    { name: 'seventh: 32 min is capped at 30 min', attempts: 7, random: 0, expected: 15 * MINUTE },
    { name: 'stays capped however many attempts', attempts: 5000, random: 0, expected: 15 * MINUTE },
    { name: 'mid jitter scales by 0.75', attempts: 2, random: 0.5, expected: 45 * SECOND },
    { name: 'most jitter stays below the cap', attempts: 7, random: 0.999999, expected: 30 * MINUTE - 1 },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(backoffMs(c.attempts, () => c.random), c.expected));
  }

  it('rejects attempts below 1 or fractional', () => {
    assert.throws(() => backoffMs(0), RangeError);
    assert.throws(() => backoffMs(1.5), RangeError);
  });

  it('follows the policy', () => {
    const policy = resolvePolicy({ backoff: { baseMs: SECOND, maxMs: 4 * SECOND } });
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffMs(n, () => 0, policy)), [500, 1000, 2000, 2000, 2000]);
  });
});

describe('phaseLockFarRead', () => {
  const start = at('2026-06-06T14:00:00Z');
  const CADENCE = DEFAULT_POLICY.participants.farIntervalMs;
  const cases: Array<{ name: string; now: Date; locked: boolean }> = [
    { name: '7 days out, a full far cadence: on its slot', now: plus(start, -7 * DAY), locked: true },
    { name: '25 h out, far but cut at start − 24 h: unchanged', now: plus(start, -25 * HOUR), locked: false },
    { name: '10 h out, day cadence: unchanged', now: plus(start, -10 * HOUR), locked: false },
    { name: '2 h out, race day: unchanged', now: plus(start, -2 * HOUR), locked: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const next = nextParticipantsRun(c.now, start)!;
      const locked = phaseLockFarRead(next, c.now, 'event:17');
      assert.equal(locked.urgency, next.urgency);
      if (!c.locked) assert.deepEqual(locked, next);
      else assert.ok(locked.at <= next.at && locked.at > c.now);
    });
  }

  it('never lengthens a gap, and every read of one key lands on the same grid', () => {
    const first = plus(start, -7 * DAY);
    for (let event = 1; event <= 200; event++) {
      const key = `event:${event}`;
      const slots = [0, 17 * MINUTE, 3 * HOUR + 59 * MINUTE, 26 * HOUR].map((offset) => {
        const now = plus(first, offset);
        const slot = phaseLockFarRead(nextParticipantsRun(now, start)!, now, key).at.getTime();
        assert.ok(slot > now.getTime() && slot <= now.getTime() + CADENCE, 'within one cadence');
        return slot;
      });
      // The slots of one key differ by whole cadences: a delayed read is back on its grid.
      for (const slot of slots) assert.equal((slot - slots[0]!) % CADENCE, 0);
    }
  });

  it('a read delayed past its slot is due at the next one, within a cadence', () => {
    const now = plus(start, -7 * DAY);
    const slot = phaseLockFarRead(nextParticipantsRun(now, start)!, now, 'event:5').at;
    const late = plus(slot, 40 * MINUTE);
    assert.equal(phaseLockFarRead(nextParticipantsRun(late, start)!, late, 'event:5').at.getTime(), slot.getTime() + CADENCE);
  });

  it('spreads a cohort read at one instant evenly over the whole cadence', () => {
    const now = plus(start, -7 * DAY);
    const perSlot = new Array<number>(8).fill(0);
    for (let event = 1; event <= 400; event++) {
      const waitMs = phaseLockFarRead(nextParticipantsRun(now, start)!, now, `event:${event}`).at.getTime() - now.getTime();
      perSlot[Math.floor((waitMs - 1) / (CADENCE / 8))]! += 1;
    }
    // 400 reads into eight half-hour slots: 50 each on average, none empty, none holding twice its share.
    assert.ok(perSlot.every((n) => n >= 25 && n <= 100), `reads per half hour: ${perSlot.join(' ')}`);
  });
});

describe('isRaceDay', () => {
  const start = at('2026-06-06T14:00:00Z');
  const cases: Array<{ name: string; now: Date; expected: boolean }> = [
    { name: '4 h + 1 ms before: not yet', now: plus(start, -4 * HOUR - 1), expected: false },
    { name: 'exactly 4 h before', now: plus(start, -4 * HOUR), expected: true },
    { name: 'at the start', now: start, expected: true },
    { name: 'exactly start + 1 h', now: plus(start, HOUR), expected: true },
    { name: 'start + 1 h + 1 ms: over', now: plus(start, HOUR + 1), expected: false },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(isRaceDay(c.now, start), c.expected));
  }
});

describe('PRIORITY', () => {
  it('orders race day before day, discovery, far, results, backfill', () => {
    const order: Urgency[] = ['race_day', 'day', 'discovery', 'far', 'results', 'backfill'];
    assert.deepEqual(order.map((u) => PRIORITY[u]), [10, 20, 25, 30, 40, 90]);
  });
});

describe('resolvePolicy', () => {
  it('without overrides is the default', () => {
    assert.deepEqual(resolvePolicy(), DEFAULT_POLICY);
    assert.deepEqual(resolvePolicy({}), DEFAULT_POLICY);
  });

  it('merges nested overrides over the defaults, sorts hours and freezes the result', () => {
    const policy = resolvePolicy({ participants: { dayIntervalMs: 10 * MINUTE }, discovery: { hours: [18, 6, 12, 6] } });
    assert.equal(policy.participants.dayIntervalMs, 10 * MINUTE);
    assert.equal(policy.participants.farIntervalMs, DEFAULT_POLICY.participants.farIntervalMs);
    assert.deepEqual(policy.results, DEFAULT_POLICY.results);
    assert.deepEqual(policy.discovery.hours, [6, 12, 18]);
    assert.ok(Object.isFrozen(policy) && Object.isFrozen(policy.participants) && Object.isFrozen(policy.discovery.hours));
    assert.equal(DEFAULT_POLICY.participants.dayIntervalMs, 15 * MINUTE);
  });

  it('lists every bad field in one error', () => {
    const overrides = {
      participants: { dayWindowMs: -1, farIntervalMS: 5 },
      results: { sweepHour: 24, weekMs: 'a week' },
      discovery: { hours: [] },
      backoff: { baseMs: 0.5 },
      budget: 3,
    };
    assert.throws(
      () => resolvePolicy(overrides),
      (error: Error) => {
        for (const expected of [
          /^Invalid schedule policy:/,
          /participants\.dayWindowMs: .*>0/,
          /participants: Unrecognized key: "farIntervalMS"/,
          /results\.sweepHour: .*<=23/,
          /results\.weekMs: .*expected number/,
          /discovery\.hours: .*>=1/,
          /backoff\.baseMs: .*int/,
          /Unrecognized key: "budget"/,
        ]) {
          assert.match(error.message, expected);
        }
        return true;
      },
    );
  });

  it('requires windows to nest', () => {
    assert.throws(
      () => resolvePolicy({ participants: { raceDayWindowMs: 30 * HOUR }, results: { horizonMs: DAY }, backoff: { baseMs: 2 * HOUR } }),
      (error: Error) => {
        assert.match(error.message, /participants\.raceDayWindowMs: must not exceed participants\.dayWindowMs/);
        assert.match(error.message, /results\.weekMs: must not exceed results\.horizonMs/);
        assert.match(error.message, /backoff\.baseMs: must not exceed backoff\.maxMs/);
        return true;
      },
    );
  });

  it('rejects overrides that are not an object', () => {
    assert.throws(() => resolvePolicy([1]), /overrides must be an object/);
    assert.throws(() => resolvePolicy({ participants: 5 }), /participants: .*expected object/);
  });
});
