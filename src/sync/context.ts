import type { Database } from '../db/database.js';
import type { Logger } from '../log.js';
import type { ProviderAdapter } from '../providers/types.js';
import type { OpenConnection } from '../tenants/connections.js';
import type { RunCounts, RunMode, RunStatus } from './store/runs.js';
import type { TargetKind } from './store/targets.js';

export interface SyncSettings {
  incrementalDays: number;
  deleteGuard: number;
  cursorLagSeconds: number;
}

/** Everything a sync run needs from outside, passed in so tests and benches can swap any of it. */
export interface SyncContext {
  db: Database;
  log: Logger;
  now: () => Date;
  settings: SyncSettings;
  /** Lease holder name of this process. */
  holder: string;
  /** Aborted when the process is asked to stop: runs finish their page and end `partial`. */
  signal?: AbortSignal;
  /** Set by the scheduler, which releases leases itself once it has set the next run. */
  keepLease?: boolean;
  /**
   * How long a run waits for a target another process is running (an operator's `p88 sync` waits and
   * then runs; a worker does not wait: it takes other work).
   */
  waitForLeaseMs?: number;
}

/** A connection ready to call its provider; `calls()` counts API calls made through it. */
export interface ConnectionHandle {
  connection: OpenConnection;
  adapter: ProviderAdapter;
  calls: () => number;
}

export interface RunOptions {
  full: boolean;
  dryRun: boolean;
  allowMassDelete?: boolean;
  /** A historical read: full, recorded as `backfill`, on targets of its own so live cursors never move. */
  backfill?: boolean;
  /** An incremental participants read also reads the provider's removed feed (default); the scheduler spaces it out. */
  readRemovalFeed?: boolean;
}

/** A change a dry run would have made, named by the provider's id (listed by `--dry-run --verbose`). */
export interface PreviewChange {
  entity: 'event' | 'race' | 'participant' | 'result';
  key: string;
  kind: string;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
}

/** What one run did, for summaries (`--json`) and logs. */
export interface RunReport {
  timingPartnerId: number;
  connectionId: number;
  provider: string;
  kind: TargetKind;
  targetId: number | null;
  runId: number | null;
  race: { providerRaceId: string; providerEventId: string; name: string; startTime: string | null } | null;
  mode: RunMode;
  status: Exclude<RunStatus, 'running'>;
  dryRun: boolean;
  counts: RunCounts;
  durationMs: number;
  errorClass?: string;
  error?: string;
  heldDeletes?: number;
  /** When the provider or the call budget said the next call may be made. */
  retryAfterMs?: number;
  /** The run stopped because this connection's own call budget ran out (not a provider throttle). */
  budgetExhausted?: boolean;
  /** The run failed because the database did (a dropped connection, a restart): worth retrying soon. */
  databaseFault?: boolean;
  /**
   * The read continued from a checkpoint: what changed while it was broken off may have moved ahead
   * of where it resumed (Haku lists the latest change first), so another read follows at once.
   */
  resumed?: boolean;
  /** A dry run's would-be changes (on the lead's report). */
  preview?: PreviewChange[];
}
