/**
 * What happens to a target after any run of it — scheduled by a worker or asked for by `p88 sync`:
 * its next run (by the proximity policy after success, when calls are free again after a budget or
 * throttle stop, with backoff after a failure), the budget paused after a provider throttle, the
 * connection's authentication failures counted (and the connection paused at the limit), and after a
 * discovery the connection's race targets planned. One place, so a manual sync never leaves a target
 * off the schedule.
 */
import { pauseBudget } from '../budget/budget.js';
import { errorMessage } from '../errors.js';
import type { RunReport, SyncContext } from '../sync/context.js';
import { raiseAlert } from '../sync/store/changes.js';
import type { RaceInScope } from '../sync/store/events.js';
import type { Target } from '../sync/store/targets.js';
import { recordAuthOutcome, type Connection } from '../tenants/connections.js';
import { followLinks, publishingPolicyOf } from './links.js';
import { planConnection } from './planner.js';
import { backoffMs, phaseLockFarRead, nextDiscoveryRun, nextParticipantsRun, nextResultsRun, PRIORITY, type SchedulePolicy } from './policy.js';
import { rescheduleTarget, type Schedule } from '../sync/store/targets-queue.js';
import { connectionRaceClock, onRaceDay, type RaceClock } from './race-clock.js';
import { planRaceDay, readKeyOf } from './race-day-plan.js';

export interface SettleDeps {
  ctx: SyncContext;
  policy: SchedulePolicy;
  /** Consecutive auth failures after which a connection is paused. */
  authFailureLimit: number;
  random?: () => number;
}

export interface FinishedRuns {
  connection: Connection;
  /** The partner's zone: discovery hours and results weekends are local. */
  timeZone: string;
  /** Leased by `ctx.holder`; each gets its next run and its lease back. */
  targets: Target[];
  /** The race of each target, in the same order (none for discovery). */
  races: (RaceInScope | undefined)[];
  reports: RunReport[];
  /** Whether the run could use the race-day reserve (work it held back backs off instead). */
  raceDay: boolean;
  /** The partner's settings (its publishing policy). */
  partnerSettings?: Record<string, unknown>;
}

/** A provider throttle with no stated reset pauses the bucket this long. */
const DEFAULT_THROTTLE_PAUSE_MS = 60_000;
/** A run the database failed is tried again after this (times the failures in a row, up to ten). */
const DATABASE_RETRY_MS = 2_000;

export async function settleRuns(deps: SettleDeps, runs: FinishedRuns): Promise<void> {
  const { ctx } = deps;
  const { connection, targets, reports } = runs;
  const now = ctx.now();
  const failure = reports.find((r) => r.status !== 'succeeded');
  if (failure?.errorClass === 'rate_limited' && !failure.budgetExhausted) {
    await pauseBudget(ctx.db, connection.id, new Date(now.getTime() + (failure.retryAfterMs ?? DEFAULT_THROTTLE_PAUSE_MS)));
  }
  if (reports.length > 0) await recordAuth(deps, connection, failure?.errorClass === 'auth' ? failure.error ?? 'auth failed' : null);
  if (!failure && targets[0]?.kind === 'discovery') await planConnection(ctx.db, connection, runs.timeZone, now, deps.policy);
  const clockOf = connectionRaceClock(connection, deps.policy, runs.timeZone);
  const clocks = runs.races.map((race) => (race ? clockOf(race) : null));
  // A race-day read plans the connection's race day again: the cadence it gets next may be stretched.
  const raceDayRead = targets[0]?.kind === 'participants' && clocks.some((clock) => onRaceDay(now, clock, deps.policy));
  const plan = raceDayRead ? await planRaceDay(ctx.db, connection, runs.timeZone, deps.policy, now) : null;
  for (const [i, target] of targets.entries()) {
    const race = runs.races[i];
    const policy = withRaceDayInterval(deps.policy, plan?.intervals.get(readKeyOf(target)));
    const schedule = failure
      ? await retrySchedule(deps, target, failure, runs.raceDay)
      : catchUp(successSchedule(policy, target, clocks[i] ?? null, runs.timeZone, now), reports, now);
    await rescheduleTarget(ctx.db, target.id, ctx.holder, schedule);
    if (!failure && race) await followLinks(ctx, target.kind, race, publishingPolicyOf(runs.partnerSettings ?? {}));
  }
}

/** The policy with the race-day cadence the budget plan gave this read (unchanged without one). */
function withRaceDayInterval(policy: SchedulePolicy, intervalMs: number | undefined): SchedulePolicy {
  if (intervalMs === undefined || intervalMs === policy.participants.raceDayIntervalMs) return policy;
  return { ...policy, participants: { ...policy.participants, raceDayIntervalMs: intervalMs } };
}

export function successSchedule(policy: SchedulePolicy, target: Target, clock: RaceClock | null, timeZone: string, now: Date): Schedule {
  if (target.kind === 'discovery') {
    const next = nextDiscoveryRun(now, timeZone, now, policy);
    return { nextRunAt: next.at, priority: PRIORITY.discovery, state: 'active' };
  }
  // Pushes and publications run when something made them due, not on a clock.
  if (target.kind === 'push' || target.kind === 'publish') return { nextRunAt: null, priority: PRIORITY.results, state: 'active' };
  const next = !clock ? null : target.kind === 'participants'
    ? nextParticipantsSchedule(policy, target, clock, now)
    : nextResultsRun(now, clock.start, timeZone, policy);
  return next ? { nextRunAt: next.at, priority: PRIORITY[next.urgency], state: 'active' } : { nextRunAt: null, priority: target.priority, state: 'done' };
}

/** The policy's next participants read; a far one on its read's own slot (phaseLockFarRead). */
function nextParticipantsSchedule(policy: SchedulePolicy, target: Target, clock: RaceClock, now: Date) {
  const next = nextParticipantsRun(now, clock.start, policy, clock.stopAt);
  return next === null ? null : phaseLockFarRead(next, now, readKeyOf(target));
}

/** A read resumed from a checkpoint is followed by another at once (see RunReport.resumed). */
function catchUp(schedule: Schedule, reports: RunReport[], now: Date): Schedule {
  return reports.some((r) => r.resumed) && schedule.state === 'active' ? { ...schedule, nextRunAt: now } : schedule;
}

/**
 * Out of tokens: due when they are back — but work the race-day reserve holds back waits longer each
 * time (the backoff), so a race day does not have every later race retry at every freed minute.
 * Stopped on request: due at once. Anything else: exponential backoff with jitter.
 */
async function retrySchedule(deps: SettleDeps, target: Target, failure: RunReport, raceDay: boolean): Promise<Schedule> {
  const now = deps.ctx.now();
  const at = (waitMs: number): Schedule => ({ nextRunAt: new Date(now.getTime() + waitMs), priority: target.priority, state: 'active' });
  if (failure.errorClass === 'rate_limited') {
    const tokensBack = failure.retryAfterMs ?? DEFAULT_THROTTLE_PAUSE_MS;
    const heldBack = failure.budgetExhausted && !raceDay;
    return at(heldBack ? Math.max(tokensBack, backoffMs(await attemptsOf(deps, target), deps.random, deps.policy)) : tokensBack);
  }
  if (failure.status === 'partial') return at(0);
  // The database dropped out under the run (a restart, a killed session): it is back, or soon will be.
  if (failure.databaseFault) return at(DATABASE_RETRY_MS * Math.min(await attemptsOf(deps, target), 10));
  return at(backoffMs(await attemptsOf(deps, target), deps.random, deps.policy));
}

/** Failed runs in a row of the target, this one included (at least 1). */
async function attemptsOf(deps: SettleDeps, target: Target): Promise<number> {
  const [row] = await deps.ctx.db.query<{ attempts: number }>('select attempts from sync_targets where id = $1', [target.id]);
  return Math.max(1, row?.attempts ?? 1);
}

/** Auth failures in a row pause the connection at the limit and raise an alert instead of retrying. */
export async function recordAuth(deps: Pick<SettleDeps, 'ctx' | 'authFailureLimit'>, connection: Connection, error: string | null): Promise<void> {
  const failures = await recordAuthOutcome(deps.ctx.db, connection.id, error !== null, deps.authFailureLimit);
  if (error !== null && failures === deps.authFailureLimit) {
    const message = `connection ${connection.id} (${connection.provider}) paused after ${failures} authentication failures in a row: ` +
      `${error}. Fix the credentials (\`p88 connection update ${connection.id} …\`), then \`p88 connection resume ${connection.id}\``;
    await raiseAlert(deps.ctx.db, { timingPartnerId: connection.timingPartnerId, connectionId: connection.id, targetId: null, kind: 'auth_failed', message });
    deps.ctx.log.error({ connectionId: connection.id, err: errorMessage(error) }, message);
  }
}
