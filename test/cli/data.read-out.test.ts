import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { spawnP88 } from '../helpers/child.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { addRunSignupPartner } from '../helpers/cli-setup.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

const run = promisify(execFile);

for (const engine of cliEngines()) {
  describe(`reading the data out without SQL access (${engine.name})`, () => {
    let sandbox: RunSignupSandbox;
    let store: CliStore;
    let partner: string;
    let participants: number;

    before(async () => {
      sandbox = await startRunSignupSandbox({ seed: 15, partners: 1, racesPerPartner: 2, eventsPerRace: 1, participantsPerEvent: 30, pastShare: 0 });
      store = await engine.create();
      ({ partner } = await addRunSignupPartner(store.env, sandbox, { name: 'Reader' }));
      assert.equal((await runCli(['sync', '--partner', partner], store.env)).code, 0);
      participants = sandbox.world.participantCount();
    });
    after(async () => {
      await sandbox.close();
      await store.dispose();
    });

    it('p88 changes prints the feed after a cursor, as JSON lines for scripts', async () => {
      const all = await runCli(['changes', '--partner', partner, '--json'], store.env);
      assert.equal(all.code, 0, all.stderr);
      const lines = all.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; kind: string; entity: string; providerId: string });
      assert.equal(lines.filter((c) => c.kind === 'created' && c.entity === 'participant').length, participants);
      const cursor = lines[9]!.id;
      const rest = await runCli(['changes', '--partner', partner, '--after', String(cursor), '--json'], store.env);
      assert.deepEqual(rest.stdout.trim().split('\n').map((line) => JSON.parse(line).id), lines.slice(10).map((c) => c.id));
      const text = await runCli(['changes', '--partner', partner, '--limit', '3'], store.env);
      assert.equal(text.stdout.trim().split('\n').length, 3);
      assert.equal((await runCli(['changes', '--partner', partner, '--after', '-4'], store.env)).code, 1);
    });

    it('p88 changes --follow prints new changes as they are committed', async () => {
      const before = await runCli(['changes', '--partner', partner, '--json'], store.env);
      const head = Math.max(...before.stdout.trim().split('\n').map((line) => JSON.parse(line).id as number));
      const follower = spawnP88(['changes', '--partner', partner, '--after', String(head), '--follow', '--json'], store.env);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const change = sandbox.mutate({ assignBibs: 2 });
      assert.equal((await runCli(['sync', '--partner', partner], store.env)).code, 0);
      const assigned = () => follower.stdout().split('\n').filter((line) => line.includes('"bib_assigned"')).length;
      for (const deadline = Date.now() + 20_000; Date.now() < deadline && assigned() < change.assignBibs.length;) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      follower.child.kill('SIGTERM');
      const ended = await follower.done;
      const printed = ended.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { kind: string });
      assert.equal(printed.filter((c) => c.kind === 'bib_assigned').length, change.assignBibs.length, ended.stderr);
    });

    it('p88 export streams a view as CSV or JSON lines', async () => {
      const csv = await runCli(['export', '--partner', partner, '--view', 'participants'], store.env);
      assert.equal(csv.code, 0, csv.stderr);
      const rows = csv.stdout.trim().split('\n');
      assert.match(rows[0]!, /^timing_partner_id,provider,event_id,race_id,participant_id,provider_participant_id,bib,/);
      assert.equal(rows.length - 1, participants);
      const jsonl = await runCli(['export', '--partner', partner, '--view', 'races', '--format', 'jsonl'], store.env);
      const races = jsonl.stdout.trim().split('\n').map((line) => JSON.parse(line) as { race_id: number });
      assert.equal(races.length, 2);
      const one = await runCli(['export', '--partner', partner, '--view', 'participants', '--race', String(races[0]!.race_id), '--format', 'jsonl'], store.env);
      assert.equal(one.stdout.trim().split('\n').length, sandbox.world.participantCount(sandbox.world.eventIds()[0]));
      assert.equal((await runCli(['export', '--partner', partner, '--view', 'secrets'], store.env)).code, 1);
    });

    it('p88 db url gives psql a way in', async () => {
      const url = (await runCli(['db', 'url'], store.env)).stdout.trim();
      if (engine.name === 'postgres') {
        assert.match(url, /^postgres(ql)?:\/\//);
        return;
      }
      assert.match(url, /^postgresql:\/\/postgres@\/postgres\?host=/);
      const server = spawnP88(['db', 'serve'], { ...store.env, P88_LOG_LEVEL: 'info' });
      try {
        for (let i = 0; i < 100 && !(await runCliJson<{ served: boolean }>(['db', 'url'], store.env)).served; i++) await new Promise((r) => setTimeout(r, 100));
        const { stdout } = await run('psql', [url, '-At', '-c', 'select count(*) from unified_participants']);
        assert.equal(Number(stdout.trim()), participants);
      } finally {
        server.child.kill('SIGTERM');
        await server.done;
      }
    });
  });
}
