import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/log.js';
import { createSecretBox } from '../../src/secrets.js';
import type { RunReport, SyncContext } from '../../src/sync/context.js';
import { runSync, type SyncRequest } from '../../src/scheduler/sync-now.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';

export const TEST_BOX = createSecretBox({ key: Buffer.alloc(32, 7), source: 'test key' });

/** A settable clock: tests move time explicitly. */
export class TestClock {
  constructor(public current: Date) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface SyncFixture {
  partnerId: number;
  connectionId: number;
  ctx: SyncContext;
  sync(request?: Partial<Omit<SyncRequest, 'partnerId'>>): Promise<RunReport[]>;
}

/** A partner with one RunSignUp connection to `baseUrl`, and a sync function bound to them. */
export async function setUpSync(
  db: Database,
  connection: { baseUrl: string; apiKey: string; apiSecret: string; settings?: Record<string, unknown> },
  options: { now?: () => Date; cursorLagSeconds?: number; deleteGuard?: number } = {},
): Promise<SyncFixture> {
  const partner = await addPartner(db, 'Test Timing', 'America/New_York');
  const created = await addConnection(db, TEST_BOX, {
    timingPartnerId: partner.id,
    provider: 'runsignup',
    baseUrl: connection.baseUrl,
    budgetPerHour: 1000,
    credentials: { api_key: connection.apiKey, api_secret: connection.apiSecret },
    settings: { retryBaseMs: 1, ...connection.settings },
  });
  const ctx: SyncContext = {
    db,
    log: createLogger('silent'),
    now: options.now ?? (() => new Date()),
    settings: { incrementalDays: 7, deleteGuard: options.deleteGuard ?? 0.2, cursorLagSeconds: options.cursorLagSeconds ?? 10 },
    holder: 'test:1',
  };
  return {
    partnerId: partner.id,
    connectionId: created.id,
    ctx,
    sync: (request = {}) =>
      runSync(
        { ctx, box: TEST_BOX, fetch: globalThis.fetch },
        { partnerId: partner.id, full: false, includePast: false, results: false, dryRun: false, ...request },
      ),
  };
}
