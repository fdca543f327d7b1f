import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { runCli } from '../helpers/cli.js';
import { addRunSignupPartner } from '../helpers/cli-setup.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

describe('what p88 prints is readable', () => {
  let sandbox: RunSignupSandbox;
  let store: CliStore;
  let partner: string;

  before(async () => {
    sandbox = await startRunSignupSandbox({ seed: 16, partners: 1, racesPerPartner: 2, eventsPerRace: 1, participantsPerEvent: 4, pastShare: 0 });
    store = await cliEngines()[0]!.create();
    ({ partner } = await addRunSignupPartner(store.env, sandbox, { name: 'Readable', timeZone: 'America/Denver' }));
  });
  after(async () => {
    await sandbox.close();
    await store.dispose();
  });

  it('the sync summary has a connection column and keeps events and races apart from participants', async () => {
    const result = await runCli(['sync', '--partner', partner], store.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^partner\s+connection\s+kind\s+race/m);
    assert.match(result.stdout, /^\s+events and races: 4 created, 0 updated, 0 unchanged, 0 rejected$/m);
    assert.match(result.stdout, /^\s+participants: 8 created, 0 updated, 0 unchanged, 0 deleted, 0 rejected$/m);
  });

  it('p88 status labels the time zone of every time it prints', async () => {
    const result = await runCli(['status'], store.env);
    assert.match(result.stdout, /times in America\/Denver/);
    const times = result.stdout.match(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}( [A-Z]{3,4})?/g) ?? [];
    assert.ok(times.length > 0);
    for (const time of times) assert.match(time, / M[SD]T$/, `${time} names its zone`);
  });

  it('results without --include-past says when nothing started in the last 7 days', async () => {
    const result = await runCli(['results', '--partner', partner], store.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /No race of partner \d+ started in the last 7 days; add --include-past/);
  });
});
