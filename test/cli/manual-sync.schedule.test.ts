import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { addRunSignupPartner } from '../helpers/cli-setup.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

for (const engine of cliEngines()) {
  describe(`a manual sync keeps the schedule (${engine.name})`, () => {
    let sandbox: RunSignupSandbox;
    let store: CliStore;

    before(async () => {
      sandbox = await startRunSignupSandbox({ seed: 8, partners: 1, racesPerPartner: 3, eventsPerRace: 1, participantsPerEvent: 5, pastShare: 0.34 });
      store = await engine.create();
    });
    after(async () => {
      await sandbox.close();
      await store.dispose();
    });

    const targets = async () => {
      const db = await store.open();
      try {
        return await db.query<{ kind: string; state: string; next_run_at: Date | null }>('select kind, state, next_run_at from sync_targets order by id');
      } finally {
        await db.close();
      }
    };

    it('a new connection is due at once, and after `p88 sync` every target has its next run from the policy', async () => {
      const { partner } = await addRunSignupPartner(store.env, sandbox, { name: 'Schedule' });
      const added = await targets();
      assert.equal(added.length, 1);
      assert.equal(added[0]!.kind, 'discovery');
      assert.ok(added[0]!.next_run_at && added[0]!.next_run_at.getTime() <= Date.now(), 'discovery is due at once');

      const startedAt = Date.now();
      const result = await runCli(['sync', '--partner', partner, '--json'], store.env);
      assert.equal(result.code, 0, result.stderr);
      const after = await targets();
      const active = after.filter((t) => t.state === 'active');
      assert.ok(active.some((t) => t.kind === 'participants') && active.some((t) => t.kind === 'results'), JSON.stringify(after));
      for (const target of active) assert.ok(target.next_run_at !== null, `${target.kind} has a next run`);
      const discovery = active.find((t) => t.kind === 'discovery')!;
      assert.ok(discovery.next_run_at!.getTime() > startedAt, 'discovery is next due at its next local hour, not never');
    });
  });

  describe(`authentication failures are counted wherever they happen (${engine.name})`, () => {
    let sandbox: RunSignupSandbox;
    let store: CliStore;

    before(async () => {
      sandbox = await startRunSignupSandbox({ seed: 9, partners: 1, racesPerPartner: 1, eventsPerRace: 1, participantsPerEvent: 3, pastShare: 0 });
      store = await engine.create();
    });
    after(async () => {
      await sandbox.close();
      await store.dispose();
    });

    it('manual syncs and connection tests with a wrong secret pause the connection at the limit', async () => {
      const [credential] = sandbox.credentials;
      const partner = String((await runCliJson(['partner', 'add', '--name', 'Wrong Secret'], store.env)).id);
      const id = String((await runCliJson([
        'connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', credential!.apiKey,
        '--api-secret', 'not-the-secret', '--base-url', sandbox.baseUrl,
      ], store.env)).id);
      const test = await runCli(['connection', 'test', id], store.env);
      assert.equal(test.code, 2);
      for (let i = 0; i < 2; i++) assert.equal((await runCli(['sync', '--partner', partner], store.env)).code, 1);
      const [listed] = await runCliJson<{ status: string }[]>(['connection', 'list'], store.env);
      assert.equal(listed!.status, 'auth_failed', 'paused after 3 failures in a row');
      const paused = await runCli(['sync', '--partner', partner], store.env);
      assert.equal(paused.code, 1);
      assert.match(paused.stderr, /paused \(1: auth_failed\).*p88 connection resume/);
      const status = await runCliJson<{ partners: { connections: { alerts: { kind: string }[] }[] }[] }>(['status'], store.env);
      assert.deepEqual(status.partners[0]!.connections[0]!.alerts.map((a) => a.kind), ['auth_failed']);
    });
  });
}
