/**
 * One chaos run: the five providers' skins fail at `rate` of their calls (5xx, resets, timeouts,
 * throttles, malformed and truncated bodies, a page repeated, an empty page, an expired token) while
 * the world keeps changing and `workers` p88 worker processes share one PostgreSQL, one of them
 * killed with SIGKILL now and then. Then the faults stop, the workers stop, one clean incremental
 * pass runs, and the database is compared with a reference filled by one clean full sync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Sandbox, SkinProvider } from '../../src/sandbox/index.js';
import { FAULT_KINDS, type FaultKind } from '../../src/sandbox/server/faults.js';
import { createRandom, hashSeed } from '../../src/sandbox/world/random.js';
import { runSync, type SyncRequest } from '../../src/scheduler/sync-now.js';
import type { RunReport } from '../../src/sync/context.js';
import { createDatabase, dropDatabase } from '../simulate/setup.js';
import { checkInvariants, compareDatabases, type Comparison, type Invariants } from './verify.js';
import { addChaosTenants, startChaosWorld, WORLD_CHANGE, type ChaosConnection } from './world.js';
import { startWorkers } from './workers.js';

export interface ChaosOptions {
  adminUrl: string;
  /** Seconds of faults, changes and kills. */
  durationSeconds: number;
  /** Share of provider calls that fail. */
  rate: number;
  seed: number;
  workers: number;
  /** Mean seconds between two kills. */
  killEverySeconds: number;
  /** Seconds between two changes of the world. */
  changeEverySeconds: number;
  providers: SkinProvider[];
  partners: number;
  registrationsPerRace: number;
  /** Database names (so concurrent runs do not meet); both are dropped at the end unless kept. */
  databaseNames: { chaos: string; reference: string };
  keepDatabases: boolean;
  progress(text: string): void;
}

export interface ChaosFigures {
  seed: number;
  rate: number;
  durationSeconds: number;
  workers: number;
  kills: number;
  worldChanges: number;
  /** Provider calls the skins answered during the faulty phase, and the faults among them by kind. */
  calls: number;
  faults: Record<string, number>;
  runsByStatus: Record<string, number>;
  cleanPass: { runs: number; failed: number };
  /** The reference must be read in full without a failure, or the comparison says nothing. */
  referencePass: { runs: number; failed: number };
  rowsCompared: Record<string, number>;
  differences: number;
  duplicates: number;
  bibsMissingFromFeed: number;
  runsStillRunning: number;
  leasesHeld: number;
  callsOverBudget: number;
  /** Calls a skin served that the hub did not count against the connection's budget. */
  uncountedCalls: number;
  workerCrashes: number;
  /** The first differences and offending rows, for a look. */
  samples: unknown;
}

/**
 * Every kind the issue lists; a timeout waits out the client (timeoutMs), so connections get a short
 * one. Drawn per call from a seeded stream: a failing seed replays the same faults in the same order.
 */
const CHAOS_FAULTS: FaultKind[] = [...FAULT_KINDS];
const CLIENT_SETTINGS = { timeoutMs: 2_000, retryBaseMs: 50, maxAttempts: 3 };

export async function runChaos(options: ChaosOptions): Promise<ChaosFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'p88-chaos-'));
  const sandbox = await startChaosWorld(options);
  const urls = {
    chaos: await createDatabase(options.adminUrl, options.databaseNames.chaos),
    reference: await createDatabase(options.adminUrl, options.databaseNames.reference),
  };
  const chaosApp = await openChaosApp(urls.chaos, dataDir);
  const referenceApp = await openChaosApp(urls.reference, dataDir);
  try {
    const connections = await addChaosTenants(chaosApp, sandbox, CLIENT_SETTINGS);
    await addChaosTenants(referenceApp, sandbox, CLIENT_SETTINGS);
    const faulty = await faultyPhase(options, sandbox, urls.chaos, dataDir);
    sandbox.clock.set(new Date());
    await waitOutThrottles(chaosApp, options.progress);
    options.progress('faults off, the world frozen: one clean incremental pass…\n');
    const cleanReports = await syncEveryPartner(chaosApp, false);
    const uncountedCalls = await callsNotCounted(chaosApp, sandbox, connections);
    options.progress('one clean full sync into the reference database…\n');
    const referenceReports = await syncEveryPartner(referenceApp, true);
    const comparison = await compareDatabases(chaosApp.db, referenceApp.db);
    const invariants = await checkInvariants(chaosApp.db);
    return figures(options, faulty, { clean: cleanReports, reference: referenceReports }, comparison, invariants, uncountedCalls);
  } finally {
    await Promise.all([chaosApp.close(), referenceApp.close()]);
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (!options.keepDatabases) {
      await dropDatabase(options.adminUrl, options.databaseNames.chaos);
      await dropDatabase(options.adminUrl, options.databaseNames.reference);
    }
  }
}

function openChaosApp(databaseUrl: string, dataDir: string): Promise<App> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, P88_DATA_DIR: dataDir, P88_LOG_LEVEL: 'silent' });
  return openApp(config, process);
}

interface FaultyPhase {
  kills: number;
  worldChanges: number;
  calls: number;
  faults: Record<string, number>;
  crashes: string[];
}

/** Faults on every skin, the world changing, workers running and being killed, for the run's duration. */
async function faultyPhase(options: ChaosOptions, sandbox: Sandbox, databaseUrl: string, dataDir: string): Promise<FaultyPhase> {
  const random = createRandom(hashSeed('chaos', options.seed));
  const callsBefore = sandbox.callCount();
  for (const endpoint of sandbox.endpoints) {
    sandbox.injectFault({ provider: endpoint.provider, random: { rate: options.rate, kinds: CHAOS_FAULTS, seed: hashSeed(options.seed, endpoint.provider) } });
  }
  const fleet = startWorkers(options.workers, { DATABASE_URL: databaseUrl, P88_DATA_DIR: dataDir, P88_LOG_LEVEL: 'warn' }, random);
  const endAt = Date.now() + options.durationSeconds * 1000;
  let worldChanges = 0;
  let nextChange = Date.now() + options.changeEverySeconds * 1000;
  let nextKill = Date.now() + nextKillDelay(options, random);
  while (Date.now() < endAt) {
    await sleep(200);
    if (Date.now() >= nextChange) {
      sandbox.mutate(WORLD_CHANGE);
      worldChanges += 1;
      nextChange += options.changeEverySeconds * 1000;
    }
    if (Date.now() >= nextKill) {
      await fleet.killOne();
      options.progress(`  ${Math.round((endAt - Date.now()) / 1000)} s left: killed a worker (${fleet.kills()} so far)\n`);
      nextKill = Date.now() + nextKillDelay(options, random);
    }
  }
  const faults = await faultCounts(sandbox);
  for (const endpoint of sandbox.endpoints) sandbox.injectFault({ provider: endpoint.provider, random: null });
  await fleet.stop();
  return { kills: fleet.kills(), worldChanges, calls: sandbox.callCount() - callsBefore, faults, crashes: fleet.crashes() };
}

/** Exponentially distributed around the mean, at least a second: kills land at any point of a run. */
function nextKillDelay(options: ChaosOptions, random: ReturnType<typeof createRandom>): number {
  return Math.max(1000, -Math.log(1 - random.next()) * options.killEverySeconds * 1000);
}

async function faultCounts(sandbox: Sandbox): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (const endpoint of sandbox.endpoints) {
    const state = (await (await fetch(`${endpoint.origin}/_admin/faults`)).json()) as { injected?: Record<string, number> };
    for (const [kind, n] of Object.entries(state.injected ?? {})) total[kind] = (total[kind] ?? 0) + n;
  }
  return total;
}

/**
 * A throttle answered during the faults paused its connection's budget for the provider's
 * Retry-After; the clean pass honours it, as any run would.
 */
async function waitOutThrottles(app: App, progress: (text: string) => void): Promise<void> {
  const [row] = await app.db.query<{ until: Date | null }>('select max(paused_until) as until from budgets where paused_until > now()');
  const waitMs = row?.until ? row.until.getTime() - Date.now() + 500 : 0;
  if (waitMs <= 0) return;
  progress(`waiting ${Math.ceil(waitMs / 1000)} s for the Retry-After of a throttle…\n`);
  await sleep(waitMs);
}

/** Participants of every race, then results of every race that started, for every partner. */
async function syncEveryPartner(app: App, full: boolean): Promise<RunReport[]> {
  const partners = await app.db.query<{ id: number }>('select id::int from timing_partners order by id');
  const reports: RunReport[] = [];
  for (const { id } of partners) {
    const base: SyncRequest = { partnerId: id, full, includePast: true, results: false, dryRun: false };
    const deps = { ctx: app.syncContext(), box: app.box, fetch: globalThis.fetch };
    reports.push(...(await runSync(deps, base)), ...(await runSync(deps, { ...base, results: true })));
  }
  return reports;
}

/** Calls a skin served under a connection's credential beyond what the hub counted against its budget. */
async function callsNotCounted(app: App, sandbox: Sandbox, connections: ChaosConnection[]): Promise<number> {
  const spent = new Map(
    (await app.db.query<{ connection_id: number; spent: number }>('select connection_id::int, spent_total::int as spent from budgets'))
      .map((r) => [r.connection_id, r.spent]),
  );
  let uncounted = 0;
  for (const connection of connections) {
    const served = Math.max(0, ...connection.credentialValues.map((value) => sandbox.callCount(connection.provider, value)));
    uncounted += Math.max(0, served - (spent.get(connection.id) ?? 0));
  }
  return uncounted;
}

function figures(
  options: ChaosOptions, faulty: FaultyPhase, passes: { clean: RunReport[]; reference: RunReport[] }, comparison: Comparison,
  invariants: Invariants, uncountedCalls: number,
): ChaosFigures {
  const failed = (reports: RunReport[]) => reports.filter((r) => r.status !== 'succeeded');
  const describe = (reports: RunReport[]) => failed(reports).slice(0, 5).map((r) => ({ kind: r.kind, provider: r.provider, status: r.status, error: r.error }));
  return {
    seed: options.seed, rate: options.rate, durationSeconds: options.durationSeconds, workers: options.workers,
    kills: faulty.kills, worldChanges: faulty.worldChanges, calls: faulty.calls, faults: faulty.faults,
    runsByStatus: invariants.runsByStatus,
    cleanPass: { runs: passes.clean.length, failed: failed(passes.clean).length },
    referencePass: { runs: passes.reference.length, failed: failed(passes.reference).length },
    rowsCompared: comparison.rowsCompared,
    differences: comparison.differences.length,
    duplicates: invariants.duplicates.length,
    bibsMissingFromFeed: invariants.bibsMissingFromFeed.length,
    runsStillRunning: invariants.runsStillRunning,
    leasesHeld: invariants.leasesHeld,
    callsOverBudget: invariants.overBudget.length,
    uncountedCalls,
    workerCrashes: faulty.crashes.length,
    samples: {
      differences: comparison.differences.slice(0, 10), duplicates: invariants.duplicates.slice(0, 5),
      bibsMissingFromFeed: invariants.bibsMissingFromFeed.slice(0, 5), overBudget: invariants.overBudget,
      failedCleanRuns: describe(passes.clean), failedReferenceRuns: describe(passes.reference),
      workerCrashes: faulty.crashes.slice(0, 5),
    },
  };
}
