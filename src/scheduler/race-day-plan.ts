/**
 * Race day planned against the budget. A connection's race-day reads (an event's races read
 * together count once) each need `callsPerRun` calls a cadence; when the hour cannot hold them all
 * at the race-day cadence, the reads of the races starting first keep it and the rest share what is
 * left at one stretched cadence, so the latest races slow first and none bursts or throttles. The
 * plan's calls an hour go to the budget, which lends what race day will not use (budget.ts).
 */
import { DateTime } from 'luxon';
import { recordRaceDayNeed } from '../budget/budget.js';
import type { Queryable } from '../db/database.js';
import { hasAlertFor, raiseAlert } from '../sync/store/changes.js';
import { listRaceTargets, recentCallsPerRead, setPlannedIntervals } from '../sync/store/targets-queue.js';
import type { Connection } from '../tenants/connections.js';
import type { SchedulePolicy } from './policy.js';
import { connectionRaceClock, onRaceDay } from './race-clock.js';

const HOUR = 3_600_000;
/** Share of the hour race day may plan for: the rest keeps discovery and other work alive. */
const RACE_DAY_SHARE = 0.95;

export interface RaceDayRead {
  /** The read's group key, or `target:<id>` for a race read alone. */
  key: string;
  /** Earliest start among its races. */
  start: Date;
  races: number;
  callsPerRun: number;
}

export interface CadencePlan {
  /** Planned cadence of each read, by key. */
  intervals: Map<string, number>;
  /** Calls an hour the plan spends. */
  needPerHour: number;
  /** Races at the base cadence, of all race-day races. */
  covered: number;
  total: number;
  /** The cadence of the stretched reads, or null when every read keeps the base one. */
  stretchedMs: number | null;
}

const ratePerHour = (read: RaceDayRead, intervalMs: number) => (read.callsPerRun * HOUR) / intervalMs;

/**
 * Which reads keep `baseMs` within `supplyPerHour`, soonest start first (a race already started is
 * soonest); the rest share what is left at one cadence, whole seconds, at most `maxMs`.
 */
export function stretchCadences(reads: RaceDayRead[], supplyPerHour: number, baseMs: number, maxMs: number): CadencePlan {
  const ordered = [...reads].sort((a, b) => a.start.getTime() - b.start.getTime() || a.key.localeCompare(b.key));
  const plan: CadencePlan = { intervals: new Map(), needPerHour: 0, covered: 0, total: 0, stretchedMs: null };
  let left = supplyPerHour;
  for (const [index, read] of ordered.entries()) {
    plan.total += read.races;
    if (plan.stretchedMs === null && ratePerHour(read, baseMs) <= left) {
      plan.intervals.set(read.key, baseMs);
      left -= ratePerHour(read, baseMs);
      plan.covered += read.races;
      continue;
    }
    if (plan.stretchedMs === null) {
      const restCalls = ordered.slice(index).reduce((sum, r) => sum + r.callsPerRun, 0);
      const even = left > 0 ? Math.ceil((restCalls * HOUR) / left / 1000) * 1000 : maxMs;
      plan.stretchedMs = Math.min(maxMs, Math.max(baseMs, even));
    }
    plan.intervals.set(read.key, plan.stretchedMs);
  }
  // Less a hair, so float sums of exact rates (60 + 60 + …) do not round up past the supply.
  plan.needPerHour = Math.ceil(ordered.reduce((sum, read) => sum + ratePerHour(read, plan.intervals.get(read.key)!), 0) - 1e-9);
  return plan;
}

/** The key a participants target is planned under: its read group, or itself. */
export const readKeyOf = (target: { id: number; groupKey: string | null }): string => target.groupKey ?? `target:${target.id}`;

/**
 * Plans the connection's race day now: its race-day reads with their recent calls per run, results
 * of started races as fixed demand, the stretched cadences stored on the targets (for `p88 status`),
 * the need stored on the budget, and an alert once per connection and race day when not every race
 * keeps the race-day cadence. Null when the connection has no race on race day.
 */
export async function planRaceDay(db: Queryable, connection: Connection, timeZone: string, policy: SchedulePolicy, now: Date): Promise<CadencePlan | null> {
  const rows = (await listRaceTargets(db, connection.id)).filter((row) => row.targetId !== null);
  const clockOf = connectionRaceClock(connection, policy, timeZone);
  const raceDay = rows.filter((row) => onRaceDay(now, clockOf(row), policy));
  const participants = raceDay.filter((row) => row.kind === 'participants');
  if (participants.length === 0) {
    await setPlannedIntervals(db, connection.id, []);
    return null;
  }
  const reads = new Map<string, RaceDayRead & { targetIds: number[] }>();
  for (const row of participants) {
    const key = readKeyOf({ id: row.targetId!, groupKey: row.groupKey });
    const start = clockOf(row)!.start;
    const read = reads.get(key) ?? { key, start, races: 0, callsPerRun: 1, targetIds: [] };
    read.races += 1;
    read.targetIds.push(row.targetId!);
    if (start < read.start) read.start = start;
    reads.set(key, read);
  }
  const calls = await recentCallsPerRead(db, connection.id, participants.map((row) => row.targetId!));
  for (const read of reads.values()) read.callsPerRun = Math.max(1, ...read.targetIds.map((id) => calls.get(id) ?? 1));
  const startedResults = raceDay.filter((row) => row.kind === 'results' && clockOf(row)!.start <= now).length;
  const resultsPerHour = (startedResults * HOUR) / policy.results.raceWindowIntervalMs;
  const base = policy.participants.raceDayIntervalMs;
  const plan = stretchCadences([...reads.values()], connection.budgetPerHour * RACE_DAY_SHARE - resultsPerHour, base, policy.participants.dayIntervalMs);
  const stretched = [...reads.values()].filter((read) => plan.intervals.get(read.key)! > base);
  await setPlannedIntervals(db, connection.id, stretched.flatMap((read) => read.targetIds.map((id) => ({ targetId: id, intervalMs: plan.intervals.get(read.key)! }))));
  await recordRaceDayNeed(db, connection.id, plan.needPerHour + resultsPerHour, now);
  if (plan.stretchedMs !== null) await alertStretched(db, connection, plan, DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!);
  return plan;
}

/** "Budget covers N of M race-day races at 1 min", once per connection and local race day. */
async function alertStretched(db: Queryable, connection: Connection, plan: CadencePlan, raceDay: string): Promise<void> {
  if (await hasAlertFor(db, 'race_day_stretched', connection.id, 'raceDay', raceDay)) return;
  const minutes = (ms: number) => `${Math.round(ms / 6000) / 10} min`;
  await raiseAlert(db, {
    timingPartnerId: connection.timingPartnerId, connectionId: connection.id, targetId: null, kind: 'race_day_stretched',
    message: `the budget of connection ${connection.id} (${connection.provider}, ${connection.budgetPerHour} calls/h) covers ` +
      `${plan.covered} of ${plan.total} race-day races at the race-day cadence; the races starting last are synced every ` +
      `${minutes(plan.stretchedMs!)}. Raise the budget (\`p88 connection update ${connection.id} --budget N\`) to keep them all fresh`,
    details: { raceDay, covered: plan.covered, total: plan.total, stretchedMs: plan.stretchedMs, needPerHour: plan.needPerHour },
  });
}
