/**
 * `npm run chaos`: every provider's sandbox failing at a share of its calls while the world changes
 * and p88 workers (one killed by SIGKILL now and then) sync it into one PostgreSQL; then one clean
 * pass, and the database must equal a clean full sync of the same world. Prints the figures, writes
 * them to `.bench/chaos-<timestamp>.json`, exits 1 when anything differs. See docs/reliability.md.
 *
 *   npm run chaos -- [--duration 180] [--rate 0.2] [--seed 1] [--workers 2] [--kill-every 15]
 *                    [--pg-url postgres://postgres@127.0.0.1:5432/test] [--keep-databases] [--json]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatChaosReport, chaosPassed } from './chaos/report.js';
import { runChaos } from './chaos/run.js';
import { CHAOS_PROVIDERS } from './chaos/world.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function readFlags() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '180' },
      rate: { type: 'string', default: '0.2' },
      seed: { type: 'string', default: '1' },
      workers: { type: 'string', default: '2' },
      'kill-every': { type: 'string', default: '15' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
      'keep-databases': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const number = (name: string, value: string, ok: (n: number) => boolean, rule: string) => {
    const n = Number(value);
    if (!ok(n)) throw new Error(`--${name} ${rule}, got "${value}"`);
    return n;
  };
  return {
    durationSeconds: number('duration', values.duration, (n) => n >= 10, 'takes seconds ≥ 10'),
    rate: number('rate', values.rate, (n) => n >= 0 && n <= 1, 'takes a share between 0 and 1'),
    seed: number('seed', values.seed, Number.isInteger, 'takes a whole number'),
    workers: number('workers', values.workers, (n) => Number.isInteger(n) && n >= 1, 'takes a whole number ≥ 1'),
    killEverySeconds: number('kill-every', values['kill-every'], (n) => n > 0, 'takes seconds > 0'),
    adminUrl: values['pg-url'],
    keepDatabases: values['keep-databases'],
    json: values.json,
  };
}

const flags = readFlags();
const startedAt = new Date();
const result = await runChaos({
  ...flags, changeEverySeconds: 3, providers: CHAOS_PROVIDERS, partners: 2, registrationsPerRace: 60,
  databaseNames: { chaos: 'p88_chaos', reference: 'p88_chaos_reference' },
  progress: (text) => process.stderr.write(text),
});
const record = { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), node: process.version, ...result };
mkdirSync(join(ROOT, '.bench'), { recursive: true });
const path = join(ROOT, '.bench', `chaos-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(path, JSON.stringify(record, null, 2) + '\n');
process.stdout.write(flags.json ? JSON.stringify(record) + '\n' : formatChaosReport(result) + `\nFigures written to ${path}\n`);
process.exitCode = chaosPassed(result) ? 0 : 1;
