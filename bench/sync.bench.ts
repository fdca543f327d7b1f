/**
 * `npm run bench`: a sync at the predecessor's scale (1,616 RunSignUp races, 407,053 participants)
 * over loopback, on each engine, with the raw upsert rate of the same rows as the baseline in the
 * same run. Prints a table, writes `.bench/results-<timestamp>.json`; progress goes to stderr.
 * See docs/performance.md.
 *
 *   npm run bench -- [--engines pg,pglite] [--pg-url postgres://postgres@127.0.0.1:5432/test]
 *                    [--change-share 0.01] [--auto-analyze on|off]
 *
 * PostgreSQL alone takes 7–11 minutes on 2 cores (more under load); PGlite adds 10–12, so it is opt-in.
 *
 * The sandbox runs in a child process and each engine is measured in a child process of its own,
 * so the RSS measured is the sync's (plus, for PGlite, the embedded database's).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { firstMessage, forkScript, waitForExit } from './sync/child-process.js';
import type { EngineJob } from './sync/engine-run.js';
import { formatReport, writeResults } from './sync/report.js';
import type { BenchRun, EngineResult } from './sync/results.js';
import { startSandboxChild } from './sync/sandbox-child.js';
import { prepareScratchPglite, type EngineName } from './sync/scratch-database.js';
import { BENCH_PARTICIPANTS, BENCH_RACES, SANDBOX_OPTIONS } from './sync/world.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENGINES: readonly EngineName[] = ['pg', 'pglite'];

type Flags = ReturnType<typeof readFlags>;

function readFlags() {
  const { values } = parseArgs({
    options: {
      engines: { type: 'string', default: 'pg' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
      'change-share': { type: 'string', default: '0.01' },
      'auto-analyze': { type: 'string', default: 'off' },
    },
  });
  const engines = values.engines.split(',').map((e) => e.trim()).filter(Boolean);
  const unknown = engines.filter((e) => !ENGINES.includes(e as EngineName));
  if (unknown.length > 0 || engines.length === 0) throw new Error(`--engines takes a list of ${ENGINES.join(', ')}; got "${values.engines}"`);
  const changeShare = Number(values['change-share']);
  if (!(changeShare > 0 && changeShare <= 1)) throw new Error('--change-share must be within (0, 1]');
  if (!['on', 'off'].includes(values['auto-analyze'])) throw new Error('--auto-analyze takes on or off');
  return { engines: engines as EngineName[], pgUrl: values['pg-url'], changeShare, autoAnalyze: values['auto-analyze'] === 'on' };
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
      changeShare: flags.changeShare, autoAnalyze: flags.autoAnalyze,
    };
    // --expose-gc: after each phase (outside its timing) the engine process measures the heap it kept.
    const child = forkScript('./engine-run.ts', [JSON.stringify(job)], ['--expose-gc']);
    const result = await firstMessage<EngineResult>(child);
    await waitForExit(child);
    return result;
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
for (const engine of flags.engines) engines.push(await benchEngine(engine, flags));
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
  engines,
};
process.stdout.write(formatReport(run));
process.stdout.write(`\nFigures written to ${writeResults(ROOT, run)}\n`);
