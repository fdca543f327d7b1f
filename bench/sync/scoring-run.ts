/**
 * Child process measuring the results phase on one engine (argv[2]: a ScoringJob as JSON): open
 * the scratch database, add the partner and its connection to the scoring skin, then
 *   1. collect every race's results (discovery first), 2. baseline write of the same results and
 *   splits, 3. about 1 % of results corrected, finished or withdrawn + collection again.
 * Sends a ScoringResult to the parent over IPC.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/log.js';
import type { ProviderEndpoint } from '../../src/sandbox/index.js';
import { createSecretBox } from '../../src/secrets.js';
import type { SyncContext } from '../../src/sync/context.js';
import { workerId } from '../../src/sync/store/targets.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { measureResultsBaseline } from './results-baseline.js';
import type { ScoringResult } from './results.js';
import { toMb } from './rss-sampler.js';
import { mutateWorld } from './sandbox-child.js';
import { openScratchPglite, openScratchPostgres, type EngineName } from './scratch-database.js';
import { resultChanges, type Scorer, type ScorerWorld } from './scoring-world.js';
import { timeSync, type PhaseSetup } from './sync-phase.js';

export interface ScoringJob {
  engine: EngineName;
  scorer: Scorer;
  endpoint: ProviderEndpoint;
  world: ScorerWorld;
  pgUrl: string;
  pgDatabase: string;
  pgliteDir?: string;
  changeShare: number;
  /** Reads run at the same time (`p88 sync --concurrency`). */
  concurrency: number;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const say = (text: string) => process.stderr.write(text + '\n');

const SETTINGS = { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 };

async function setUp(job: ScoringJob, db: Database) {
  const box = createSecretBox({ key: randomBytes(32), source: 'bench' });
  const { partner: _, ...credentials } = job.endpoint.credentials[0] as unknown as Record<string, string>;
  const partner = await addPartner(db, 'Bench Scoring', 'America/New_York');
  // Copernico lists no races of an account: the connection names them (providers.md §5.4).
  const settings = job.scorer === 'copernico' ? { raceIds: job.world.copernicoRaceIds } : {};
  await addConnection(db, box, {
    timingPartnerId: partner.id, provider: job.scorer, baseUrl: job.endpoint.baseUrl, authUrl: job.endpoint.authUrl ?? null,
    budgetPerHour: 1_000_000, credentials, settings,
  });
  const ctx: SyncContext = { db, log: createLogger('warn'), now: () => new Date(), holder: workerId(), settings: SETTINGS };
  return { box, partnerId: partner.id, ctx };
}

async function countStored(db: Database): Promise<{ results: number; splits: number }> {
  const [row] = await db.query<{ results: number; splits: number }>(
    `select (select count(*)::int from results where deleted_at is null) as results,
            (select count(*)::int from result_splits where deleted_at is null) as splits`,
  );
  return row!;
}

async function measure(job: ScoringJob, db: Database): Promise<ScoringResult> {
  const { box, partnerId, ctx } = await setUp(job, db);
  const setup = (label: string): PhaseSetup => ({ ctx, box, partnerId, label: `[${job.engine}] ${label}`, concurrency: job.concurrency, totalRaces: job.world.races });
  const rssAtStartMb = toMb(process.memoryUsage.rss());

  const collected = await timeSync(setup(`${job.scorer} results`), { full: true, results: true });
  const stored = await countStored(db);
  const resultsPerSec = Math.round(stored.results / (collected.durationMs / 1000));

  say(`[${job.engine}] results baseline: writing the ${stored.results} stored results and ${stored.splits} splits again`);
  const baseline = await measureResultsBaseline(db);
  say(`[${job.engine}] results baseline: ${baseline.results} results in ${(baseline.durationMs / 1000).toFixed(1)} s`);

  const change = await mutateWorld(job.endpoint.origin, { provider: job.scorer, ...resultChanges(job.changeShare, stored.results) });
  const changed = new Set([...change.correctTimes, ...change.dnfToFinish, ...change.withdrawResults]).size;
  say(`[${job.engine}] the scorer changed ${changed} results in ${change.races.length} races`);
  const again = await timeSync(setup(`${job.scorer} results again`), { full: true, results: true });

  return {
    engine: job.engine,
    scorer: job.scorer,
    world: { events: job.world.events, races: job.world.races, registrations: job.world.registrations },
    rssAtStartMb,
    lifetimeMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    collection: { ...collected, resultsStored: stored.results, splitsStored: stored.splits, resultsPerSec },
    baseline,
    collectionVsBaseline: ratio(resultsPerSec, baseline.resultsPerSec),
    recollection: { ...again, changed, racesTouched: change.races.length, speedup: ratio(collected.durationMs, again.durationMs) },
  };
}

const job = JSON.parse(process.argv[2] ?? '{}') as ScoringJob;
const db = job.engine === 'pg' ? await openScratchPostgres(job.pgUrl, job.pgDatabase) : await openScratchPglite(job.pgliteDir!);
try {
  const result = await measure(job, db);
  await new Promise<void>((resolve, reject) => process.send!(result, undefined, {}, (error) => (error ? reject(error) : resolve())));
} finally {
  await db.close();
}
