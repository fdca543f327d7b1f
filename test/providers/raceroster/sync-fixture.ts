/** A partner with one Race Roster connection to the sandbox skin, and a sync function bound to them (like test/helpers/sync.ts for RunSignUp). */
import type { Database } from '../../../src/db/database.js';
import { createLogger } from '../../../src/log.js';
import { runSync, type SyncRequest } from '../../../src/scheduler/sync-now.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { RunReport, SyncContext } from '../../../src/sync/context.js';
import { addConnection } from '../../../src/tenants/connections.js';
import { addPartner } from '../../../src/tenants/partners.js';
import { TEST_BOX } from '../../helpers/sync.js';
import { credentialsOf } from './helpers.js';

export interface RaceRosterSyncFixture {
  partnerId: number;
  connectionId: number;
  ctx: SyncContext;
  sync(request?: Partial<Omit<SyncRequest, 'partnerId'>>): Promise<RunReport[]>;
}

export async function setUpRaceRosterSync(
  db: Database,
  sandbox: Sandbox,
  options: { now?: () => Date; settings?: Record<string, unknown>; partner?: number } = {},
): Promise<RaceRosterSyncFixture> {
  const partner = await addPartner(db, 'Harbour Timing', 'America/Toronto');
  const connection = await addConnection(db, TEST_BOX, {
    timingPartnerId: partner.id,
    provider: 'raceroster',
    baseUrl: sandbox.endpoint('raceroster').baseUrl,
    budgetPerHour: 1000,
    credentials: credentialsOf(sandbox, options.partner ?? 0),
    settings: { retryBaseMs: 1, ...options.settings },
  });
  const ctx: SyncContext = {
    db,
    log: createLogger('silent'),
    now: options.now ?? (() => new Date()),
    settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 },
    holder: 'test:1',
  };
  return {
    partnerId: partner.id,
    connectionId: connection.id,
    ctx,
    sync: (request = {}) =>
      runSync({ ctx, box: TEST_BOX, fetch: globalThis.fetch }, { partnerId: partner.id, full: false, includePast: false, results: false, dryRun: false, ...request }),
  };
}
