/** A partner with one Haku connection to the sandbox skin, and `p88 sync` bound to them. */
import type { Database } from '../../../src/db/database.js';
import { createLogger } from '../../../src/log.js';
import type { HttpFetch } from '../../../src/providers/types.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { runSync, type SyncRequest } from '../../../src/scheduler/sync-now.js';
import type { RunReport, SyncContext } from '../../../src/sync/context.js';
import { addConnection } from '../../../src/tenants/connections.js';
import { addPartner } from '../../../src/tenants/partners.js';
import { TEST_BOX } from '../../helpers/sync.js';

export interface HakuSyncFixture {
  partnerId: number;
  connectionId: number;
  ctx: SyncContext;
  sync(request?: Partial<Omit<SyncRequest, 'partnerId'>>): Promise<RunReport[]>;
}

export async function setUpHakuSync(
  db: Database,
  sandbox: Sandbox,
  options: { now: () => Date; settings?: Record<string, unknown>; budgetPerHour?: number; fetch?: HttpFetch },
): Promise<HakuSyncFixture> {
  const endpoint = sandbox.endpoint('haku');
  const { client_id, client_secret } = endpoint.credentials[0]!;
  const partner = await addPartner(db, 'Haku Timing', 'America/Chicago');
  const connection = await addConnection(db, TEST_BOX, {
    timingPartnerId: partner.id,
    provider: 'haku',
    baseUrl: endpoint.baseUrl,
    authUrl: endpoint.authUrl,
    budgetPerHour: options.budgetPerHour ?? 5000,
    credentials: { client_id, client_secret },
    settings: { retryBaseMs: 1, ...options.settings },
  });
  const ctx: SyncContext = {
    db,
    log: createLogger('silent'),
    now: options.now,
    settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 },
    holder: 'test:haku',
  };
  return {
    partnerId: partner.id,
    connectionId: connection.id,
    ctx,
    sync: (request = {}) =>
      runSync(
        { ctx, box: TEST_BOX, fetch: options.fetch ?? globalThis.fetch },
        { partnerId: partner.id, full: false, includePast: false, results: false, dryRun: false, ...request },
      ),
  };
}
