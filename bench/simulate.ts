/**
 * `npm run simulate`: a race weekend in virtual time — the real scheduler, workers, call budget and
 * database against the RunSignUp sandbox, with registrations and bib assignments arriving all along.
 * One phase per worker count (fresh database, same world). Prints the figures per phase and writes
 * `.bench/simulate-<timestamp>.json`; progress goes to stderr. See docs/performance.md.
 *
 *   npm run simulate -- [--workers 1,4] [--pg-url postgres://postgres@127.0.0.1:5432/test] [--budget 1000] [--seed 11] [--status] [--hours N] [--keep-database]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summarise, type PhaseFigures } from './simulate/metrics.js';
import { runPhase } from './simulate/phase.js';
import { checkTargets, formatReport, writeResults } from './simulate/report.js';
import { defaultScenario, MINUTE } from './simulate/scenario.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function readFlags() {
  const { values } = parseArgs({
    options: {
      workers: { type: 'string', default: '1,4' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
      budget: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '11' },
      status: { type: 'boolean', default: false },
      hours: { type: 'string' },
      'keep-database': { type: 'boolean', default: false },
    },
  });
  const workers = values.workers.split(',').map(Number);
  if (workers.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--workers takes whole numbers >= 1, e.g. 1,4; got "${values.workers}"`);
  const budget = Number(values.budget);
  const seed = Number(values.seed);
  if (!Number.isInteger(budget) || budget < 1) throw new Error('--budget must be a whole number of calls per hour');
  if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a whole number');
  const hours = values.hours === undefined ? undefined : Number(values.hours);
  if (hours !== undefined && !(hours > 0)) throw new Error('--hours must be a positive number of virtual hours');
  return { workers, pgUrl: values['pg-url'], budget, seed, status: values.status, hours, keepDatabase: values['keep-database'] };
}

const flags = readFlags();
const scenario = defaultScenario({ callsPerHour: flags.budget, seed: flags.seed });
// What `p88 status` shows half an hour after the first start, when every race-day race is in its 1-minute window.
const statusAt = [scenario.firstStart.getTime() + 30 * MINUTE];
const startedAt = new Date().toISOString();
const phases: PhaseFigures[] = [];
const snapshots: string[] = [];
for (const workers of flags.workers) {
  process.stderr.write(`[${workers} worker(s)] simulating…\n`);
  const record = await runPhase(scenario, workers, { pgUrl: flags.pgUrl, statusAt, hours: flags.hours, keepDatabase: flags.keepDatabase });
  const figures = summarise(record, scenario.callsPerHour);
  process.stderr.write(`[${workers} worker(s)] done in ${figures.realSeconds} s real time (${record.ticks} ticks)\n`);
  phases.push(figures);
  for (const s of record.statusSnapshots) snapshots.push(`p88 status at ${s.at} (${workers} worker(s)):\n${s.text}`);
}
process.stdout.write(formatReport(scenario, phases));
if (flags.status) process.stdout.write('\n' + snapshots.join('\n'));
const path = writeResults(ROOT, startedAt, {
  startedAt, finishedAt: new Date().toISOString(), node: process.version, scenario,
  phases: phases.map((p) => ({ ...p, targets: checkTargets(p) })), statusSnapshots: snapshots,
});
process.stdout.write(`\nFigures written to ${path}\n`);
