import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

describe('exit codes say what happened', () => {
  it('1 with a message when the database cannot be reached', async () => {
    const result = await runCli(['partner', 'list'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', P88_DATA_DIR: '/tmp/p88-unused' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Cannot open the PostgreSQL server 127.0.0.1:1 \(DATABASE_URL\): nothing listens at 127.0.0.1:1\. Check that it runs/);
  });

  it('1 listing every bad setting', async () => {
    const result = await runCli(['partner', 'list'], { P88_LOG_LEVEL: 'loud', P88_DELETE_GUARD: '3' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /P88_LOG_LEVEL/);
    assert.match(result.stderr, /P88_DELETE_GUARD/);
  });

  it('1 for a bad argument, with what to do', async () => {
    const store = await cliEngines()[0]!.create();
    try {
      const result = await runCli(['sync', '--partner', '99'], store.env);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /No timing partner with id 99; see `p88 partner list`/);
      const missing = await runCli(['sync'], store.env);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /--partner/);
    } finally {
      await store.dispose();
    }
  });
});

for (const engine of cliEngines()) {
  describe(`a sync where some races fail (${engine.name})`, () => {
    let sandbox: RunSignupSandbox;
    let store: CliStore;
    let partner: string;

    before(async () => {
      sandbox = await startRunSignupSandbox({ seed: 3, partners: 1, racesPerPartner: 3, eventsPerRace: 1, participantsPerEvent: 10, pastShare: 0 });
      store = await engine.create();
      const [credential] = sandbox.credentials;
      partner = String((await runCliJson(['partner', 'add', '--name', 'Partial'], store.env)).id);
      await runCliJson([
        'connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', credential!.apiKey,
        '--api-secret', credential!.apiSecret, '--base-url', sandbox.baseUrl, '--setting', 'retryBaseMs=1',
      ], store.env);
    });
    after(async () => {
      await sandbox.close();
      await store.dispose();
    });

    it('exits 2, stores the other races and names the failure', async () => {
      const failing = sandbox.world.raceIds[1]!;
      sandbox.injectFault({ kind: '5xx', count: 100, pathPattern: `/race/${failing}/participants` });
      const result = await runCli(['sync', '--partner', partner, '--json'], store.env);
      assert.equal(result.code, 2, result.stderr);
      const summary = JSON.parse(result.stdout);
      assert.equal(summary.totals.failed, 1);
      const failed = summary.partners[0].runs.find((r: any) => r.status === 'failed');
      assert.match(failed.error, /^transient: /);
      const stored = summary.partners[0].runs.filter((r: any) => r.kind === 'participants' && r.status === 'succeeded');
      assert.equal(stored.length, 2);
      assert.ok(stored.every((r: any) => r.counts.created === 10));
    });
  });
}
