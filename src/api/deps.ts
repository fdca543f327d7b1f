import type { Database } from '../db/database.js';
import type { Logger } from '../log.js';
import type { SecretBox } from '../secrets.js';
import type { ChangeWaiter } from './change-waiter.js';
import type { ViewCatalog } from './view-catalog.js';

/** What route handlers work with; built once by `createApi`. */
export interface ApiDeps {
  db: Database;
  log: Logger;
  box: SecretBox;
  now: () => Date;
  catalog: ViewCatalog;
  changes: ChangeWaiter;
  /** The running process's readiness checks (migrations, worker heartbeats). */
  readiness: () => Promise<ReadinessReport>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
}
