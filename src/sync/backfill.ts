import { setTimeout as sleep } from 'node:timers/promises';
import type { Queryable } from '../db/database.js';
import type { CanonicalEvent } from '../model/canonical.js';
import { SyncError } from '../errors.js';
import { BudgetExhausted, ensureBudget, trySpend } from '../budget/budget.js';
import type { HttpFetch } from '../providers/types.js';
import type { SecretBox } from '../secrets.js';
import { listConnections, openConnection, type Connection } from '../tenants/connections.js';
import { listPartners } from '../tenants/partners.js';
import { openConnectionHandle } from './connection-handle.js';
import type { ConnectionHandle, RunReport, SyncContext } from './context.js';
import { discoverEvents } from './discovery-run.js';
import { syncParticipants } from './participants-run.js';
import { syncResults } from './results-run.js';
import { listRaces, type RaceInScope } from './store/events.js';
import { ensureTarget, findTarget, type Target, type TargetKey } from './store/targets.js';

export interface BackfillRequest {
  partnerId?: number;
  connectionId?: number;
  /** Races starting on or after this instant (default: all). */
  from?: Date;
  /** Races starting before this instant (default: now). */
  to?: Date;
  maxPartners?: number;
  results: boolean;
  dryRun: boolean;
}

export interface BackfillProgress {
  /** Called once per connection with the number of races to do, then after each race. */
  onPlan?(connection: Connection, races: number): void;
  onRace?(report: RunReport, done: number, total: number): void;
  onWait?(until: Date): void;
}

export interface BackfillDeps {
  ctx: SyncContext;
  box: SecretBox;
  fetch: HttpFetch;
  reserveShare: number;
  progress?: BackfillProgress;
}

/**
 * Historical races of the chosen partners, in bounded, resumable steps: discovery including the past,
 * then each race of the window (small ones first) read in full, one commit per page. Each race has a
 * backfill target of its own, so the checkpoint survives Ctrl-C or a crash and the live incremental
 * cursors never move. Calls come from the budget's non-reserved share; when it runs dry the backfill
 * waits for it instead of failing, so race-day work keeps its reserve.
 */
export async function runBackfill(deps: BackfillDeps, request: BackfillRequest): Promise<RunReport[]> {
  const partners = (await listPartners(deps.ctx.db))
    .filter((p) => request.partnerId === undefined || p.id === request.partnerId)
    .slice(0, request.maxPartners ?? Number.POSITIVE_INFINITY);
  if (partners.length === 0) throw new SyncError('config', request.partnerId === undefined ? 'There are no timing partners' : `No timing partner with id ${request.partnerId}`);
  const connectionsOf = async (partnerId: number) => (await listConnections(deps.ctx.db, partnerId))
    .filter((c) => c.status === 'active' && (request.connectionId === undefined || c.id === request.connectionId));
  if (request.connectionId !== undefined) await checkConnection(deps, request, request.connectionId);
  const reports: RunReport[] = [];
  for (const partner of partners) {
    for (const connection of await connectionsOf(partner.id)) {
      reports.push(...await backfillConnection(deps, request, connection));
      if (deps.ctx.signal?.aborted) return reports;
    }
  }
  return reports;
}

/** `--connection` must name an active connection of the partner asked for. */
async function checkConnection(deps: BackfillDeps, request: BackfillRequest, connectionId: number): Promise<void> {
  const connection = (await listConnections(deps.ctx.db)).find((c) => c.id === connectionId);
  if (!connection) throw new SyncError('config', `No connection with id ${connectionId}; see \`p88 connection list\``);
  if (request.partnerId !== undefined && connection.timingPartnerId !== request.partnerId) {
    throw new SyncError('config', `Connection ${connectionId} belongs to partner ${connection.timingPartnerId}, not to partner ${request.partnerId}`);
  }
  if (connection.status !== 'active') {
    throw new SyncError('config', `Connection ${connectionId} is ${connection.status}; \`p88 connection resume ${connectionId}\` puts it back`);
  }
}

async function backfillConnection(deps: BackfillDeps, request: BackfillRequest, connection: Connection): Promise<RunReport[]> {
  const { ctx } = deps;
  const open = await openConnection(ctx.db, deps.box, connection.id);
  await ensureBudget(ctx.db, connection.id, connection.budgetPerHour, deps.reserveShare, ctx.now());
  const handle = openConnectionHandle(ctx, deps.box, open!, deps.fetch, () => spendOrWait(deps, connection.id));
  const key = { timingPartnerId: connection.timingPartnerId, connectionId: connection.id };
  const targetFor = (k: TargetKey) => (request.dryRun ? findTarget(ctx.db, k) : ensureTarget(ctx.db, k));
  const options = { full: true, dryRun: request.dryRun, backfill: true };
  // Its own discovery target: the live one may be leased by a worker right now.
  const discovery = await targetFor({ ...key, kind: 'backfill', raceId: null, scope: 'discovery' });
  // A dry run stores nothing, so it plans from what discovery read as well as from what is stored.
  const discovered: CanonicalEvent[] = [];
  const onEvents = request.dryRun ? (events: CanonicalEvent[]) => void discovered.push(...events) : undefined;
  const reports = await discoverEvents(ctx, handle, discovery, { ...options, includePast: true, onEvents });
  const stored = await listRaces(ctx.db, { connectionId: connection.id, startsAfter: request.from ?? null });
  const races = await racesToBackfill(ctx.db, connection.id, request, ctx.now(), [...stored, ...unstoredRaces(discovered, stored, request.from)]);
  deps.progress?.onPlan?.(connection, races.length);
  for (const [index, race] of races.entries()) {
    if (ctx.signal?.aborted) break;
    const raceReports = await backfillRace(ctx, handle, race, request, targetFor, key, options);
    reports.push(...raceReports);
    for (const report of raceReports) deps.progress?.onRace?.(report, index + 1, races.length);
  }
  return reports;
}

/** Races a dry-run discovery read that are not stored; negative ids mark them as unsaved. */
function unstoredRaces(events: CanonicalEvent[], stored: RaceInScope[], from: Date | undefined): RaceInScope[] {
  const known = new Set(stored.map((r) => r.providerRaceId));
  return events.flatMap((event, e) => event.races
    .filter((race) => !known.has(race.providerRaceId))
    .map((race, r) => ({
      raceId: -(e * 1000 + r + 1), eventId: -(e + 1), providerRaceId: race.providerRaceId, providerEventId: event.providerEventId,
      name: race.name, eventName: event.name, startTime: race.startTime ?? event.startTime,
      startTimePrecision: (race.startTime ? race.startTimePrecision : event.startTimePrecision) ?? 'time', timeZone: event.timeZone,
    }))
    .filter((race) => !from || (race.startTime !== null && race.startTime >= from)));
}

async function backfillRace(
  ctx: SyncContext,
  handle: ConnectionHandle,
  race: RaceInScope,
  request: BackfillRequest,
  targetFor: (k: TargetKey) => Promise<Target>,
  key: { timingPartnerId: number; connectionId: number },
  options: { full: boolean; dryRun: boolean; backfill: boolean },
): Promise<RunReport[]> {
  const participants = await targetFor({ ...key, kind: 'backfill', raceId: race.raceId, scope: `race:${race.raceId}:participants` });
  const reports = participants.lastSuccessAt && !participants.checkpoint
    ? [] // done in an earlier backfill
    : await syncParticipants(ctx, handle, [{ race, target: participants }], options);
  if (!request.results || ctx.signal?.aborted) return reports;
  const results = await targetFor({ ...key, kind: 'backfill', raceId: race.raceId, scope: `race:${race.raceId}:results` });
  if (results.lastSuccessAt && !results.checkpoint) return reports;
  return [...reports, ...await syncResults(ctx, handle, results, race, options)];
}

/**
 * The window's races that have started, smallest first (by what is already stored of them; unknown
 * ones count as small), so a few huge races cannot hold everything else back.
 */
async function racesToBackfill(db: Queryable, connectionId: number, request: BackfillRequest, now: Date, candidates: RaceInScope[]): Promise<RaceInScope[]> {
  const to = request.to && request.to < now ? request.to : now;
  const races = candidates.filter((r) => r.startTime !== null && r.startTime < to);
  const sizes = new Map(
    (await db.query<{ race_id: number; n: number }>(
      'select race_id, count(*)::int as n from participants where connection_id = $1 group by race_id',
      [connectionId],
    )).map((r) => [r.race_id, r.n]),
  );
  return races.sort((a, b) => (sizes.get(a.raceId) ?? 0) - (sizes.get(b.raceId) ?? 0) || a.startTime!.getTime() - b.startTime!.getTime());
}

/** Backfill never draws on the race-day reserve; when its share is used up it waits for it. */
async function spendOrWait(deps: BackfillDeps, connectionId: number): Promise<void> {
  for (;;) {
    const outcome = await trySpend(deps.ctx.db, connectionId, deps.ctx.now(), 'outside_reserve');
    if (outcome.ok) return;
    if (deps.ctx.signal?.aborted) throw new BudgetExhausted(outcome.retryAt, deps.ctx.now(), outcome.reason);
    deps.progress?.onWait?.(outcome.retryAt);
    const waitMs = Math.max(250, outcome.retryAt.getTime() - deps.ctx.now().getTime());
    await sleep(waitMs, undefined, { signal: deps.ctx.signal }).catch(() => undefined);
  }
}
