import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { spawnP88 } from '../helpers/child.js';
import { runCli, runCliJson, type CliResult } from '../helpers/cli.js';
import { addRunSignupPartner } from '../helpers/cli-setup.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

/** A user error: exit code 1, the expected message, and never a stack trace or "unexpected error". */
function assertUserError(result: CliResult, message: RegExp): void {
  assert.equal(result.code, 1, `exit code 1 expected; stdout: ${result.stdout} stderr: ${result.stderr}`);
  assert.match(result.stderr, message);
  assert.doesNotMatch(result.stderr, /unexpected error|\n\s+at /, 'no stack trace');
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('user errors are clean: a message and exit code 1, never a stack trace or a hang', () => {
  let sandbox: RunSignupSandbox;
  let store: CliStore;
  let env: Record<string, string>;
  let partner: string;
  let connection: string;

  before(async () => {
    sandbox = await startRunSignupSandbox({ seed: 4, partners: 2, racesPerPartner: 1, eventsPerRace: 1, participantsPerEvent: 3, pastShare: 0 });
    store = await cliEngines()[0]!.create();
    env = { ...store.env, P88_SECRET_KEY: KEY_A };
    ({ partner, connection } = await addRunSignupPartner(env, sandbox, { name: 'Errors', settings: ['retryBaseMs=1'] }));
  });
  after(async () => {
    await sandbox.close();
    await store.dispose();
  });

  it('an unknown provider lists the providers', async () => {
    assertUserError(await runCli(['connection', 'add', '--partner', partner, '--provider', 'foo'], env), /Unknown provider "foo"; the providers are: runsignup/);
  });

  it('a bad P88_SECRET_KEY is listed with the other configuration problems, and the process exits', async () => {
    assertUserError(await runCli(['partner', 'list'], { ...store.env, P88_SECRET_KEY: 'abcd', P88_DELETE_GUARD: '7' }), /P88_SECRET_KEY: must be 32 bytes[\s\S]*P88_DELETE_GUARD/);
    const child = spawnP88(['partner', 'list'], { ...store.env, P88_SECRET_KEY: 'abcd' });
    const ended = await Promise.race([child.done, new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000))]);
    if (ended === null) child.child.kill('SIGKILL');
    assert.equal(ended?.code, 1, 'exits by itself with code 1');
  });

  it('a damaged key file is named', async () => {
    const other = await cliEngines()[0]!.create();
    try {
      writeFileSync(join(other.env.P88_DATA_DIR!, 'secret.key'), 'not a key\n');
      assertUserError(await runCli(['partner', 'list'], other.env), /key file .*secret\.key is damaged/);
    } finally {
      await other.dispose();
    }
  });

  it('a different valid key: adding is refused, tests and syncs say the key cannot decrypt, the worker raises one alert', async () => {
    const wrong = { ...store.env, P88_SECRET_KEY: KEY_B };
    const [, second] = sandbox.credentials;
    assertUserError(await runCli([
      'connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', second!.apiKey, '--api-secret', second!.apiSecret,
    ], wrong), /cannot decrypt the stored credentials.*refusing to store/);
    assertUserError(await runCli(['connection', 'test', connection], wrong), /this key \(P88_SECRET_KEY\) cannot decrypt the stored credentials/);
    assertUserError(await runCli(['sync', '--partner', partner], wrong), /cannot decrypt the stored credentials/);
    for (let i = 0; i < 2; i++) assertUserError(await runCli(['worker'], wrong), /cannot decrypt the stored credentials.*; the worker cannot run any connection/);
    const status = await runCliJson<{ partners: unknown[] }>(['status'], env);
    assert.equal(status.partners.length, 1);
    const db = await store.open();
    try {
      const alerts = await db.query<{ kind: string }>("select kind from alerts where kind = 'secret_key_mismatch'");
      assert.equal(alerts.length, 1, 'one alert, however often the worker starts');
    } finally {
      await db.close();
    }
  });

  it('an unusable data folder fails at once', async () => {
    const started = Date.now();
    assertUserError(await runCli(['partner', 'list'], { P88_DATA_DIR: '/proc/x', P88_SECRET_KEY: KEY_A, P88_LOG_LEVEL: 'warn' }), /data folder \/proc\/x/);
    assert.ok(Date.now() - started < 10_000);
  });

  it('a provider at a port where nothing listens is named by host and port, and a one-letter secret mangles nothing', async () => {
    const port = await closedPort();
    const other = String((await runCliJson(['partner', 'add', '--name', 'Closed Port'], env)).id);
    const id = String((await runCliJson([
      'connection', 'add', '--partner', other, '--provider', 'runsignup', '--api-key', 'k', '--api-secret', 'r',
      '--base-url', `http://127.0.0.1:${port}/Rest`, '--setting', 'maxAttempts=1',
    ], env)).id);
    const result = await runCli(['connection', 'test', id], env);
    assert.equal(result.code, 2);
    assert.match(result.stdout, new RegExp(`RunSignUp GET /races: network error: connection refused by 127\\.0\\.0\\.1:${port}`));
    assert.doesNotMatch(result.stdout, /redacted/);
  });

  it('an unknown setting or a wrong value lists the provider\'s settings', async () => {
    const add = (setting: string) => runCli([
      'connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', 'x', '--api-secret', 'y', '--setting', setting,
    ], env);
    assertUserError(await add('bogus=1'), /"bogus" is not a RunSignUp setting.*Its settings are: timeoutMs \(default 30000\).*participantsPageSize/);
    assertUserError(await add('participantsPageSize=99999'), /participantsPageSize: .*2500.*Its settings are/);
    assertUserError(await runCli(['connection', 'update', connection, '--setting', 'bogus=1'], env), /"bogus" is not a RunSignUp setting/);
  });

  it('an empty partner name is refused', async () => {
    assertUserError(await runCli(['partner', 'add', '--name', ''], env), /--name must not be empty/);
    assertUserError(await runCli(['partner', 'add', '--name', '   '], env), /--name must not be empty/);
  });

  it('a race that does not exist, a paused connection, another partner\'s connection and --to before --from', async () => {
    assertUserError(await runCli(['sync', '--partner', partner, '--race', '999999'], env), /No race or event "999999" of partner \d+/);
    const other = String((await runCliJson(['partner', 'add', '--name', 'Other'], env)).id);
    assertUserError(await runCli(['backfill', '--partner', other, '--connection', connection], env), new RegExp(`Connection ${connection} belongs to partner ${partner}, not to partner ${other}`));
    assertUserError(await runCli(['backfill', '--partner', partner, '--from', '2025-02-01', '--to', '2025-01-01'], env), /--to .* must come after --from/);
    await runCliJson(['connection', 'pause', connection], env);
    try {
      assertUserError(await runCli(['sync', '--partner', partner, '--connection', connection], env), /Connection \d+ is paused/);
    } finally {
      await runCliJson(['connection', 'resume', connection], env);
    }
  });

  it('exit code 1, not 2, when every run failed', async () => {
    // A partner with nothing stored yet; discovery's call and its two retries (maxAttempts 3) fail.
    const { partner: fresh } = await addRunSignupPartner(env, sandbox, { name: 'All Fail', credential: 1, settings: ['retryBaseMs=1'] });
    sandbox.injectFault({ kind: '5xx', count: 3 });
    const result = await runCli(['sync', '--partner', fresh, '--json'], env);
    assert.equal(result.code, 1, result.stderr);
    const summary = JSON.parse(result.stdout);
    assert.deepEqual([summary.totals.runs, summary.totals.failed], [1, 1]);
  });

  it('flags a command would ignore are not offered', async () => {
    for (const flag of ['--bib=12', '--allow-mass-delete', '--full']) {
      assertUserError(await runCli(['results', '--partner', partner, flag], env), /unknown option/);
    }
    assertUserError(await runCli(['sync', '--partner', partner, '--results', '--bib', '12'], env), /--bib refreshes one participant/);
    assertUserError(await runCli([
      'connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', 'x', '--api-secret', 'y', '--client-id', 'z',
    ], env), /client-id/);
    const help = await runCli(['connection', 'add', '--help'], env);
    assert.match(help.stdout, /runsignup\s+--api-key --api-secret/);
  });
});
