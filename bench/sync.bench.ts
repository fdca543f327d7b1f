/**
 * `npm run bench`: two phases over loopback, on each engine, each with the raw write rate of the
 * same rows as the baseline in the same run:
 *   participants  a sync at the predecessor's scale (1,616 RunSignUp races, 407,053 participants)
 *   results       results collection from a scoring provider (about 200 races × 2,000 finishers,
 *                 4 splits each on average)
 * Prints a table per phase, writes `.bench/results-<timestamp>.json`; progress goes to stderr.
 * See docs/performance.md.
 *
 *   npm run bench -- [--phases participants,results] [--engines pg,pglite] [--scorer chronotrack|copernico]
 *                    [--scoring-events 134] [--registrations-per-race 2000]
 *                    [--pg-url postgres://postgres@127.0.0.1:5432/test] [--change-share 0.01] [--auto-analyze on|off] [--concurrency 2]
 *                    [--engine-flags="--cpu-prof --cpu-prof-dir=.bench/profiles"]
 *
 * On PostgreSQL on 2 cores the participants phase takes 7–11 minutes (more under load) and the
 * results phase about 15 more; PGlite roughly doubles that, so it is opt-in.
 *
 * The sandbox runs in a child process and each engine is measured in a child process of its own,
 * so the RSS measured is the sync's (plus, for PGlite, the embedded database's).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { productNodeFlags, runMeasuringChild } from './sync/child-process.js';
import type { EngineJob } from './sync/engine-run.js';
import { formatReport, writeResults } from './sync/report.js';
import type { BenchRun, EngineResult, ScoringResult } from './sync/results.js';
import { readSkinState, startSandboxChild, startWorldSandboxChild } from './sync/sandbox-child.js';
import type { ScoringJob } from './sync/scoring-run.js';
import { SCORERS, SCORING_SCALE, scorerWorld, scoringSandboxOptions, type Scorer } from './sync/scoring-world.js';
import { prepareScratchPglite, type EngineName } from './sync/scratch-database.js';
import { BENCH_PARTICIPANTS, BENCH_RACES, SANDBOX_OPTIONS } from './sync/world.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENGINES: readonly EngineName[] = ['pg', 'pglite'];
const PHASES = ['participants', 'results'] as const;
type Phase = (typeof PHASES)[number];

/** A comma-separated flag value, each item one of `allowed`. */
function listFlag<T extends string>(name: string, value: string, allowed: readonly T[]): T[] {
  const items = value.split(',').map((e) => e.trim()).filter(Boolean);
  const unknown = items.filter((e) => !allowed.includes(e as T));
  if (unknown.length > 0 || items.length === 0) throw new Error(`--${name} takes a list of ${allowed.join(', ')}; got "${value}"`);
  return items as T[];
}

type Flags = ReturnType<typeof readFlags>;

function readFlags() {
  const { values } = parseArgs({
    options: {
      phases: { type: 'string', default: PHASES.join(',') },
      engines: { type: 'string', default: 'pg' },
      scorer: { type: 'string', default: 'chronotrack' },
      'scoring-events': { type: 'string', default: String(SCORING_SCALE.events) },
      'registrations-per-race': { type: 'string', default: String(SCORING_SCALE.registrationsPerRace) },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
      'change-share': { type: 'string', default: '0.01' },
      'auto-analyze': { type: 'string', default: 'off' },
      concurrency: { type: 'string', default: '2' },
      'engine-flags': { type: 'string', default: '' },
    },
  });
  const engines = listFlag('engines', values.engines, ENGINES);
  const phases = listFlag<Phase>('phases', values.phases, PHASES);
  if (!(SCORERS as readonly string[]).includes(values.scorer)) throw new Error(`--scorer takes one of ${SCORERS.join(', ')}; got "${values.scorer}"`);
  const changeShare = Number(values['change-share']);
  if (!(changeShare > 0 && changeShare <= 1)) throw new Error('--change-share must be within (0, 1]');
  if (!['on', 'off'].includes(values['auto-analyze'])) throw new Error('--auto-analyze takes on or off');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a whole number >= 1');
  const scale = { events: Number(values['scoring-events']), registrationsPerRace: Number(values['registrations-per-race']) };
  if (!Number.isInteger(scale.events) || scale.events < 1) throw new Error('--scoring-events must be a whole number >= 1');
  if (!Number.isInteger(scale.registrationsPerRace) || scale.registrationsPerRace < 1) throw new Error('--registrations-per-race must be a whole number >= 1');
  // The measuring child starts with p88's own node flags, then these (the sandbox's child keeps node's defaults).
  const extraFlags = values['engine-flags'].split(/\s+/).filter(Boolean);
  if (extraFlags.some((f) => !f.startsWith('--'))) throw new Error(`--engine-flags takes node flags, as --engine-flags="--max-old-space-size=512"; got "${values['engine-flags']}"`);
  const engineFlags = [...productNodeFlags(), ...extraFlags];
  return { engines, phases, scorer: values.scorer as Scorer, scale, pgUrl: values['pg-url'], changeShare, autoAnalyze: values['auto-analyze'] === 'on', concurrency, engineFlags };
}

/** The commit measured, and whether src/ had uncommitted changes (others may be editing it). */
function codeVersion(): BenchRun['code'] {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), srcDirty: git('status', '--porcelain', '--', 'src') !== '' };
  } catch {
    return { commit: 'unknown', srcDirty: false };
  }
}

/** A fresh sandbox world (same seed) for each engine, so both sync exactly the same data. */
async function benchEngine(engine: EngineName, flags: Flags): Promise<EngineResult> {
  process.stderr.write(`[${engine}] starting the sandbox and a fresh database\n`);
  const sandbox = await startSandboxChild(SANDBOX_OPTIONS);
  const folder = engine === 'pglite' ? await prepareScratchPglite() : undefined;
  try {
    const job: EngineJob = {
      engine, sandbox: sandbox.address, pgUrl: flags.pgUrl, pgDatabase: 'p88_bench', pgliteDir: folder?.dir,
      changeShare: flags.changeShare, autoAnalyze: flags.autoAnalyze, concurrency: flags.concurrency,
    };
    return await runMeasuringChild<EngineResult>('./engine-run.ts', job, flags.engineFlags);
  } finally {
    folder?.remove();
    await sandbox.stop();
  }
}

/** The results phase on one engine: a fresh scoring world (same seed) and a fresh database. */
async function benchScoring(engine: EngineName, flags: Flags): Promise<ScoringResult> {
  process.stderr.write(`[${engine}] starting the ${flags.scorer} sandbox and a fresh database\n`);
  const sandbox = await startWorldSandboxChild(scoringSandboxOptions(flags.scorer, flags.scale));
  const folder = engine === 'pglite' ? await prepareScratchPglite() : undefined;
  try {
    const endpoint = sandbox.address.endpoints[0]!;
    const job: ScoringJob = {
      engine, scorer: flags.scorer, endpoint, world: scorerWorld(flags.scorer, await readSkinState(endpoint.origin)),
      pgUrl: flags.pgUrl, pgDatabase: 'p88_bench', pgliteDir: folder?.dir, changeShare: flags.changeShare,
      concurrency: flags.concurrency,
    };
    return await runMeasuringChild<ScoringResult>('./scoring-run.ts', job, flags.engineFlags);
  } finally {
    folder?.remove();
    await sandbox.stop();
  }
}

const flags = readFlags();
const startedAt = new Date().toISOString();
const loadAtStart = loadavg();
const code = codeVersion();
const engines: EngineResult[] = [];
const scoring: ScoringResult[] = [];
for (const engine of flags.engines) {
  if (flags.phases.includes('participants')) engines.push(await benchEngine(engine, flags));
  if (flags.phases.includes('results')) scoring.push(await benchScoring(engine, flags));
}
const run: BenchRun = {
  startedAt,
  finishedAt: new Date().toISOString(),
  code,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / 1_048_576),
    node: process.version,
    platform: process.platform,
    loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
  },
  world: { races: BENCH_RACES, participants: BENCH_PARTICIPANTS, seed: SANDBOX_OPTIONS.seed!, changeShare: flags.changeShare },
  autoAnalyze: flags.autoAnalyze,
  concurrency: flags.concurrency,
  engineFlags: flags.engineFlags,
  engines,
  scoring,
};
process.stdout.write(formatReport(run));
process.stdout.write(`\nFigures written to ${writeResults(ROOT, run)}\n`);
