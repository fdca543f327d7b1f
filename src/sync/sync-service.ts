import { SyncError } from '../errors.js';
import { BudgetExhausted, ensureBudget, trySpend } from '../scheduler/budget.js';
import type { HttpFetch } from '../providers/types.js';
import type { SecretBox } from '../secrets.js';
import { listConnections, openConnection, type Connection } from '../tenants/connections.js';
import { getPartner } from '../tenants/partners.js';
import { refreshByBib } from './bib-refresh.js';
import { createConnectionHandle } from './connection-handle.js';
import type { ConnectionHandle, RunReport, SyncContext } from './context.js';
import { discoverEvents } from './discovery-run.js';
import { syncParticipants } from './participants-run.js';
import { syncResults } from './results-run.js';
import { listRaces, type RaceInScope } from './store/events.js';
import { ensureTarget, findTarget, type TargetKey } from './store/targets.js';

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
}

export interface SyncDeps {
  ctx: SyncContext;
  box: SecretBox;
  fetch: HttpFetch;
  onRun?: (report: RunReport) => void;
  reserveShare?: number;
}

const DEFAULT_RESERVE_SHARE = 0.3;

/** Races keep being synced until an hour after their start (the proximity policy's stop). */
const STOP_AFTER_START_MS = 60 * 60_000;
/** Without --include-past, results are collected for races started within this window. */
const RESULTS_WINDOW_MS = 7 * 86_400_000;

/**
 * `p88 sync`: discovery, then participants (or results) of each selected race, most urgent first.
 * Races are independent: one failing does not stop the others.
 */
export async function runSync(deps: SyncDeps, request: SyncRequest): Promise<RunReport[]> {
  const { ctx } = deps;
  const partner = await getPartner(ctx.db, request.partnerId);
  if (!partner) throw new SyncError('config', `No timing partner with id ${request.partnerId}; see \`p88 partner list\``);
  const connections = (await listConnections(ctx.db, partner.id)).filter(
    (c) => request.connectionId === undefined || c.id === request.connectionId,
  );
  if (connections.length === 0) {
    throw new SyncError('config', request.connectionId === undefined
      ? `Partner ${partner.id} has no connections; add one with \`p88 connection add\``
      : `Partner ${partner.id} has no connection ${request.connectionId}`);
  }
  const reports: RunReport[] = [];
  const record = (report: RunReport) => {
    reports.push(report);
    deps.onRun?.(report);
  };
  for (const connection of connections) {
    if (connection.status !== 'active') {
      ctx.log.warn({ connectionId: connection.id, status: connection.status }, 'connection is not active; skipped');
      continue;
    }
    await syncConnection(deps, request, connection, record);
    if (ctx.signal?.aborted) break;
  }
  return reports;
}

async function syncConnection(deps: SyncDeps, request: SyncRequest, connection: Connection, record: (r: RunReport) => void) {
  const { ctx } = deps;
  const open = await openConnection(ctx.db, deps.box, connection.id);
  // A manual sync is the operator's explicit request: it spends the shared budget like any worker,
  // but may use the race-day reserve.
  await ensureBudget(ctx.db, connection.id, connection.budgetPerHour, deps.reserveShare ?? DEFAULT_RESERVE_SHARE, ctx.now());
  const handle = createConnectionHandle(open!, deps.fetch, async () => {
    const outcome = await trySpend(ctx.db, connection.id, ctx.now(), true);
    if (!outcome.ok) throw new BudgetExhausted(outcome.retryAt, ctx.now(), outcome.reason);
  });
  const options = { full: request.full, dryRun: request.dryRun, allowMassDelete: request.allowMassDelete };
  const key = { timingPartnerId: connection.timingPartnerId, connectionId: connection.id };
  const discoveryTarget = await targetFor(deps, request, { ...key, kind: 'discovery', raceId: null });
  const [discovery] = await discoverEvents(ctx, handle, discoveryTarget, { ...options, includePast: request.includePast });
  record(discovery!);
  if (discovery!.errorClass === 'auth') return;
  for (const race of await selectRaces(ctx, connection, request)) {
    if (ctx.signal?.aborted) return;
    for (const report of await syncRace(deps, request, handle, race)) record(report);
  }
}

async function selectRaces(ctx: SyncContext, connection: Connection, request: SyncRequest): Promise<RaceInScope[]> {
  const now = ctx.now().getTime();
  const startsAfter = request.includePast
    ? null
    : new Date(request.results ? now - RESULTS_WINDOW_MS : now - STOP_AFTER_START_MS);
  const races = await listRaces(ctx.db, { connectionId: connection.id, startsAfter, providerRaceIds: request.race ? [request.race] : null });
  return request.results ? races.filter((r) => r.startTime !== null && r.startTime.getTime() <= now) : races;
}

async function syncRace(deps: SyncDeps, request: SyncRequest, handle: ConnectionHandle, race: RaceInScope): Promise<RunReport[]> {
  const { ctx } = deps;
  const kind = request.results ? 'results' : 'participants';
  const target = await targetFor(deps, request, {
    timingPartnerId: handle.connection.timingPartnerId,
    connectionId: handle.connection.id,
    kind,
    raceId: race.raceId,
  });
  const options = { full: request.full, dryRun: request.dryRun, allowMassDelete: request.allowMassDelete };
  if (request.results) return syncResults(ctx, handle, target, race, options);
  if (request.bib !== undefined) return refreshByBib(ctx, handle, target, race, request.bib, options);
  return syncParticipants(ctx, handle, [{ race, target }], options);
}

/** Targets are created on first sync; a dry run only looks, since it must not write. */
function targetFor(deps: SyncDeps, request: SyncRequest, key: TargetKey) {
  return request.dryRun ? findTarget(deps.ctx.db, key) : ensureTarget(deps.ctx.db, key);
}
