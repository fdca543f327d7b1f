/** A partner with one ChronoTrack connection to the sandbox, and `p88 sync` bound to them (cf. test/helpers/sync.ts). */
import type { Database } from '../../../src/db/database.js';
import { createLogger } from '../../../src/log.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { runSync, type SyncRequest } from '../../../src/scheduler/sync-now.js';
import type { RunReport, SyncContext } from '../../../src/sync/context.js';
import { addConnection } from '../../../src/tenants/connections.js';
import { addPartner } from '../../../src/tenants/partners.js';
import { TEST_BOX } from '../../helpers/sync.js';
import { credentialsFor, type AuthChoice } from './helpers.js';

export interface ChronoTrackSync {
  partnerId: number;
  connectionId: number;
  sync(request?: Partial<Omit<SyncRequest, 'partnerId'>>): Promise<RunReport[]>;
}

export async function setUpChronoTrackSync(
  db: Database,
  sandbox: Sandbox,
  options: { mode?: AuthChoice; settings?: Record<string, unknown>; partner?: number } = {},
): Promise<ChronoTrackSync> {
  const endpoint = sandbox.endpoint('chronotrack');
  const partner = await addPartner(db, 'Test Timing', 'America/Chicago');
  const connection = await addConnection(db, TEST_BOX, {
    timingPartnerId: partner.id,
    provider: 'chronotrack',
    baseUrl: endpoint.baseUrl,
    authUrl: endpoint.authUrl ?? null,
    budgetPerHour: 1000,
    credentials: credentialsFor(sandbox, options.mode ?? 'oauth', options.partner ?? 0),
    settings: { retryBaseMs: 1, ...options.settings },
  });
  // The sandbox's virtual clock is the time of every run, so races are past or upcoming as the world says.
  const ctx: SyncContext = {
    db,
    log: createLogger('silent'),
    now: () => sandbox.clock.now(),
    settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 },
    holder: 'test:chronotrack',
  };
  return {
    partnerId: partner.id,
    connectionId: connection.id,
    sync: (request = {}) => runSync(
      { ctx, box: TEST_BOX, fetch: globalThis.fetch },
      { partnerId: partner.id, full: false, includePast: false, results: false, dryRun: false, ...request },
    ),
  };
}
