import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { addRunSignupPartner } from '../helpers/cli-setup.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

interface Summary {
  totals: { runs: number; created: number };
  partners: { runs: { kind: string; race: { providerRaceId: string } | null; counts: { created: number }; preview?: { key: string; kind: string }[] }[] }[];
}

const perRace = (summary: Summary) => Object.fromEntries(summary.partners.flatMap((p) => p.runs)
  .filter((r) => r.race).map((r) => [`${r.kind}:${r.race!.providerRaceId}`, r.counts.created]));

for (const engine of cliEngines()) {
  describe(`a dry run plans exactly what the run then does (${engine.name})`, () => {
    let sandbox: RunSignupSandbox;
    let store: CliStore;
    let partner: string;

    before(async () => {
      sandbox = await startRunSignupSandbox({ seed: 14, partners: 1, racesPerPartner: 4, eventsPerRace: 2, participantsPerEvent: 7, pastShare: 1 });
      store = await engine.create();
      ({ partner } = await addRunSignupPartner(store.env, sandbox, { name: 'Dry' }));
    });
    after(async () => {
      await sandbox.close();
      await store.dispose();
    });

    it('backfill --dry-run discovers first and plans every race and row the backfill loads', async () => {
      const dry = await runCliJson<Summary>(['backfill', '--partner', partner, '--results', '--dry-run'], store.env);
      const real = await runCliJson<Summary>(['backfill', '--partner', partner, '--results'], store.env);
      assert.ok(Object.keys(perRace(real)).length >= 8, 'the backfill loaded races');
      assert.deepEqual(perRace(dry), perRace(real));
      assert.equal(dry.totals.created, real.totals.created);
    });

    it('sync --dry-run --verbose lists the records that would change', async () => {
      sandbox.mutate({ register: 2, assignBibs: 2 });
      const result = await runCli(['sync', '--partner', partner, '--include-past', '--dry-run', '--verbose'], store.env);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Would change:\n/);
      const created = result.stdout.split('\n').filter((line) => / created participant \d+ /.test(line));
      assert.equal(created.length, 2, result.stdout);
      const json = await runCliJson<Summary>(['sync', '--partner', partner, '--include-past', '--dry-run', '--verbose'], store.env);
      const previewed = json.partners[0]!.runs.flatMap((r) => r.preview ?? []).filter((c) => c.kind === 'created');
      assert.equal(previewed.length, 2);
      const plain = await runCliJson<Summary>(['sync', '--partner', partner, '--include-past', '--dry-run'], store.env);
      assert.ok(plain.partners[0]!.runs.every((r) => r.preview === undefined), 'only --verbose lists records');
      assert.equal((await runCli(['sync', '--partner', partner, '--verbose'], store.env)).code, 1, '--verbose needs --dry-run');
    });
  });
}
