/**
 * Child process measuring one engine (argv[2]: an EngineJob as JSON), so each engine's RSS is its
 * own: open the scratch database, add the partner and its RunSignUp connection to the sandbox, then
 *   1. full sync, 2. baseline upsert of the same rows, 3. ~1 % changed + incremental re-sync,
 *   4. another ~1 % changed + full re-sync.
 * Sends an EngineResult to the parent over IPC. The auto-analyze stand-in, when asked for, runs
 * through all of it, as autovacuum would.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/log.js';
import type { MutationSummary } from '../../src/sandbox/index.js';
import { createSecretBox } from '../../src/secrets.js';
import type { SyncContext } from '../../src/sync/context.js';
import { workerId } from '../../src/sync/store/targets.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { startAutoAnalyze } from './auto-analyze.js';
import { measureBaseline } from './baseline.js';
import { minimumFullSyncCalls } from './minimum-calls.js';
import type { EngineResult, ResyncPhase, SyncPhase } from './results.js';
import { toMb } from './rss-sampler.js';
import { mutateSandbox, readSandboxState, type SandboxAddress } from './sandbox-child.js';
import { openScratchPglite, openScratchPostgres, type EngineName } from './scratch-database.js';
import { timeSync, type PhaseSetup } from './sync-phase.js';
import { changeMix } from './world.js';

export interface EngineJob {
  engine: EngineName;
  sandbox: SandboxAddress;
  /** Admin URL of the PostgreSQL server (engine pg). */
  pgUrl: string;
  pgDatabase: string;
  /** Prepared PGlite folder (engine pglite). */
  pgliteDir?: string;
  changeShare: number;
  /** Reads run at the same time (`p88 sync --concurrency`). */
  concurrency: number;
  /** Run the auto-analyze stand-in (auto-analyze.ts) while measuring. */
  autoAnalyze: boolean;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const say = (text: string) => process.stderr.write(text + '\n');

/** The same settings as the CLI defaults: incremental cursors trail the fetch start by 10 s. */
const SETTINGS = { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 };

async function setUp(job: EngineJob, db: Database) {
  const box = createSecretBox({ key: randomBytes(32), source: 'bench' });
  const credential = job.sandbox.credentials[0]!;
  const partner = await addPartner(db, 'Bench Timing', 'America/New_York');
  await addConnection(db, box, {
    timingPartnerId: partner.id, provider: 'runsignup', baseUrl: job.sandbox.baseUrl, budgetPerHour: 1_000_000,
    credentials: { api_key: credential.apiKey, api_secret: credential.apiSecret },
  });
  const ctx: SyncContext = { db, log: createLogger('warn'), now: () => new Date(), holder: workerId(), settings: SETTINGS };
  return { box, partnerId: partner.id, ctx };
}

async function changeWorld(job: EngineJob, participants: number): Promise<MutationSummary> {
  const summary = await mutateSandbox(job.sandbox.origin, changeMix(job.changeShare, participants));
  say(`[${job.engine}] sandbox changed ${distinctChanged(summary)} participants in ${summary.eventIds.length} races`);
  return summary;
}

const distinctChanged = (s: MutationSummary) => new Set([...s.edit, ...s.assignBibs, ...s.changeBibs]).size;

function asResync(phase: SyncPhase, summary: MutationSummary, fullMs: number): ResyncPhase {
  return { ...phase, changed: distinctChanged(summary), racesTouched: summary.eventIds.length, speedup: ratio(fullMs, phase.durationMs) };
}

async function countStored(db: Database): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from participants where deleted_at is null');
  return row!.n;
}

async function measure(job: EngineJob, db: Database): Promise<Omit<EngineResult, 'autoAnalyze'>> {
  const { box, partnerId, ctx } = await setUp(job, db);
  const before = await readSandboxState(job.sandbox.origin);
  const setup = (label: string): PhaseSetup => ({ ctx, box, partnerId, label: `[${job.engine}] ${label}`, concurrency: job.concurrency, totalRaces: before.totals.events });
  const rssAtStartMb = toMb(process.memoryUsage.rss());

  const full = await timeSync(setup('full sync'), { full: true, results: false });
  const participantsStored = await countStored(db);
  const minimumCalls = minimumFullSyncCalls(before);
  const participantsPerSec = Math.round(participantsStored / (full.durationMs / 1000));

  say(`[${job.engine}] baseline: upserting the ${participantsStored} stored rows again in batches`);
  const baseline = await measureBaseline(db);
  say(`[${job.engine}] baseline: ${baseline.rows} rows in ${(baseline.durationMs / 1000).toFixed(1)} s`);

  const firstChange = await changeWorld(job, before.totals.participants);
  const incremental = asResync(await timeSync(setup('incremental re-sync'), { full: false, results: false }), firstChange, full.durationMs);

  const secondChange = await changeWorld(job, before.totals.participants);
  const beforeResync = await readSandboxState(job.sandbox.origin);
  const resync = await timeSync(setup('full re-sync'), { full: true, results: false });
  const resyncMinimum = minimumFullSyncCalls(beforeResync);

  return {
    engine: job.engine,
    rssAtStartMb,
    lifetimeMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    fullSync: { ...full, participantsStored, participantsPerSec, minimumCalls, callsOverMinimum: ratio(full.counts.apiCalls, minimumCalls.total) },
    baseline,
    fullVsBaseline: ratio(participantsPerSec, baseline.rowsPerSec),
    incremental,
    fullResync: {
      ...asResync(resync, secondChange, full.durationMs),
      minimumCalls: resyncMinimum,
      callsOverMinimum: ratio(resync.counts.apiCalls, resyncMinimum.total),
    },
  };
}

const job = JSON.parse(process.argv[2] ?? '{}') as EngineJob;
const db = job.engine === 'pg' ? await openScratchPostgres(job.pgUrl, job.pgDatabase) : await openScratchPglite(job.pgliteDir!);
const autoAnalyze = job.autoAnalyze ? startAutoAnalyze(db) : undefined;
try {
  const measured = await measure(job, db);
  const result: EngineResult = { ...measured, autoAnalyze: (await autoAnalyze?.stop()) ?? null };
  await new Promise<void>((resolve, reject) => process.send!(result, undefined, {}, (error) => (error ? reject(error) : resolve())));
} finally {
  await autoAnalyze?.stop();
  await db.close();
}
