/**
 * The composition root shared by the CLI and the HTTP server: opens the database and the secret key
 * once, and builds the contexts the services run with, so no command assembles them by hand.
 */
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { EmbeddedDatabaseUnavailable } from './db/embedded/embedded-database.js';
import { openDatabase } from './db/open.js';
import { describeConnectError } from './db/postgres.js';
import { createLogger, type Logger } from './log.js';
import { startHeartbeat } from './metrics/heartbeat.js';
import { DEFAULT_POLICY } from './scheduler/policy.js';
import type { SchedulerDeps } from './scheduler/execute.js';
import { createSecretBox, keyMismatchMessage, loadOrCreateKey, SecretKeyError, type SecretBox } from './secrets.js';
import type { SyncContext } from './sync/context.js';
import { LEASE_MS, workerId } from './sync/store/targets.js';
import { secretKeyMatches } from './tenants/key-check.js';

/** What every command and the server work with. */
export interface App {
  config: Config;
  log: Logger;
  db: Database;
  box: SecretBox;
  /** Set when the secret key is not the one the stored credentials were sealed with. */
  keyMismatch: string | null;
  /** The context of sync runs started by this process (`holder` names it in leases). */
  syncContext(options?: { signal?: AbortSignal; incrementalDays?: number; holder?: string }): SyncContext;
  /**
   * What the scheduler loop needs; each worker loop gets its own lease holder name. The loop's
   * heartbeat (worker_heartbeats, read by /readyz and the dashboard) beats from here until `signal`
   * aborts or the app closes.
   */
  schedulerDeps(options: { signal?: AbortSignal; fetch?: typeof globalThis.fetch; concurrency?: number }): SchedulerDeps;
  close(): Promise<void>;
}

/** A failure the person running p88 must fix; its message says what to do. */
export class FatalError extends Error {
  override name = 'FatalError';
}

export async function openApp(config: Config, io: { stderr: { write(text: string): unknown } }, options: { migrate?: boolean } = {}): Promise<App> {
  const log = createLogger(config.logLevel, io.stderr);
  // The key first: a bad key must fail before the database is opened (and left open).
  let box: SecretBox;
  try {
    box = createSecretBox(loadOrCreateKey(config.secretKey, config.dataDir));
  } catch (error) {
    if (error instanceof SecretKeyError) throw new FatalError(error.message, { cause: error });
    throw new FatalError(`Cannot use the data folder ${config.dataDir} for the secret key: ${(error as Error).message}`, { cause: error });
  }
  const db = await openStorage(config, options);
  let keyMismatch: string | null = null;
  try {
    // Before migrations (`p88 migrate`) the check value's table may not exist yet.
    if (options.migrate !== false) keyMismatch = (await secretKeyMatches(db, box)) ? null : keyMismatchMessage(box.keySource);
  } catch (error) {
    await db.close();
    throw error;
  }
  const syncContext: App['syncContext'] = (o = {}) => ({
    db,
    log,
    now: () => new Date(),
    holder: o.holder ?? workerId(),
    signal: o.signal,
    settings: { incrementalDays: o.incrementalDays ?? config.incrementalDays, deleteGuard: config.deleteGuard, cursorLagSeconds: config.cursorLagSeconds },
  });
  const heartbeats = new Set<{ stop(): Promise<void> }>();
  const schedulerDeps: App['schedulerDeps'] = (o) => {
    const ctx = syncContext({ signal: o.signal });
    const heartbeat = startHeartbeat(db, ctx.holder, o.concurrency ?? 1);
    heartbeats.add(heartbeat);
    o.signal?.addEventListener('abort', () => heartbeats.delete(heartbeat) && void heartbeat.stop(), { once: true });
    return {
      ctx,
      box,
      fetch: o.fetch ?? globalThis.fetch,
      policy: DEFAULT_POLICY,
      reserveShare: config.reserveShare,
      authFailureLimit: config.authFailureLimit,
      leaseMs: LEASE_MS,
    };
  };
  return {
    config, log, db, box, keyMismatch, syncContext, schedulerDeps,
    close: async () => {
      await Promise.all([...heartbeats].map((h) => h.stop()));
      await db.close();
    },
  };
}

async function openStorage(config: Config, options: { migrate?: boolean }): Promise<Database> {
  try {
    return await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: options.migrate });
  } catch (cause) {
    if (cause instanceof EmbeddedDatabaseUnavailable) throw new FatalError(cause.message.charAt(0).toUpperCase() + cause.message.slice(1), { cause });
    if (!config.databaseUrl) {
      throw new FatalError(`Cannot open the embedded database in ${config.dataDir}: ${(cause as Error).message}. Check that the folder is writable.`, { cause });
    }
    const server = new URL(config.databaseUrl);
    throw new FatalError(
      `Cannot open the PostgreSQL server ${server.hostname}:${server.port || 5432} (DATABASE_URL): ${describeConnectError(cause)}. ` +
        'Check that it runs and that the URL, user and database are right.',
      { cause },
    );
  }
}
