import type { HttpFetch } from '../providers/types.js';
import type { SecretBox } from '../secrets.js';
import { openConnectionHandle } from '../sync/connection-handle.js';
import type { ConnectionHandle, RunOptions, RunReport, SyncContext } from '../sync/context.js';
import { discoverEvents } from '../sync/discovery-run.js';
import { syncParticipants, type RaceTarget } from '../sync/participants-run.js';
import { syncResults } from '../sync/results-run.js';
import { raiseAlert } from '../sync/store/changes.js';
import { getRace, listRaces, type RaceInScope } from '../sync/store/events.js';
import { getLink } from '../sync/store/links.js';
import { publishLink } from '../sync/publish-run.js';
import { pushLink } from '../sync/push-run.js';
import { linkIdOfScope } from './links.js';
import type { Target } from '../sync/store/targets.js';
import { openConnection } from '../tenants/connections.js';
import { getPartner } from '../tenants/partners.js';
import { ensureBudget, spendBeforeEachCall, type SpendClass } from '../budget/budget.js';
import { resolvePolicy, type SchedulePolicy } from './policy.js';
import { leaseSiblingTargets, listRacesNearNow, rescheduleTarget } from '../sync/store/targets-queue.js';
import { connectionRaceClock, onRaceDay, type RaceClock } from './race-clock.js';
import { settleRuns } from './settle.js';
import { removalsDue } from './removals.js';

export interface SchedulerDeps {
  ctx: SyncContext;
  box: SecretBox;
  fetch: HttpFetch;
  policy: SchedulePolicy;
  /** Share of each connection's budget kept for race-day targets while it has any. */
  reserveShare: number;
  /** Consecutive auth failures after which a connection is paused. */
  authFailureLimit: number;
  leaseMs: number;
  random?: () => number;
}

/**
 * Runs one leased target (with the siblings one provider read can serve), then sets when each runs
 * next: by the proximity policy after success, at the budget's refill time when tokens ran out, with
 * backoff after a failure — and, after repeated auth failures, pauses the connection and alerts.
 */
export async function executeTarget(deps: SchedulerDeps, lead: Target): Promise<RunReport[]> {
  const { ctx } = deps;
  const connection = await openConnection(ctx.db, deps.box, lead.connectionId);
  const partner = await getPartner(ctx.db, lead.timingPartnerId);
  if (!connection || !partner) throw new Error(`target ${lead.id} has no connection or partner`);
  deps = { ...deps, policy: resolvePolicy(partner.settings.schedule) };
  const now = ctx.now();
  await ensureBudget(ctx.db, connection.id, connection.budgetPerHour, deps.reserveShare, now);
  const { targets, races } = await gatherMembers(deps, lead);
  const clockOf = connectionRaceClock(connection, deps.policy, partner.timeZone);
  // The reserve is held back only while the connection has a race on race day; work of such a race may use it.
  const reserveHeld = (await listRacesNearNow(ctx.db, connection.id, now)).some((r) => onRaceDay(now, clockOf(r), deps.policy));
  const spender: SpendClass = races.some((r) => onRaceDay(now, clockOf(r), deps.policy)) ? 'race_day' : reserveHeld ? 'outside_reserve' : 'whole_hour';
  const raceDay = spender !== 'outside_reserve';
  const handle = openConnectionHandle(ctx, deps.box, connection, deps.fetch, spendBeforeEachCall(ctx.db, connection.id, ctx.now, spender));
  await alertIfLate(deps, lead, races[0] ? { race: races[0], clock: clockOf(races[0]) } : null, now);
  const reports = await runKind(deps, handle, lead, targets, races);
  await settleRuns(deps, { connection, timeZone: partner.timeZone, targets, races, reports, raceDay, partnerSettings: partner.settings });
  return reports;
}

async function gatherMembers(deps: SchedulerDeps, lead: Target): Promise<{ targets: Target[]; races: RaceInScope[] }> {
  if (lead.raceId === null) return { targets: [lead], races: [] };
  const siblings = lead.kind === 'participants' ? await leaseSiblingTargets(deps.ctx.db, lead, deps.ctx.holder, deps.leaseMs) : [];
  const targets = [lead, ...siblings];
  const all = await listRaces(deps.ctx.db, { connectionId: lead.connectionId });
  const races = targets.map((t) => all.find((r) => r.raceId === t.raceId));
  const missing = targets.filter((_, i) => !races[i]);
  // A target whose race was deleted is retired; the others go on.
  for (const target of missing) await rescheduleTarget(deps.ctx.db, target.id, deps.ctx.holder, { nextRunAt: null, priority: target.priority, state: 'done' });
  return { targets: targets.filter((_, i) => races[i]), races: races.filter((r): r is RaceInScope => Boolean(r)) };
}

async function runKind(
  deps: SchedulerDeps,
  handle: ConnectionHandle,
  lead: Target,
  targets: Target[],
  races: RaceInScope[],
): Promise<RunReport[]> {
  const ctx = { ...deps.ctx, keepLease: true };
  const options = { full: false, dryRun: false };
  switch (lead.kind) {
    case 'discovery':
      return discoverEvents(ctx, handle, lead, { ...options, includePast: false });
    case 'participants': {
      if (races.length === 0) return [];
      const now = ctx.now();
      const readRemovalFeed = removalsDue(targets, now, deps.policy.participants.removedIntervalMs);
      const members = targets.map((target, i): RaceTarget => ({ target, race: races[i]! }));
      return syncParticipants(ctx, handle, members, { ...options, readRemovalFeed });
    }
    case 'results':
      return races[0] ? syncResults(ctx, handle, lead, races[0], options) : [];
    case 'push':
    case 'publish':
      return runLinkTarget(ctx, handle, lead, options);
    default:
      throw new Error(`the scheduler does not run ${lead.kind} targets`);
  }
}

/** A push (to the scoring race) or publish (to the registration race) of the link the target names. */
export async function runLinkTarget(ctx: SyncContext, handle: ConnectionHandle, target: Target, options: RunOptions): Promise<RunReport[]> {
  const linkId = linkIdOfScope(target.scope);
  const link = linkId === null ? undefined : await getLink(ctx.db, linkId);
  const [registration, scoring] = link ? await Promise.all([getRace(ctx.db, link.registrationRaceId), getRace(ctx.db, link.scoringRaceId)]) : [];
  if (!link || !registration || !scoring) {
    // The link (or one of its races) is gone: the target has nothing left to do.
    await rescheduleTarget(ctx.db, target.id, ctx.holder, { nextRunAt: null, priority: target.priority, state: 'done' });
    return [];
  }
  return target.kind === 'push'
    ? pushLink(ctx, handle, target, link, { registration, scoring }, options)
    : publishLink(ctx, handle, target, link, { registration, scoring }, options);
}

/** A race-day target picked up more than two cadences late is what the operators must hear about. */
async function alertIfLate(deps: SchedulerDeps, lead: Target, first: { race: RaceInScope; clock: RaceClock | null } | null, now: Date): Promise<void> {
  if (lead.kind !== 'participants' || !lead.nextRunAt || !first || !onRaceDay(now, first.clock, deps.policy)) return;
  const latenessMs = now.getTime() - lead.nextRunAt.getTime();
  if (latenessMs <= 2 * deps.policy.participants.raceDayIntervalMs) return;
  await raiseAlert(deps.ctx.db, {
    timingPartnerId: lead.timingPartnerId, connectionId: lead.connectionId, targetId: lead.id, kind: 'race_day_late',
    message: `race-day sync of ${first.race.name} started ${Math.round(latenessMs / 1000)} s late; add workers or budget`,
    details: { latenessMs, raceId: first.race.raceId },
  });
}
