import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runCli, runCliJson } from '../helpers/cli.js';
import { cliEngines, type CliStore } from '../helpers/database.js';
import { call } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/p88.js', import.meta.url));

/** `p88 serve` in a child process; resolves with its URL once it listens. */
async function startServe(env: Record<string, string>, args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`serve did not listen: ${stderr}`)), 60_000).unref();
  });
  return { child, url, stderr: () => stderr };
}

for (const engine of cliEngines()) {
  describe(`p88 serve, token and webhook commands (${engine.name})`, () => {
    let store: CliStore;
    let partnerId: number;

    before(async () => {
      store = await engine.create();
      partnerId = (await runCliJson<{ id: number }>(['partner', 'add', '--name', 'Serve Timing'], store.env)).id;
    });
    after(() => store?.dispose());

    it('token create prints the token once; list never shows it; revoke', async () => {
      const created = await runCliJson<{ id: number; token: string; scope: string }>(['token', 'create', '--partner', String(partnerId), '--name', 'display'], store.env);
      assert.match(created.token, /^p88_[A-Za-z0-9_-]{43}$/);
      assert.equal(created.scope, 'read');
      const listed = await runCli(['token', 'list'], store.env);
      assert.equal(listed.code, 0);
      assert.ok(!listed.stdout.includes(created.token));
      assert.match(listed.stdout, /display/);
      const db = await store.open();
      try {
        const rows = await db.query<{ token_hash: string }>('select token_hash from api_tokens');
        assert.ok(rows.every((r) => r.token_hash.length === 64 && !created.token.includes(r.token_hash)), 'only a hash is stored');
      } finally {
        await db.close();
      }
      assert.equal((await runCli(['token', 'revoke', String(created.id)], store.env)).code, 0);
      assert.equal((await runCli(['token', 'revoke', String(created.id)], store.env)).code, 1);
      const bad = await runCli(['token', 'create'], store.env);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--partner <id> or --admin/);
      assert.equal((await runCli(['token', 'create', '--partner', String(partnerId), '--scope', 'write'], store.env)).code, 1);
    });

    it('webhook add prints its secret once; list; remove', async () => {
      const added = await runCliJson<{ id: number; secret: string }>(['webhook', 'add', '--url', 'http://127.0.0.1:9/hook', '--events', 'auth_failed,throttled'], store.env);
      assert.ok(added.secret.length >= 30);
      const listed = await runCliJson<{ id: number; events: string[] }[]>(['webhook', 'list'], store.env);
      assert.deepEqual(listed.map((w) => [w.id, w.events]), [[added.id, ['auth_failed', 'throttled']]]);
      assert.ok(!JSON.stringify(listed).includes(added.secret));
      assert.equal((await runCli(['webhook', 'add', '--url', 'ftp://x'], store.env)).code, 1);
      assert.equal((await runCli(['webhook', 'remove', String(added.id)], store.env)).code, 0);
      assert.deepEqual(await runCliJson(['webhook', 'list'], store.env), []);
    });

    it('serves with its worker, is ready, and stops on SIGTERM after answering the request in flight', async () => {
      const token = (await runCliJson<{ token: string }>(['token', 'create', '--partner', String(partnerId)], store.env)).token;
      const { child, url, stderr } = await startServe(store.env, ['--with-worker']);
      try {
        assert.deepEqual((await call(url, '/healthz')).body, { status: 'ok' });
        let ready = await call(url, '/readyz');
        for (let i = 0; i < 50 && ready.status !== 200; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          ready = await call(url, '/readyz');
        }
        assert.equal(ready.status, 200, ready.text);
        assert.equal((await call(url, '/v1/events', { token })).status, 200);
        const t0 = Date.now();
        const inFlight = call(url, '/v1/changes?after=0&wait=20', { token });
        await new Promise((resolve) => setTimeout(resolve, 300));
        child.kill('SIGTERM');
        const answer = await inFlight;
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.body, { data: [], next_after: 0 });
        const [code] = await once(child, 'exit');
        assert.equal(code, 0, stderr());
        assert.ok(Date.now() - t0 < 15_000);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });

    it('refuses a port it cannot have with a message', async () => {
      const result = await runCli(['serve', '--port', 'eighty'], store.env);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /--port must be a port number/);
    });
  });
}
