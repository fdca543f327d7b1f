/**
 * `npm run simulate`: a race weekend in virtual time — the real scheduler, workers, call budgets and
 * database against the provider sandbox, with registrations and bib assignments arriving all along.
 * One scenario (or several, comma-separated) of bench/simulate/scenario.ts; per scenario one phase
 * per worker count (fresh database, same world). Prints the figures per scenario (or, with --json,
 * the JSON document) and writes `.bench/simulate-<timestamp>.json`; progress goes to stderr.
 * See docs/performance.md, "Race-day simulation".
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summarise, type PhaseFigures } from './simulate/metrics.js';
import { runPhase } from './simulate/phase.js';
import { checkTargets, formatReport, writeResults } from './simulate/report.js';
import { buildScenario, MINUTE, SCENARIO_NAMES, type Scenario, type ScenarioName } from './simulate/scenario.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const USAGE = `Usage: npm run simulate -- [options]

  --scenario NAME[,NAME]  ${SCENARIO_NAMES.join(' | ')} (default current)
  --workers N[,N]         one phase per worker count (default 1,4; weekend 2)
  --budget N              calls/h of every connection, overriding the scenario's
  --seed N                world and change seed (default 11)
  --hours N               stop after N virtual hours (a quick look)
  --json                  print the JSON document instead of the tables
  --status                also print what \`p88 status\` shows 30 min after the first start
  --keep-database         leave each phase's database in place
  --pg-url URL            admin database (default postgres://postgres@127.0.0.1:5432/test)
  --help                  this text`;

interface Flags {
  scenarios: ScenarioName[];
  workers: number[] | undefined;
  pgUrl: string;
  budget: number | undefined;
  seed: number | undefined;
  status: boolean;
  json: boolean;
  hours: number | undefined;
  keepDatabase: boolean;
}

function readFlags(): Flags | 'help' {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'current' },
      workers: { type: 'string' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
      budget: { type: 'string' },
      seed: { type: 'string' },
      status: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      hours: { type: 'string' },
      'keep-database': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const problems: string[] = [];
  const scenarios = values.scenario.split(',');
  const unknown = scenarios.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) problems.push(`--scenario takes ${SCENARIO_NAMES.join(', ')} (comma-separated); got "${unknown.join(', ')}"`);
  const workers = values.workers?.split(',').map(Number);
  if (workers?.some((n) => !Number.isInteger(n) || n < 1)) problems.push(`--workers takes whole numbers >= 1, e.g. 1,4; got "${values.workers}"`);
  const whole = (name: string, text: string | undefined, min: number) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) problems.push(`--${name} must be a whole number >= ${min}; got "${text}"`);
    return n;
  };
  const budget = whole('budget', values.budget, 1);
  const seed = whole('seed', values.seed, 0);
  const hours = values.hours === undefined ? undefined : Number(values.hours);
  if (hours !== undefined && !(hours > 0)) problems.push(`--hours must be a positive number of virtual hours; got "${values.hours}"`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return {
    scenarios: scenarios as ScenarioName[], workers, pgUrl: values['pg-url'], budget, seed,
    status: values.status, json: values.json, hours, keepDatabase: values['keep-database'],
  };
}

async function simulate(scenario: Scenario, flags: Flags) {
  // What `p88 status` shows half an hour after the first start, when the first races are in their 1-minute window.
  const statusAt = [scenario.firstStart.getTime() + 30 * MINUTE];
  const phases: PhaseFigures[] = [];
  const snapshots: string[] = [];
  for (const workers of flags.workers ?? scenario.defaultWorkers) {
    process.stderr.write(`[${scenario.name}, ${workers} worker(s)] simulating…\n`);
    const log = (line: string) => process.stderr.write(line + '\n');
    const record = await runPhase(scenario, workers, { pgUrl: flags.pgUrl, statusAt, hours: flags.hours, keepDatabase: flags.keepDatabase, log });
    const figures = summarise(record);
    log(`[${scenario.name}, ${workers} worker(s)] done in ${figures.realSeconds} s real time (${record.ticks} ticks)`);
    phases.push(figures);
    for (const s of record.statusSnapshots) snapshots.push(`p88 status at ${s.at} (${scenario.name}, ${workers} worker(s)):\n${s.text}`);
  }
  return { scenario, phases: phases.map((p) => ({ ...p, targets: checkTargets(scenario, p) })), statusSnapshots: snapshots };
}

let flags: Flags | 'help';
try {
  flags = readFlags();
} catch (error) {
  process.stderr.write(`simulate: ${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (flags === 'help') {
  process.stdout.write(USAGE + '\n');
} else {
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg();
  const results = [];
  for (const name of flags.scenarios) results.push(await simulate(buildScenario(name, { budget: flags.budget, seed: flags.seed }), flags));
  const document = { startedAt, finishedAt: new Date().toISOString(), node: process.version, loadavg: { atStart: loadAtStart, atEnd: loadavg() }, scenarios: results };
  const path = writeResults(ROOT, startedAt, document);
  if (flags.json) {
    process.stdout.write(JSON.stringify(document, null, 2) + '\n');
  } else {
    for (const result of results) {
      process.stdout.write(formatReport(result.scenario, result.phases) + '\n');
      if (flags.status) process.stdout.write(result.statusSnapshots.join('\n') + '\n');
    }
  }
  process.stderr.write(`Figures written to ${path}\n`);
}
