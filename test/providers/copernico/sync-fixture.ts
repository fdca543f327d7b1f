/** A partner with one Copernico connection to the sandbox, and a sync bound to them (test/helpers/sync.ts's shape). */
import type { Database } from '../../../src/db/database.js';
import { createLogger } from '../../../src/log.js';
import type { HttpFetch } from '../../../src/providers/types.js';
import { runSync, type SyncRequest } from '../../../src/scheduler/sync-now.js';
import type { RunReport, SyncContext } from '../../../src/sync/context.js';
import { addConnection } from '../../../src/tenants/connections.js';
import { addPartner } from '../../../src/tenants/partners.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { TEST_BOX } from '../../helpers/sync.js';
import { apiKeyOf, racesOf } from './helpers.js';

export interface CopernicoSync {
  partnerId: number;
  connectionId: number;
  ctx: SyncContext;
  /** The fetch the connection uses: the network, or a broken one. */
  fetch: { current: HttpFetch };
  sync(request?: Partial<Omit<SyncRequest, 'partnerId'>>): Promise<RunReport[]>;
}

export async function setUpCopernicoSync(db: Database, sandbox: Sandbox, settings: Record<string, unknown> = {}): Promise<CopernicoSync> {
  const partner = await addPartner(db, 'Cronometraje Test', 'Europe/Madrid');
  const connection = await addConnection(db, TEST_BOX, {
    timingPartnerId: partner.id,
    provider: 'copernico',
    baseUrl: sandbox.endpoint('copernico').baseUrl,
    budgetPerHour: 1000,
    credentials: { api_key: apiKeyOf(sandbox) },
    settings: { raceIds: racesOf(sandbox).map((e) => e.ids.copernico), retryBaseMs: 1, ...settings },
  });
  const ctx: SyncContext = {
    db,
    log: createLogger('silent'),
    // The world's clock, so "now" is the same instant at the provider and in the engine.
    now: () => sandbox.clock.now(),
    settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 },
    holder: 'test:1',
  };
  const current: { current: HttpFetch } = { current: globalThis.fetch };
  return {
    partnerId: partner.id,
    connectionId: connection.id,
    ctx,
    fetch: current,
    sync: (request = {}) =>
      runSync(
        { ctx, box: TEST_BOX, fetch: (url, init) => current.current(url, init) },
        { partnerId: partner.id, full: false, includePast: true, results: false, dryRun: false, ...request },
      ),
  };
}
