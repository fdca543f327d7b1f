/**
 * `p88 push` and `p88 publish approve --now`: a link's push or publish run now, on the same budget,
 * lease and settling as when the scheduler runs it.
 */
import { ensureBudget, spendBeforeEachCall } from '../budget/budget.js';
import { SyncError } from '../errors.js';
import { openConnectionHandle } from '../sync/connection-handle.js';
import type { RunReport } from '../sync/context.js';
import { getRace } from '../sync/store/events.js';
import type { RaceLink } from '../sync/store/links.js';
import { ensureTarget } from '../sync/store/targets.js';
import { openConnection } from '../tenants/connections.js';
import { getPartner } from '../tenants/partners.js';
import { runLinkTarget } from './execute.js';
import { linkScope } from './links.js';
import { resolvePolicy } from './policy.js';
import { settleRuns } from './settle.js';
import type { SyncDeps } from './sync-now.js';

const MANUAL_LEASE_WAIT_MS = 10 * 60_000;

export async function runLinkNow(deps: SyncDeps, link: RaceLink, kind: 'push' | 'publish', dryRun: boolean): Promise<RunReport[]> {
  const { ctx } = deps;
  const race = await getRace(ctx.db, kind === 'push' ? link.scoringRaceId : link.registrationRaceId, link.timingPartnerId);
  const partner = await getPartner(ctx.db, link.timingPartnerId);
  if (!race || !partner) throw new SyncError('config', `link ${link.id}: its ${kind === 'push' ? 'scoring' : 'registration'} race is gone`);
  const connection = await openConnection(ctx.db, deps.box, race.connectionId);
  if (!connection || connection.status !== 'active') throw new SyncError('config', `link ${link.id}: connection ${race.connectionId} is not active`);
  await ensureBudget(ctx.db, connection.id, connection.budgetPerHour, deps.reserveShare ?? 0.3, ctx.now());
  const handle = openConnectionHandle(ctx, deps.box, connection, deps.fetch, spendBeforeEachCall(ctx.db, connection.id, ctx.now, 'whole_hour'));
  const target = await ensureTarget(ctx.db, { timingPartnerId: link.timingPartnerId, connectionId: connection.id, kind, raceId: race.raceId, scope: linkScope(link.id) });
  const runCtx = { ...ctx, keepLease: !dryRun, waitForLeaseMs: MANUAL_LEASE_WAIT_MS };
  const reports = await runLinkTarget(runCtx, handle, target, { full: true, dryRun });
  if (!dryRun && reports.some((r) => r.runId !== null)) {
    await settleRuns({ ctx: runCtx, policy: resolvePolicy(partner.settings.schedule), authFailureLimit: deps.authFailureLimit ?? 3 }, {
      connection, timeZone: partner.timeZone, targets: [target], races: [race], reports, raceDay: true, partnerSettings: partner.settings,
    });
  }
  return reports;
}
