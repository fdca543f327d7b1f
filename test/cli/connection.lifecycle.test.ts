import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

for (const engine of cliEngines()) {
  describe(`the life of a connection (${engine.name})`, () => {
    let sandbox: RunSignupSandbox;
    let store: CliStore;
    let partner: string;
    let other: string;
    let connection: string;

    before(async () => {
      sandbox = await startRunSignupSandbox({ seed: 12, partners: 2, racesPerPartner: 1, eventsPerRace: 1, participantsPerEvent: 6, pastShare: 0 });
      store = await engine.create();
      partner = String((await runCliJson(['partner', 'add', '--name', 'Owner'], store.env)).id);
      other = String((await runCliJson(['partner', 'add', '--name', 'Someone Else'], store.env)).id);
    });
    after(async () => {
      await sandbox.close();
      await store.dispose();
    });

    const add = (partnerId: string, credential: { apiKey: string; apiSecret: string }) => runCli([
      'connection', 'add', '--partner', partnerId, '--provider', 'runsignup', '--api-key', credential.apiKey,
      '--api-secret', credential.apiSecret, '--base-url', sandbox.baseUrl, '--json',
    ], store.env);
    const count = async (sql: string) => {
      const db = await store.open();
      try {
        return (await db.query<{ n: number }>(sql))[0]!.n;
      } finally {
        await db.close();
      }
    };

    it('refuses the same account twice for one partner (and takes no rows from the first)', async () => {
      const [credential] = sandbox.credentials;
      const first = await add(partner, credential!);
      assert.equal(first.code, 0, first.stderr);
      connection = String(JSON.parse(first.stdout).id);
      assert.equal((await runCli(['sync', '--partner', partner], store.env)).code, 0);
      const again = await add(partner, { apiKey: credential!.apiKey, apiSecret: 'another secret' });
      assert.equal(again.code, 1);
      assert.match(again.stderr, new RegExp(`already has connection ${connection} to this RunSignUp account; change that one with \`p88 connection update ${connection}\``));
      assert.equal(await count(`select count(*)::int as n from participants where connection_id <> ${connection}`), 0);
      const elsewhere = await add(other, credential!);
      assert.equal(elsewhere.code, 0, 'another partner may use the same account');
    });

    it('bare-id commands accept --partner and refuse a connection of another partner', async () => {
      for (const verb of ['test', 'pause', 'resume', 'update', 'remove']) {
        const result = await runCli(['connection', verb, connection, '--partner', other], store.env);
        assert.equal(result.code, 1, verb);
        assert.match(result.stderr, new RegExp(`Connection ${connection} is not a connection of partner ${other}`), verb);
      }
      assert.equal((await runCli(['connection', 'test', connection, '--partner', partner], store.env)).code, 0);
    });

    it('update rotates a secret, changes budget and settings, and keeps what is not given', async () => {
      const wrong = await runCli(['connection', 'update', connection, '--api-secret', 'wrong'], store.env);
      assert.equal(wrong.code, 0, wrong.stderr);
      assert.equal((await runCli(['connection', 'test', connection], store.env)).code, 2, 'the wrong secret is in use');
      const [, second] = sandbox.credentials;
      const backToRight = await runCli(['connection', 'update', connection, '--api-secret', sandbox.credentials[0]!.apiSecret,
        '--budget', '600', '--setting', 'participantsPageSize=100'], store.env);
      assert.equal(backToRight.code, 0, backToRight.stderr);
      assert.equal((await runCli(['connection', 'test', connection], store.env)).code, 0);
      const [listed] = (await runCliJson<{ id: number; budgetPerHour: number; settings: Record<string, unknown>; baseUrl: string }[]>(['connection', 'list', '--partner', partner], store.env));
      assert.deepEqual([listed!.budgetPerHour, listed!.settings, listed!.baseUrl], [600, { participantsPageSize: 100 }, sandbox.baseUrl]);
      const cleared = await runCli(['connection', 'update', connection, '--clear-setting', 'participantsPageSize'], store.env);
      assert.equal(cleared.code, 0);
      assert.deepEqual((await runCliJson<{ settings: unknown }[]>(['connection', 'list', '--partner', partner], store.env))[0]!.settings, {});
      const taken = await runCli(['connection', 'update', connection, '--api-key', second!.apiKey, '--partner', other], store.env);
      assert.equal(taken.code, 1);
    });

    it('remove keeps the data soft-deleted; --purge deletes it; partner remove takes its connections along', async () => {
      const stored = await count(`select count(*)::int as n from participants where connection_id = ${connection}`);
      assert.ok(stored > 0);
      const removed = await runCli(['connection', 'remove', connection, '--partner', partner], store.env);
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal(await count(`select count(*)::int as n from participants where connection_id = ${connection}`), stored, 'kept');
      assert.equal(await count(`select count(*)::int as n from unified_participants where timing_partner_id = ${partner}`), 0, 'gone from the views');
      assert.equal(await count(`select count(*)::int as n from sync_targets where connection_id = ${connection} and state = 'active'`), 0, 'off the schedule');
      assert.deepEqual(await runCliJson(['connection', 'list', '--partner', partner], store.env), []);
      const readded = await add(partner, sandbox.credentials[0]!);
      assert.equal(readded.code, 0, 'the account is free again');
      const readdedId = String(JSON.parse(readded.stdout).id);
      const purged = await runCli(['connection', 'remove', readdedId, '--purge'], store.env);
      assert.equal(purged.code, 0, purged.stderr);
      assert.equal(await count(`select count(*)::int as n from connections where id = ${readdedId}`), 0);
      const dropped = await runCli(['partner', 'remove', other, '--json'], store.env);
      assert.equal(dropped.code, 0, dropped.stderr);
      assert.equal(JSON.parse(dropped.stdout).connections.length, 1);
      assert.deepEqual((await runCliJson<{ id: number }[]>(['partner', 'list'], store.env)).map((p) => String(p.id)), [partner]);
    });
  });
}
