/**
 * What a phase stands on: a fresh PostgreSQL database, the partner and its RunSignUp connection to the
 * sandbox, and the Worker instances — each with its own holder name and pool, all on the virtual
 * clock and the recording fetch, wired as `p88 worker` wires one.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres.js';
import { createLogger } from '../../src/log.js';
import type { RunSignupSandbox } from '../../src/sandbox/index.js';
import { createRandom, hashSeed } from '../../src/sandbox/world/random.js';
import { DEFAULT_POLICY } from '../../src/scheduler/policy.js';
import { Worker } from '../../src/scheduler/worker.js';
import { createSecretBox, type SecretBox } from '../../src/secrets.js';
import type { RunReport } from '../../src/sync/context.js';
import { workerId } from '../../src/sync/store/targets.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { adminQuery } from '../sync/scratch-database.js';
import type { CallLog } from './calls.js';
import type { VirtualClock } from './clock.js';
import type { Scenario } from './scenario.js';

/** Creates `name` (dropped first if left over) next to the admin URL's database, migrated; returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 1);
  await migrate(db);
  await db.close();
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
}

/** The timing partner (in the scenario's zone) and its one RunSignUp connection at the scenario's budget. */
export async function addRaceWeekendPartner(db: Database, sandbox: RunSignupSandbox, scenario: Scenario): Promise<{ partnerId: number; box: SecretBox }> {
  const box = createSecretBox({ key: randomBytes(32), source: 'bench' });
  const partner = await addPartner(db, 'Race Weekend Timing', scenario.timeZone);
  const credential = sandbox.credentials[0]!;
  await addConnection(db, box, {
    timingPartnerId: partner.id, provider: 'runsignup', baseUrl: sandbox.baseUrl, budgetPerHour: scenario.callsPerHour,
    credentials: { api_key: credential.apiKey, api_secret: credential.apiSecret },
  });
  return { partnerId: partner.id, box };
}

export interface WorkerSetup {
  pools: Database[];
  box: SecretBox;
  clock: VirtualClock;
  calls: CallLog;
  scenario: Scenario;
  /** Gets every report of worker `n` (1-based). */
  onRun: (worker: number, report: RunReport) => void;
}

/** One Worker per pool, as `p88 worker --concurrency 1` builds it, with the CLI's default settings. */
export function createWorkers(setup: WorkerSetup): Worker[] {
  const { scenario } = setup;
  return setup.pools.map((db, i) => new Worker(
    {
      ctx: {
        db, log: createLogger('error'), now: setup.clock.now, holder: workerId(`:sim${i + 1}`),
        settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 },
      },
      box: setup.box,
      fetch: setup.calls.fetch,
      policy: DEFAULT_POLICY,
      reserveShare: scenario.reserveShare,
      authFailureLimit: 3,
      leaseMs: 5 * 60_000,
      random: createRandom(hashSeed(scenario.seed, 'backoff', i)).next,
    },
    { concurrency: 1, idleMs: 0, onRun: (report) => setup.onRun(i + 1, report) },
  ));
}
