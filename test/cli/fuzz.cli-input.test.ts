/**
 * Every command and flag of the CLI driven with random and hostile values: each run ends with exit
 * code 0, 1 or 2, never a stack trace or "unexpected error", and leaves no half-written row. The
 * command list is read from the program itself, so a new command is fuzzed without touching this.
 * Seeded: a failure prints its seed and path, and `FUZZ_SEED=<seed>` replays it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Command } from 'commander';
import { loadConfig } from '../../src/config.js';
import { createProgram } from '../../src/cli/main.js';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { runCli } from '../helpers/cli.js';
import { addRunSignupPartner } from '../helpers/cli-setup.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

/** Commands that run until stopped, serve, or wipe a folder: not for a fuzzer. */
const LONG_RUNNING = new Set(['worker', 'serve', 'sandbox', 'demo', 'db serve']);

interface Leaf {
  path: string[];
  options: { flag: string; takesValue: boolean; required: boolean }[];
  args: number;
}

function leavesOf(command: Command, path: string[] = []): Leaf[] {
  const here = [...path, command.name()].slice(1);
  if (command.commands.length > 0) return command.commands.flatMap((c) => leavesOf(c, [...path, command.name()]));
  return [{
    path: here,
    options: command.options.filter((o) => o.long && o.long !== '--help' && o.long !== '--follow').map((o) => ({ flag: o.long!, takesValue: o.required || o.optional, required: o.mandatory })),
    args: command.registeredArguments.length,
  }];
}

const HOSTILE = [
  "' or 1=1; drop table participants; --", '"; select pg_sleep(10); --', 'x'.repeat(5000), '-1', '0', '1e309', '99999999999999999999999',
  'NaN', 'Infinity', '1.5', 'Mars/Olympus_Mons', 'http://', 'ftp://example.com', 'javascript:alert(1)', '%00', '', ' ', '../../etc/passwd',
  '☃ unicode ñ 漢字', '\u202Eevil', '{"a":', '[]', 'null', 'true', '2025-13-45', '2025-02-30', '-', '=', 'a=b=c', 'participantsPageSize=-5',
];

const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1_000_000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('1', '2') },
);

function argvFor(leaf: Leaf): fc.Arbitrary<string[]> {
  const options = leaf.options.map((o) => {
    const present = o.required ? fc.constant(true) : fc.boolean();
    return fc.tuple(present, value).map(([on, v]) => (on ? (o.takesValue ? [o.flag, v] : [o.flag]) : []));
  });
  return fc.tuple(fc.array(value, { minLength: leaf.args, maxLength: leaf.args }), ...options)
    .map(([args, ...flags]) => [...leaf.path, ...args, ...flags.flat()]);
}

describe('the CLI takes any input and answers with a message, never a crash', () => {
  let sandbox: RunSignupSandbox;
  let store: CliStore;
  let env: Record<string, string>;

  before(async () => {
    sandbox = await startRunSignupSandbox({ seed: 3, partners: 1, racesPerPartner: 1, eventsPerRace: 1, participantsPerEvent: 3, pastShare: 0 });
    store = await cliEngines()[0]!.create();
    env = { ...store.env, P88_SECRET_KEY: 'c'.repeat(64) };
    await addRunSignupPartner(env, sandbox, { name: 'Fuzzed', settings: ['maxAttempts=1'] });
  });
  after(async () => {
    await sandbox.close();
    await store.dispose();
  });

  it('every command and flag, with random and hostile values', { timeout: 240_000 }, async () => {
    const noop = async () => undefined;
    const program = createProgram(loadConfig({}), { stdout: { write: () => true }, stderr: { write: () => true } }, noop);
    const leaves = leavesOf(program).filter((leaf) => !LONG_RUNNING.has(leaf.path.join(' ')));
    assert.ok(leaves.length > 25, `found ${leaves.length} commands`);
    const seed = process.env.FUZZ_SEED === undefined ? Date.now() % 1_000_000 : Number(process.env.FUZZ_SEED);
    const argv = fc.oneof(...leaves.map(argvFor));
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        const result = await runCli(args, env);
        const where = `p88 ${args.map((a) => JSON.stringify(a.slice(0, 60))).join(' ')}`;
        assert.ok([0, 1, 2].includes(result.code), `${where}: exit code ${result.code}`);
        assert.doesNotMatch(result.stderr, /unexpected error|\n\s+at \S+ \(/, `${where}: ${result.stderr.slice(0, 800)}`);
      }),
      { seed, numRuns: Number(process.env.FUZZ_RUNS ?? 250), endOnFailure: true },
    );
    // Nothing half-written: every partner is named, every connection has a sane budget and a partner.
    const db = await store.open();
    try {
      assert.deepEqual(await db.query("select id from timing_partners where btrim(name) = ''"), []);
      assert.deepEqual(await db.query('select id from connections where budget_per_hour <= 0 or timing_partner_id is null'), []);
      assert.deepEqual(await db.query("select id from race_links where timing_partner_id not in (select timing_partner_id from races where id = registration_race_id)"), []);
    } finally {
      await db.close();
    }
  });
});
