/**
 * `p88 sync`: the operator asks for targets to run now. Discovery first, then participants (or
 * results) of each selected race, most urgent first; races are independent, so one failing does not
 * stop the others. Every run is settled like a scheduled one — next run by the policy, auth failures
 * counted, throttles pausing the budget — so a manual sync never takes anything off the schedule.
 */
import { ensureBudget, spendInBlocks } from '../budget/budget.js';
import { SyncError } from '../errors.js';
import type { HttpFetch } from '../providers/types.js';
import type { SecretBox } from '../secrets.js';
import { refreshByBib } from '../sync/bib-refresh.js';
import { openConnectionHandle } from '../sync/connection-handle.js';
import type { ConnectionHandle, RunReport, SyncContext } from '../sync/context.js';
import { discoverEvents } from '../sync/discovery-run.js';
import { syncParticipants } from '../sync/participants-run.js';
import { syncResults } from '../sync/results-run.js';
import { listRaces, type RaceInScope } from '../sync/store/events.js';
import { ensureTarget, findTarget, type Target, type TargetKey } from '../sync/store/targets.js';
import { listConnections, openConnection, type Connection } from '../tenants/connections.js';
import { getPartner, type Partner } from '../tenants/partners.js';
import { participantsGroupKey, providerEntry } from '../providers/registry.js';
import { resolvePolicy } from './policy.js';
import { settleRuns, type SettleDeps } from './settle.js';

export interface SyncRequest {
  partnerId: number;
  connectionId?: number;
  /** Provider race id (or event id) to limit the sync to. */
  race?: string;
  full: boolean;
  includePast: boolean;
  /** Collect results instead of participants. */
  results: boolean;
  bib?: string;
  dryRun: boolean;
  allowMassDelete?: boolean;
  /** Reads run at the same time, each with its own handle (default 1: one after another). */
  concurrency?: number;
}

export interface SyncDeps {
  ctx: SyncContext;
  box: SecretBox;
  fetch: HttpFetch;
  onRun?: (report: RunReport) => void;
  reserveShare?: number;
  authFailureLimit?: number;
}

const DEFAULT_RESERVE_SHARE = 0.3;
/** A manual sync of a target another process is running waits for it, then runs (cheaply: little changed). */
const MANUAL_LEASE_WAIT_MS = 10 * 60_000;
const DEFAULT_AUTH_FAILURE_LIMIT = 3;

/** Races keep being synced until an hour after their start (the proximity policy's stop). */
const STOP_AFTER_START_MS = 60 * 60_000;
/** Without --include-past, results are collected for races started within this window. */
const RESULTS_WINDOW_MS = 7 * 86_400_000;

export async function runSync(deps: SyncDeps, request: SyncRequest): Promise<RunReport[]> {
  const { ctx } = deps;
  const partner = await getPartner(ctx.db, request.partnerId);
  if (!partner) throw new SyncError('config', `No timing partner with id ${request.partnerId}; see \`p88 partner list\``);
  const connections = await chooseConnections(ctx, partner, request.connectionId);
  const reports: RunReport[] = [];
  const record = (report: RunReport) => {
    reports.push(report);
    deps.onRun?.(report);
  };
  for (const connection of connections) {
    if (request.results && !providerEntry(connection.provider).capabilities.results) {
      if (request.connectionId !== undefined) throw new SyncError('config', `Connection ${connection.id} is ${connection.provider}, which serves no results`);
      continue; // a registration provider without results: nothing to collect there
    }
    await syncConnection(deps, request, partner, connection, record);
    if (ctx.signal?.aborted) break;
  }
  return reports;
}

/** The partner's active connections (or the one asked for, which must be active). */
async function chooseConnections(ctx: SyncContext, partner: Partner, connectionId: number | undefined): Promise<Connection[]> {
  const all = await listConnections(ctx.db, partner.id);
  if (connectionId !== undefined) {
    const chosen = all.find((c) => c.id === connectionId);
    if (!chosen) throw new SyncError('config', `Partner ${partner.id} has no connection ${connectionId}; see \`p88 connection list --partner ${partner.id}\``);
    if (chosen.status !== 'active') {
      throw new SyncError('config', `Connection ${connectionId} is ${chosen.status}; \`p88 connection resume ${connectionId}\` puts it back`);
    }
    return [chosen];
  }
  if (all.length === 0) throw new SyncError('config', `Partner ${partner.id} has no connections; add one with \`p88 connection add\``);
  const active = all.filter((c) => c.status === 'active');
  if (active.length === 0) {
    throw new SyncError('config', `Every connection of partner ${partner.id} is paused (${all.map((c) => `${c.id}: ${c.status}`).join(', ')}); ` +
      'resume one with `p88 connection resume <id>`');
  }
  for (const skipped of all.filter((c) => c.status !== 'active')) {
    ctx.log.warn({ connectionId: skipped.id, status: skipped.status }, 'connection is not active; skipped');
  }
  return active;
}

interface ConnectionRun {
  deps: SyncDeps;
  settle: SettleDeps;
  request: SyncRequest;
  partner: Partner;
  connection: Connection;
}

/** A handle of the connection (each counts its own calls) and the budget block it spends from; `release` gives back what the block has left. */
interface Lane {
  handle: ConnectionHandle;
  release: () => Promise<void>;
}

async function syncConnection(deps: SyncDeps, request: SyncRequest, partner: Partner, connection: Connection, record: (r: RunReport) => void) {
  const { ctx } = deps;
  const open = await openConnection(ctx.db, deps.box, connection.id);
  // A manual sync is the operator's explicit request: it spends the shared budget like any worker,
  // but may use the race-day reserve.
  await ensureBudget(ctx.db, connection.id, connection.budgetPerHour, deps.reserveShare ?? DEFAULT_RESERVE_SHARE, ctx.now());
  // Bulk work: calls are taken from the budget in blocks (spendInBlocks), not one transaction each.
  const openHandle = (): Lane => {
    const spend = spendInBlocks(ctx.db, connection.id, ctx.now, 'whole_hour');
    return { handle: openConnectionHandle(ctx, deps.box, open!, deps.fetch, spend.beforeCall), release: spend.release };
  };
  const settle: SettleDeps = {
    ctx: { ...ctx, keepLease: true, waitForLeaseMs: MANUAL_LEASE_WAIT_MS },
    policy: resolvePolicy(partner.settings.schedule),
    authFailureLimit: deps.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT,
  };
  const run: ConnectionRun = { deps, settle, request, partner, connection };
  const options = { full: request.full, dryRun: request.dryRun, allowMassDelete: request.allowMassDelete };
  const discoveryTarget = await targetFor(run, null);
  const discovery = await inLane(openHandle(), (handle) => discoverEvents(settle.ctx, handle, discoveryTarget, { ...options, includePast: request.includePast }));
  await settleRun(run, [discoveryTarget], [undefined], discovery);
  record(discovery[0]!);
  if (discovery[0]!.errorClass === 'auth') return;
  const reads = groupReads(run, await selectRaces(ctx, connection, request));
  await inLanes(reads, request.concurrency ?? 1, ctx.signal, async (races, handle) => {
    const reports = await syncRaces(run, handle, races);
    reports.forEach(record);
    // A read resumed from a checkpoint is followed by an incremental one at once (RunReport.resumed).
    if (reports.some((r) => r.resumed && r.status === 'succeeded')) (await syncRaces(run, handle, races, true)).forEach(record);
  }, openHandle);
}

/**
 * Runs `work` over `items` in order, `lanes` at a time, each lane with its own handle: while one read
 * waits for the database, another parses its page. Stops taking items on a stop request or a thrown
 * error (which is rethrown once every lane has finished what it holds).
 */
async function inLanes<T>(
  items: T[],
  lanes: number,
  signal: AbortSignal | undefined,
  work: (item: T, handle: ConnectionHandle) => Promise<void>,
  openHandle: () => Lane,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = () => inLane(openHandle(), async (handle) => {
    while (next < items.length && !failure && !signal?.aborted) {
      const item = items[next++]!;
      await work(item, handle).catch((error: unknown) => {
        failure ??= { error };
      });
    }
  });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
  if (failure) throw failure.error;
}

/** Runs `work` on the lane's handle, then gives back what its budget block has left. */
async function inLane<T>(lane: Lane, work: (handle: ConnectionHandle) => Promise<T>): Promise<T> {
  try {
    return await work(lane.handle);
  } finally {
    await lane.release();
  }
}

/** Races one participants read serves together (an event's races, where the provider reads them at once), as the worker leases them. */
function groupReads(run: ConnectionRun, races: RaceInScope[]): RaceInScope[][] {
  if (run.request.results || run.request.bib !== undefined) return races.map((race) => [race]);
  const groups = new Map<string, RaceInScope[]>();
  for (const race of races) {
    const key = participantsGroupKey(run.connection.provider, race.eventId) ?? `race:${race.raceId}`;
    groups.set(key, [...(groups.get(key) ?? []), race]);
  }
  return [...groups.values()];
}

async function selectRaces(ctx: SyncContext, connection: Connection, request: SyncRequest): Promise<RaceInScope[]> {
  const now = ctx.now().getTime();
  const startsAfter = request.includePast
    ? null
    : new Date(request.results ? now - RESULTS_WINDOW_MS : now - STOP_AFTER_START_MS);
  const races = await listRaces(ctx.db, { connectionId: connection.id, startsAfter, providerRaceIds: request.race ? [request.race] : null });
  return request.results ? races.filter((r) => r.startTime !== null && r.startTime.getTime() <= now) : races;
}

async function syncRaces(run: ConnectionRun, handle: ConnectionHandle, races: RaceInScope[], catchUp = false): Promise<RunReport[]> {
  const { request, settle } = run;
  const targets = await Promise.all(races.map((race) => targetFor(run, race)));
  const options = { full: request.full && !catchUp, dryRun: request.dryRun, allowMassDelete: request.allowMassDelete };
  const [race, target] = [races[0]!, targets[0]!];
  const reports = request.results
    ? await syncResults(settle.ctx, handle, target, race, options)
    : request.bib !== undefined
      ? await refreshByBib(settle.ctx, handle, target, race, request.bib, options)
      : await syncParticipants(settle.ctx, handle, races.map((r, i) => ({ race: r, target: targets[i]! })), options);
  await settleRun(run, targets, races, reports);
  return reports;
}

/** Targets are created on first sync; a dry run only looks, since it must not write. */
function targetFor(run: ConnectionRun, race: RaceInScope | null): Promise<Target> {
  const kind = race === null ? 'discovery' : run.request.results ? 'results' : 'participants';
  const groupKey = kind === 'participants' && race ? participantsGroupKey(run.connection.provider, race.eventId) : null;
  const key: TargetKey = { timingPartnerId: run.connection.timingPartnerId, connectionId: run.connection.id, kind, raceId: race?.raceId ?? null, groupKey };
  return run.request.dryRun ? findTarget(run.deps.ctx.db, key) : ensureTarget(run.deps.ctx.db, key);
}

/** The run kept its lease; settling sets the next run and gives the lease back. A dry run wrote nothing. */
async function settleRun(run: ConnectionRun, targets: Target[], races: (RaceInScope | undefined)[], reports: RunReport[]): Promise<void> {
  if (run.request.dryRun || targets.every((t) => t.id <= 0) || reports.every((r) => r.runId === null)) return;
  await settleRuns(run.settle, {
    connection: run.connection, timeZone: run.partner.timeZone, targets, races, reports, raceDay: true,
    partnerSettings: run.partner.settings,
  });
}
