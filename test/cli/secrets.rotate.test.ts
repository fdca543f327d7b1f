import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { addRunSignupPartner } from '../helpers/cli-setup.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);

for (const engine of cliEngines()) {
  describe(`p88 secrets rotate (${engine.name})`, () => {
    let sandbox: RunSignupSandbox;
    let store: CliStore;

    before(async () => {
      sandbox = await startRunSignupSandbox({ seed: 23, partners: 2, racesPerPartner: 1, eventsPerRace: 1, participantsPerEvent: 3, pastShare: 0 });
      store = await engine.create();
    });
    after(async () => {
      await sandbox.close();
      await store.dispose();
    });

    it('re-seals every credential under the new key in one go; the old key is refused afterwards, and a wrong current key rotates nothing', async () => {
      const withA = { ...store.env, P88_SECRET_KEY: KEY_A };
      const withB = { ...store.env, P88_SECRET_KEY: KEY_B };
      const { partner, connection } = await addRunSignupPartner(withA, sandbox, { name: 'Rotating' });
      const refused = await runCli(['secrets', 'rotate', '--new-key', KEY_A], withB);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /cannot decrypt the stored credentials.*; rotate with the key the credentials were stored with/);
      const rotated = await runCliJson<{ connections: number; keyNowIn: string }>(['secrets', 'rotate', '--new-key', KEY_B], withA);
      assert.equal(rotated.connections, 1);
      assert.match(rotated.keyNowIn, /P88_SECRET_KEY: set it to the new key/);
      assert.equal((await runCli(['connection', 'test', connection], withB)).code, 0, 'the new key opens the credentials');
      const old = await runCli(['connection', 'test', connection], withA);
      assert.equal(old.code, 1);
      assert.match(old.stderr, /cannot decrypt the stored credentials/);
      // The account fingerprint moved with the key: the same account is still refused a second time.
      const [credential] = sandbox.credentials;
      const again = await runCli(['connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', credential!.apiKey,
        '--api-secret', 'x', '--base-url', sandbox.baseUrl], withB);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /already has connection/);
    });

    it('a generated key file is replaced by the new key', async () => {
      const other = await engine.create();
      try {
        await addRunSignupPartner(other.env, sandbox, { name: 'Key File', credential: 1 });
        const rotated = await runCliJson<{ keyNowIn: string }>(['secrets', 'rotate', '--new-key', KEY_B], other.env);
        const keyFile = join(other.env.P88_DATA_DIR!, 'secret.key');
        assert.equal(rotated.keyNowIn, keyFile);
        assert.equal(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64').toString('hex'), KEY_B);
        assert.equal((await runCli(['connection', 'test', '1'], other.env)).code, 0);
      } finally {
        await other.dispose();
      }
    });
  });
}
