/**
 * `npm run bench`: a sync at the predecessor's scale (1,616 RunSignUp races, 407,053 participants)
 * over loopback, on each engine, with the raw upsert rate of the same rows as the baseline in the
 * same run. Prints a table, writes `.bench/results-<timestamp>.json`; progress goes to stderr.
 * See docs/performance.md.
 *
 *   npm run bench -- [--engines pg,pglite] [--pg-url postgres://postgres@127.0.0.1:5432/test] [--change-share 0.01]
 *
 * The sandbox runs in a child process and each engine is measured in a child process of its own,
 * so the RSS measured is the sync's (plus, for PGlite, the embedded database's).
 */
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { firstMessage, forkScript, waitForExit } from './child-process.js';
import type { EngineJob } from './engine-run.js';
import { formatReport, writeResults } from './report.js';
import type { BenchRun, EngineResult } from './results.js';
import { startSandboxChild } from './sandbox-child.js';
import { prepareScratchPglite, type EngineName } from './scratch-database.js';
import { BENCH_PARTICIPANTS, BENCH_RACES, SANDBOX_OPTIONS } from './world.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENGINES: readonly EngineName[] = ['pg', 'pglite'];

function readFlags() {
  const { values } = parseArgs({
    options: {
      engines: { type: 'string', default: 'pg,pglite' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
      'change-share': { type: 'string', default: '0.01' },
    },
  });
  const engines = values.engines.split(',').map((e) => e.trim()).filter(Boolean);
  const unknown = engines.filter((e) => !ENGINES.includes(e as EngineName));
  if (unknown.length > 0 || engines.length === 0) throw new Error(`--engines takes a list of ${ENGINES.join(', ')}; got "${values.engines}"`);
  const changeShare = Number(values['change-share']);
  if (!(changeShare > 0 && changeShare <= 1)) throw new Error('--change-share must be within (0, 1]');
  return { engines: engines as EngineName[], pgUrl: values['pg-url'], changeShare };
}

/** A fresh sandbox world (same seed) for each engine, so both sync exactly the same data. */
async function benchEngine(engine: EngineName, pgUrl: string, changeShare: number): Promise<EngineResult> {
  process.stderr.write(`[${engine}] starting the sandbox and a fresh database\n`);
  const sandbox = await startSandboxChild(SANDBOX_OPTIONS);
  const folder = engine === 'pglite' ? await prepareScratchPglite() : undefined;
  try {
    const job: EngineJob = { engine, sandbox: sandbox.address, pgUrl, pgDatabase: 'p88_bench', pgliteDir: folder?.dir, changeShare };
    const child = forkScript('./engine-run.ts', [JSON.stringify(job)]);
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
const engines: EngineResult[] = [];
for (const engine of flags.engines) engines.push(await benchEngine(engine, flags.pgUrl, flags.changeShare));
const run: BenchRun = {
  startedAt,
  finishedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryMb: Math.round(totalmem() / 1_048_576), node: process.version, platform: process.platform },
  world: { races: BENCH_RACES, participants: BENCH_PARTICIPANTS, seed: SANDBOX_OPTIONS.seed!, changeShare: flags.changeShare },
  engines,
};
process.stdout.write(formatReport(run));
process.stdout.write(`\nFigures written to ${writeResults(ROOT, run)}\n`);
